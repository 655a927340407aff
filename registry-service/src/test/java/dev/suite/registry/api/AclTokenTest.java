package dev.suite.registry.api;

import java.util.Map;

import dev.suite.registry.ConsulHttp;
import dev.suite.registry.ConsulHttp.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.consul.enabled=false", "spring.cloud.discovery.enabled=false",
        "registry.dns.enabled=false", "registry.acl-token=s3cret"})
class AclTokenTest {

    private static final String SERVICE = "{\"ID\":\"web-1\",\"Name\":\"web\",\"Port\":80}";

    @LocalServerPort
    int port;
    ConsulHttp consul;

    @BeforeEach
    void client() {
        consul = new ConsulHttp(port);
    }

    @Test
    void writeWithoutTokenIsForbiddenAndChangesNothing() {
        Reply reply = consul.put("/v1/agent/service/register", SERVICE);
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).isEqualTo("Permission denied");
        assertThat(consul.get("/v1/agent/services").json().has("web-1")).isFalse();
    }

    @Test
    void writeWithAWrongTokenIsForbidden() {
        assertThat(consul.put("/v1/agent/service/register", SERVICE, Map.of("X-Consul-Token", "guess")).status())
                .isEqualTo(403);
    }

    @Test
    void writeWithTheTokenInAnyOfConsulsPlacesIsAccepted() {
        assertThat(consul.put("/v1/agent/service/register", SERVICE, Map.of("X-Consul-Token", "s3cret")).status())
                .isEqualTo(200);
        assertThat(consul.put("/v1/agent/service/deregister/web-1",
                "", Map.of("Authorization", "Bearer s3cret")).status()).isEqualTo(200);
        assertThat(consul.put("/v1/agent/service/register?token=s3cret", SERVICE).status()).isEqualTo(200);
        assertThat(consul.put("/v1/agent/service/deregister/web-1?token=s3cret").status()).isEqualTo(200);
    }

    @Test
    void readsNeedNoToken() {
        assertThat(consul.get("/v1/catalog/services").status()).isEqualTo(200);
    }
}
