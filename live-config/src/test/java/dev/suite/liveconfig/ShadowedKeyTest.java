package dev.suite.liveconfig;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShadowedKeyTest {

    private static final List<String> CONTEXTS = List.of("config/gateway/", "config/application/");

    @Test
    void aDottedKeyIsShadowedByTheSlashKeyForTheSameProperty() {
        List<ShadowedKey> shadowed = ShadowedKey.find(CONTEXTS, List.of(
                "config/application/loadbalancing.services.inventory-service.policy",
                "config/application/loadbalancing/services/inventory-service/policy"));

        assertThat(shadowed).containsExactly(new ShadowedKey("loadbalancing.services.inventory-service.policy",
                "config/application/loadbalancing.services.inventory-service.policy",
                "config/application/loadbalancing/services/inventory-service/policy"));
    }

    @Test
    void theSamePropertyInTwoContextsIsNotShadowingButPrecedence() {
        assertThat(ShadowedKey.find(CONTEXTS, List.of("config/application/a/b", "config/gateway/a/b"))).isEmpty();
    }

    @Test
    void keysOutsideTheContextsAreIgnored() {
        assertThat(ShadowedKey.find(CONTEXTS, List.of("config/order-service/a.b", "config/order-service/a/b"))).isEmpty();
    }
}
