package dev.suite.loadbalancing;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.info.Info;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class LoadBalancingInfoTest {

    @Test
    void showsThePoliciesInForceAfterALiveSwitch() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("shared",
                Map.of("loadbalancing.services.inventory-service.policy", "round-robin")));
        LoadBalancingSettings settings = new LoadBalancingSettings(environment);
        LoadBalancingInfo info = new LoadBalancingInfo(settings);
        assertThat(policies(info)).containsExactly(Map.entry("inventory-service", "round-robin"));

        environment.getPropertySources().replace("shared", new MapPropertySource("shared",
                Map.of("loadbalancing.services.inventory-service.policy", "least-connections")));
        settings.onApplicationEvent(new EnvironmentChangeEvent(Set.of("loadbalancing.services.inventory-service.policy")));

        assertThat(policies(info)).containsExactly(Map.entry("inventory-service", "least-connections"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> policies(LoadBalancingInfo info) {
        Info.Builder builder = new Info.Builder();
        info.contribute(builder);
        return (Map<String, String>) ((Map<String, Object>) builder.build().getDetails().get("loadbalancing")).get("policies");
    }
}
