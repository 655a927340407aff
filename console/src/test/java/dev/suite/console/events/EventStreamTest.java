package dev.suite.console.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The stream over real HTTP, with nothing to watch (every upstream address refuses connections). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "console.registry=http://127.0.0.1:1", "console.dns=127.0.0.1:1", "console.consensus-nodes="})
class EventStreamTest {

    record Received(long id, String type, String data) {
    }

    @LocalServerPort
    int port;

    @Autowired
    EventHub hub;

    @Test
    void aStreamResumedWithLastEventIdStartsRightAfterThatEvent() throws Exception {
        hub.publish("kv-change", Map.of("key", "config/first"));
        long seen = hub.replay(null).stream().filter(e -> e.type().equals("kv-change")).mapToLong(ConsoleEvent::id).max().orElseThrow();
        hub.publish("kv-change", Map.of("key", "config/second"));
        hub.publish("kv-change", Map.of("key", "config/third"));

        List<Received> events = read(seen, 2, received -> received.stream().filter(e -> e.type().equals("kv-change")).count() >= 2);

        assertThat(events).allSatisfy(e -> assertThat(e.id()).isGreaterThan(seen));
        assertThat(events).extracting(Received::type).doesNotContain("reset");
        assertThat(events).filteredOn(e -> e.type().equals("kv-change")).extracting(Received::data)
                .containsExactly("{\"key\":\"config/second\"}", "{\"key\":\"config/third\"}");
    }

    @Test
    void aNewStreamStartsWithAResetAndTheFeed() throws Exception {
        hub.publish("kv-change", Map.of("key", "config/fresh"));

        List<Received> events = read(null, 2, received -> received.stream().anyMatch(e -> e.data().contains("config/fresh")));

        assertThat(events.get(0).type()).isEqualTo("reset");
    }

    private List<Received> read(Long lastEventId, int atLeast, java.util.function.Predicate<List<Received>> enough) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events"))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", Long.toString(lastEventId));
        }
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        CompletableFuture<List<Received>> events = CompletableFuture.supplyAsync(() -> {
            List<Received> received = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                long id = -1;
                String type = "message";
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("id:")) {
                        id = Long.parseLong(line.substring(3).trim());
                    } else if (line.startsWith("event:")) {
                        type = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        received.add(new Received(id, type, line.substring(5)));
                        if (received.size() >= atLeast && enough.test(received)) {
                            return received;
                        }
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return received;
        });
        return events.get(Duration.ofSeconds(20).toSeconds(), TimeUnit.SECONDS);
    }
}
