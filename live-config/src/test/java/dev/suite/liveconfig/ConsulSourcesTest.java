package dev.suite.liveconfig;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.consul.model.http.kv.GetValue;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ConsulSourcesTest {

    private static final List<String> CONTEXTS = List.of("config/orders/", "config/application/");

    @Test
    void replacesEachContextsSourceInPlaceAndNamesWhatChanged() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("config/application/",
                Map.of("shared.kept", "1", "shared.removed", "x")));
        environment.getPropertySources().addFirst(new MapPropertySource("config/orders/", Map.of("limit", "20")));

        Optional<Set<String>> changed = ConsulSources.update(environment, CONTEXTS, List.of(
                value("config/application/", null), value("config/application/shared/kept", "1"),
                value("config/orders/limit", "21"), value("config/orders/added", "yes"),
                value("config/other-service/limit", "99")));

        assertThat(changed).contains(Set.of("limit", "added", "shared.removed"));
        assertThat(environment.getProperty("limit")).isEqualTo("21");
        assertThat(environment.getProperty("added")).isEqualTo("yes");
        assertThat(environment.getProperty("shared.removed")).isNull();
        assertThat(environment.getPropertySources().stream().map(source -> source.getName()).toList())
                .startsWith("config/orders/", "config/application/");
    }

    @Test
    void leavesTheEnvironmentAloneWhenAContextHasNoSourceOfItsOwn() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("config/orders/", Map.of("limit", "20")));

        assertThat(ConsulSources.update(environment, CONTEXTS, List.of(value("config/orders/limit", "21")))).isEmpty();
        assertThat(environment.getProperty("limit")).isEqualTo("20");
    }

    static GetValue value(String key, String value) {
        GetValue kv = new GetValue();
        kv.setKey(key);
        kv.setValue(value == null ? null : Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        return kv;
    }
}
