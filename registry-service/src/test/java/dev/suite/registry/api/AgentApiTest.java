package dev.suite.registry.api;

import dev.suite.registry.ConsulHttp;
import dev.suite.registry.ConsulHttp.Reply;
import dev.suite.registry.RegistryTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@RegistryTest
class AgentApiTest {

    @LocalServerPort
    int port;
    ConsulHttp consul;

    @BeforeEach
    void cleanCatalog() {
        consul = new ConsulHttp(port);
        consul.deregisterAll();
    }

    @Test
    void registeredServiceIsListedByTheAgentWithConsulFieldNames() {
        consul.register("""
                {"ID":"web-1","Name":"web","Tags":["v1"],"Address":"10.1.2.3","Port":8080,"Meta":{"zone":"a"}}""");

        JsonNode service = consul.get("/v1/agent/services").json().get("web-1");

        assertThat(service.get("ID").asString()).isEqualTo("web-1");
        assertThat(service.get("Service").asString()).isEqualTo("web");
        assertThat(service.get("Tags").get(0).asString()).isEqualTo("v1");
        assertThat(service.get("Address").asString()).isEqualTo("10.1.2.3");
        assertThat(service.get("Port").asInt()).isEqualTo(8080);
        assertThat(service.get("Meta").get("zone").asString()).isEqualTo("a");
        assertThat(consul.get("/v1/agent/service/web-1").json().get("Service").asString()).isEqualTo("web");
    }

    @Test
    void fieldNamesAreMatchedCaseInsensitivelyAsGoDoes() {
        consul.register("""
                {"id":"web-1","name":"web","port":80,"check":{"ttl":"10s","deregister_critical_service_after":"1m"}}""");
        assertThat(consul.get("/v1/agent/checks").json().get("service:web-1").get("Type").asString()).isEqualTo("ttl");
    }

    @Test
    void reRegisteringAnIdReplacesTheService() {
        consul.register("{\"ID\":\"web-1\",\"Name\":\"web\",\"Port\":80,\"Tags\":[\"old\"]}");
        consul.register("{\"ID\":\"web-1\",\"Name\":\"web\",\"Port\":81,\"Tags\":[\"new\"]}");

        JsonNode services = consul.get("/v1/agent/services").json();
        assertThat(services.size()).isEqualTo(1);
        assertThat(services.get("web-1").get("Port").asInt()).isEqualTo(81);
        assertThat(consul.get("/v1/catalog/services").json().get("web").get(0).asString()).isEqualTo("new");
    }

    @Test
    void deregisterRemovesTheService() {
        consul.register("{\"ID\":\"web-1\",\"Name\":\"web\",\"Port\":80}");
        assertThat(consul.put("/v1/agent/service/deregister/web-1").status()).isEqualTo(200);
        assertThat(consul.get("/v1/health/service/web").json().size()).isZero();
        assertThat(consul.get("/v1/agent/service/web-1").status()).isEqualTo(404);
    }

    @Test
    void deregisteringAnUnknownIdIsA404WithConsulsText() {
        Reply reply = consul.put("/v1/agent/service/deregister/nope");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.contentType()).startsWith("text/plain");
        assertThat(reply.body()).isEqualTo(
                "Unknown service ID \"nope\". Ensure that the service ID is passed, not the service name.");
    }

    @Test
    void maintenanceModeMakesTheInstanceCriticalWithConsulsMaintenanceCheck() {
        consul.register("{\"ID\":\"web-1\",\"Name\":\"web\",\"Port\":80}");

        assertThat(consul.put("/v1/agent/service/maintenance/web-1?enable=true&reason=upgrade").status())
                .isEqualTo(200);

        assertThat(consul.get("/v1/health/service/web?passing").json().size()).isZero();
        JsonNode checks = consul.get("/v1/health/service/web").json().get(0).get("Checks");
        JsonNode maintenance = checks.get(1);
        assertThat(maintenance.get("CheckID").asString()).isEqualTo("_service_maintenance:web-1");
        assertThat(maintenance.get("Name").asString()).isEqualTo("Service Maintenance Mode");
        assertThat(maintenance.get("Status").asString()).isEqualTo("critical");
        assertThat(maintenance.get("Notes").asString()).isEqualTo("upgrade");

        consul.put("/v1/agent/service/maintenance/web-1?enable=false");
        assertThat(consul.get("/v1/health/service/web?passing").json().size()).isEqualTo(1);
    }

    @Test
    void maintenanceNeedsEnableAndAKnownService() {
        consul.register("{\"ID\":\"web-1\",\"Name\":\"web\",\"Port\":80}");
        Reply missing = consul.put("/v1/agent/service/maintenance/web-1");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).isEqualTo("Missing value for enable");
        assertThat(consul.put("/v1/agent/service/maintenance/nope?enable=true").status()).isEqualTo(404);
    }

    @Test
    void ttlCheckFollowsPassWarnAndFail() {
        consul.register("{\"ID\":\"web-1\",\"Name\":\"web\",\"Port\":80,\"Check\":{\"TTL\":\"30s\"}}");
        assertThat(status("service:web-1")).isEqualTo("critical");

        consul.put("/v1/agent/check/pass/service:web-1?note=fine");
        assertThat(status("service:web-1")).isEqualTo("passing");
        assertThat(consul.get("/v1/agent/checks").json().get("service:web-1").get("Output").asString()).isEqualTo("fine");

        consul.put("/v1/agent/check/warn/service:web-1");
        assertThat(status("service:web-1")).isEqualTo("warning");
        assertThat(consul.get("/v1/health/service/web?passing").json().size()).isZero();

        consul.put("/v1/agent/check/fail/service:web-1");
        assertThat(status("service:web-1")).isEqualTo("critical");

        consul.put("/v1/agent/check/update/service:web-1", "{\"Status\":\"passing\",\"Output\":\"back\"}");
        assertThat(status("service:web-1")).isEqualTo("passing");
    }

    @Test
    void passingAnUnknownCheckIsA404() {
        Reply reply = consul.put("/v1/agent/check/pass/service:nope");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).startsWith("Unknown check ID \"service:nope\"");
    }

    @Test
    void severalChecksGetNumberedIdsAndTheWorstDecides() {
        consul.register("""
                {"ID":"web-1","Name":"web","Port":80,"Checks":[{"TTL":"30s","Status":"passing"},{"TTL":"30s","Status":"warning"}]}""");
        JsonNode checks = consul.get("/v1/agent/checks").json();
        assertThat(checks.propertyNames()).containsExactlyInAnyOrder("service:web-1:1", "service:web-1:2");
        assertThat(consul.get("/v1/health/service/web?passing").json().size()).isZero();
        assertThat(consul.get("/v1/health/service/web").json().size()).isEqualTo(1);
    }

    @Test
    void registrationWithoutCheckIsPassing() {
        consul.register("{\"ID\":\"web-1\",\"Name\":\"web\",\"Port\":80}");
        assertThat(consul.get("/v1/health/service/web?passing").json().size()).isEqualTo(1);
    }

    @Test
    void idDefaultsToTheName() {
        consul.register("{\"Name\":\"web\",\"Port\":80}");
        assertThat(consul.serviceIds()).containsExactly("web");
    }

    private String status(String checkId) {
        return consul.get("/v1/agent/checks").json().get(checkId).get("Status").asString();
    }
}
