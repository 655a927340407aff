package dev.suite.console.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

class ServiceWatcherTest {

    /** An instance in maintenance, as Consul's /v1/health/service/<name> answers. */
    private static final String HEALTH = """
            [{"Node":{"Node":"suite-registry","Address":"10.0.0.9"},
              "Service":{"ID":"order-1","Service":"order-service","Tags":["v1"],"Address":"","Port":8081,
                         "Meta":{"weight":"3"}},
              "Checks":[{"CheckID":"serfHealth","Name":"Serf Health Status","Status":"passing","Output":"alive"},
                        {"CheckID":"service:order-1","Name":"health","Status":"warning","Output":"slow"},
                        {"CheckID":"_service_maintenance:order-1","Name":"Service Maintenance Mode","Status":"critical",
                         "Output":"suite console"}]}]
            """;

    @Test
    void anInstanceTakesItsWorstCheckTheNodeAddressWhenItHasNoneAndItsWeightFromMeta() {
        List<ServiceInstance> instances = ServiceWatcher.parse(JsonMapper.builder().build().readTree(HEALTH));

        assertThat(instances).singleElement().satisfies(instance -> {
            assertThat(instance.id()).isEqualTo("order-1");
            assertThat(instance.status()).isEqualTo("critical");
            assertThat(instance.maintenance()).isTrue();
            assertThat(instance.address()).isEqualTo("10.0.0.9");
            assertThat(instance.weight()).isEqualTo("3");
            assertThat(instance.tags()).containsExactly("v1");
            assertThat(instance.checks()).extracting(ServiceInstance.Check::output).containsExactly("alive", "slow", "suite console");
        });
    }
}
