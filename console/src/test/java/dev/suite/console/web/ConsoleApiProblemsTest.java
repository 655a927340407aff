package dev.suite.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Refusals are RFC 9457 problem details; writes from another site are refused before anything is forwarded. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "console.registry=http://127.0.0.1:1", "console.dns=127.0.0.1:1", "console.consensus-nodes="})
class ConsoleApiProblemsTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> put(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .PUT(HttpRequest.BodyPublishers.ofString("value"));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aWriteFromAnotherSiteIsRefused() throws Exception {
        HttpResponse<String> answer = put("/api/kv?key=config/a&cas=0", "Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site");

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.body()).contains("cross-site");
    }

    @Test
    void aKeyOutsideTheConfigurationTreeIsRefused() throws Exception {
        HttpResponse<String> answer = put("/api/kv?key=secrets/a&cas=0");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("config/");
    }

    @Test
    void aNonNumericCasIsABadRequest() throws Exception {
        HttpResponse<String> answer = put("/api/kv?key=config/a&cas=latest");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void maintenanceOfAnInstanceNotInTheCatalogIsNotForwarded() throws Exception {
        HttpResponse<String> answer = put("/api/services/instances/not-registered/maintenance?enable=true");

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("not-registered");
    }

    @Test
    void anUnreachableRegistryIsABadGatewayProblem() throws Exception {
        HttpResponse<String> answer = put("/api/kv?key=config/a&cas=0", "Sec-Fetch-Site", "same-origin");

        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.body()).contains("unreachable");
    }
}
