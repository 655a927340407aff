package dev.suite.registry.api;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.suite.registry.ConsulHttp;
import dev.suite.registry.ConsulHttp.Reply;
import dev.suite.registry.RegistryTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@RegistryTest
class BlockingQueryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;
    ConsulHttp consul;

    @BeforeEach
    void cleanCatalog() {
        consul = new ConsulHttp(port);
        consul.deregisterAll();
        consul.register("{\"ID\":\"web-1\",\"Name\":\"web\",\"Port\":80,\"Check\":{\"TTL\":\"60s\"}}");
    }

    @Test
    void aCheckChangeWakesAWaitingHealthQueryLongBeforeTheWaitEnds() {
        long index = consul.get("/v1/health/service/web").index();
        long started = System.nanoTime();
        CompletableFuture<Reply> waiting = CompletableFuture.supplyAsync(
                () -> consul.get("/v1/health/service/web?passing&index=" + index + "&wait=30s"));
        assertStillWaiting(waiting);

        consul.put("/v1/agent/check/pass/service:web-1");

        Reply reply = waiting.join();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        assertThat(elapsed).isLessThan(WAIT.dividedBy(2));
        assertThat(reply.index()).isGreaterThan(index);
        assertThat(reply.json().get(0).get("Service").get("ID").asString()).isEqualTo("web-1");
    }

    @Test
    void aRegistrationWakesAWaitingCatalogServicesQuery() {
        long index = consul.get("/v1/catalog/services").index();
        CompletableFuture<Reply> waiting = CompletableFuture.supplyAsync(
                () -> consul.get("/v1/catalog/services?index=" + index + "&wait=30s"));
        assertStillWaiting(waiting);

        consul.register("{\"ID\":\"db-1\",\"Name\":\"db\",\"Port\":5432}");

        Reply reply = waiting.join();
        assertThat(reply.json().has("db")).isTrue();
        assertThat(reply.index()).isGreaterThan(index);
    }

    @Test
    void aChangeToAnotherServiceDoesNotWakeTheQuery() {
        long index = consul.get("/v1/health/service/web").index();
        CompletableFuture<Reply> waiting = CompletableFuture.supplyAsync(
                () -> consul.get("/v1/health/service/web?index=" + index + "&wait=2s"));

        consul.register("{\"ID\":\"db-1\",\"Name\":\"db\",\"Port\":5432}");

        Reply reply = waiting.join();
        assertThat(reply.index()).isEqualTo(index); // answered at the end of the wait, nothing new for web
    }

    @Test
    void theWaitEndsWithTheSameIndexWhenNothingChanges() {
        long index = consul.get("/v1/agent/services").index();
        long started = System.nanoTime();
        Reply reply = consul.get("/v1/agent/services?index=" + index + "&wait=1s");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(reply.index()).isEqualTo(index);
    }

    @Test
    void anIndexAheadOfTheRegistryAnswersAtOnceSoClientsReset() {
        long index = consul.get("/v1/catalog/services").index();
        long started = System.nanoTime();
        Reply reply = consul.get("/v1/catalog/services?index=" + (index + 1000) + "&wait=30s");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WAIT.dividedBy(2));
        assertThat(reply.index()).isEqualTo(index);
    }

    @Test
    void aMalformedIndexIsA400() {
        Reply reply = consul.get("/v1/catalog/services?index=abc");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).isEqualTo("Invalid index");
    }

    private static void assertStillWaiting(CompletableFuture<Reply> waiting) {
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
    }
}
