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
class ReadApiTest {

    @LocalServerPort
    int port;
    ConsulHttp consul;

    @BeforeEach
    void registerTwoWebInstancesOneFailing() {
        consul = new ConsulHttp(port);
        consul.deregisterAll();
        consul.register("{\"ID\":\"web-1\",\"Name\":\"web\",\"Port\":8081,\"Tags\":[\"blue\"]}");
        consul.register("""
                {"ID":"web-2","Name":"web","Port":8082,"Address":"10.0.0.2","Tags":["green"],"Check":{"TTL":"30s"}}""");
        consul.register("{\"ID\":\"db-1\",\"Name\":\"db\",\"Port\":5432}");
    }

    @Test
    void healthServiceListsEveryInstanceWithNodeServiceAndChecks() {
        JsonNode entries = consul.get("/v1/health/service/web").json();
        assertThat(entries.size()).isEqualTo(2);
        JsonNode first = entries.get(0);
        assertThat(first.get("Node").get("Node").asString()).isEqualTo("suite-registry");
        assertThat(first.get("Node").get("Address").asString()).isEqualTo("127.0.0.1");
        assertThat(first.get("Service").get("ID").asString()).isEqualTo("web-1");
        assertThat(first.get("Checks").get(0).get("CheckID").asString()).isEqualTo("serfHealth");
    }

    @Test
    void passingLeavesOutInstancesWithAFailingCheck() {
        assertThat(ids(consul.get("/v1/health/service/web?passing").json())).containsExactly("web-1");
        assertThat(ids(consul.get("/v1/health/service/web?passing=true").json())).containsExactly("web-1");
        assertThat(ids(consul.get("/v1/health/service/web?passing=false").json())).containsExactly("web-1", "web-2");
    }

    @Test
    void tagFiltersInstances() {
        assertThat(ids(consul.get("/v1/health/service/web?tag=green").json())).containsExactly("web-2");
        assertThat(consul.get("/v1/catalog/service/web?tag=blue").json().get(0).get("ServiceID").asString())
                .isEqualTo("web-1");
    }

    @Test
    void addressIsEmptyWhenNotRegisteredAndTheNodeAddressStandsIn() {
        JsonNode entry = consul.get("/v1/health/service/web?tag=blue").json().get(0);
        assertThat(entry.get("Service").get("Address").asString()).isEmpty();
        assertThat(entry.get("Node").get("Address").asString()).isEqualTo("127.0.0.1");
        JsonNode catalogEntry = consul.get("/v1/catalog/service/web?tag=blue").json().get(0);
        assertThat(catalogEntry.get("Address").asString()).isEqualTo("127.0.0.1");
        assertThat(catalogEntry.get("ServiceAddress").asString()).isEmpty();
    }

    @Test
    void catalogServicesMapsNamesToTags() {
        JsonNode services = consul.get("/v1/catalog/services").json();
        assertThat(services.propertyNames()).containsExactly("db", "web");
        assertThat(services.get("web").toString()).isEqualTo("[\"blue\",\"green\"]");
    }

    @Test
    void catalogServiceUsesConsulsFieldNames() {
        JsonNode entry = consul.get("/v1/catalog/service/db").json().get(0);
        assertThat(entry.get("ServiceID").asString()).isEqualTo("db-1");
        assertThat(entry.get("ServiceName").asString()).isEqualTo("db");
        assertThat(entry.get("ServicePort").asInt()).isEqualTo(5432);
        assertThat(entry.get("Node").asString()).isEqualTo("suite-registry");
        assertThat(entry.get("Datacenter").asString()).isEqualTo("dc1");
    }

    @Test
    void catalogNodesListsTheAgentNode() {
        JsonNode nodes = consul.get("/v1/catalog/nodes").json();
        assertThat(nodes.size()).isEqualTo(1);
        assertThat(nodes.get(0).get("Address").asString()).isEqualTo("127.0.0.1");
    }

    @Test
    void healthChecksAndStateListChecks() {
        assertThat(consul.get("/v1/health/checks/web").json().get(0).get("ServiceID").asString()).isEqualTo("web-2");
        JsonNode critical = consul.get("/v1/health/state/critical").json();
        assertThat(critical.size()).isEqualTo(1);
        assertThat(critical.get(0).get("CheckID").asString()).isEqualTo("service:web-2");
    }

    @Test
    void statusNamesThisNodeAsLeaderAndOnlyPeer() {
        Reply leader = consul.get("/v1/status/leader");
        assertThat(leader.body()).isEqualTo("\"127.0.0.1:8300\"");
        assertThat(consul.get("/v1/status/peers").json().get(0).asString()).isEqualTo("127.0.0.1:8300");
    }

    @Test
    void everyReadAnswersWithAnIndex() {
        for (String path : new String[] {"/v1/agent/services", "/v1/agent/checks", "/v1/catalog/services",
                "/v1/catalog/service/web", "/v1/catalog/nodes", "/v1/health/service/web",
                "/v1/health/checks/web", "/v1/health/state/any", "/v1/health/service/unknown"}) {
            Reply reply = consul.get(path);
            assertThat(reply.status()).as(path).isEqualTo(200);
            assertThat(reply.index()).as(path).isPositive();
        }
    }

    @Test
    void unknownServiceIsAnEmptyList() {
        assertThat(consul.get("/v1/health/service/unknown").body()).isEqualTo("[]");
    }

    private static java.util.List<String> ids(JsonNode entries) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        entries.forEach(e -> ids.add(e.get("Service").get("ID").asString()));
        return ids;
    }
}
