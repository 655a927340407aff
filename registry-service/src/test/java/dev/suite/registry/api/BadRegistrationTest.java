package dev.suite.registry.api;

import dev.suite.registry.ConsulHttp;
import dev.suite.registry.ConsulHttp.Reply;
import dev.suite.registry.RegistryTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@RegistryTest
class BadRegistrationTest {

    @LocalServerPort
    int port;
    ConsulHttp consul;

    @BeforeEach
    void cleanCatalog() {
        consul = new ConsulHttp(port);
        consul.deregisterAll();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON          | {"ID":"bad","Name":"web",                                    | Request decode failed:
            missing Name            | {"ID":"bad","Port":80}                                        | Missing service name
            port out of range       | {"ID":"bad","Name":"web","Port":70000}                        | Invalid Port: 70000 is out of range 0-65535
            negative port           | {"ID":"bad","Name":"web","Port":-1}                           | Invalid Port
            port of wrong type      | {"ID":"bad","Name":"web","Port":"eighty"}                     | Request decode failed: json: cannot unmarshal string
            invalid interval        | {"ID":"bad","Name":"web","Check":{"HTTP":"http://localhost:1/","Interval":"10x"}} | Request decode failed: time: unknown unit "x" in duration "10x"
            invalid TTL             | {"ID":"bad","Name":"web","Check":{"TTL":"soon"}}              | Request decode failed: time:
            unknown check type      | {"ID":"bad","Name":"web","Check":{"Interval":"10s"}}          | Invalid check: Must provide TTL or HTTP or TCP and Interval
            script check            | {"ID":"bad","Name":"web","Check":{"Args":["/bin/true"],"Interval":"10s"}} | Invalid check: unsupported check type
            HTTP check w/o interval | {"ID":"bad","Name":"web","Check":{"HTTP":"http://localhost:1/"}} | Invalid check: Interval must be > 0
            bad check status        | {"ID":"bad","Name":"web","Check":{"TTL":"10s","Status":"fine"}} | Status for checks must
            not an object           | ["web"]                                                       | Request decode failed
            empty body              | ''                                                            | Request decode failed: EOF
            """)
    void badRegistrationIsA400WithConsulLikeTextAndRegistersNothing(String caseName, String body, String message) {
        Reply reply = consul.put("/v1/agent/service/register", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("text/plain");
        assertThat(reply.body()).startsWith(message);
        assertThat(consul.serviceIds()).isEmpty();
        assertThat(consul.get("/v1/agent/checks").json().size()).isZero();
    }

    @Test
    void bodyOverOneMebibyteIsA400AndRegistersNothing() {
        String padding = "x".repeat(1024 * 1024);
        Reply reply = consul.put("/v1/agent/service/register",
                "{\"ID\":\"big\",\"Name\":\"web\",\"Meta\":{\"pad\":\"" + padding + "\"}}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).startsWith("Request body too large");
        assertThat(consul.serviceIds()).isEmpty();
    }

    @Test
    void wrongMethodIsA405() {
        assertThat(consul.get("/v1/agent/check/pass/service:web-1").status()).isEqualTo(405);
    }

    @Test
    void invalidWaitIsA400() {
        Reply reply = consul.get("/v1/catalog/services?index=1&wait=soon");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).isEqualTo("Invalid wait time");
    }
}
