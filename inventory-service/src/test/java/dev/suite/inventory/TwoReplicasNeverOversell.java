package dev.suite.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.suite.web.http.HttpJson;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The no-oversell promise across replicas: two inventory-service instances (two application contexts with
 * their own web servers and connection pools) share one database and take concurrent reservations over HTTP.
 * Subclasses choose the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TwoReplicasNeverOversell {

    private static final int STOCK = 100;
    private static final int RESERVATIONS = 200;

    private final List<ConfigurableApplicationContext> replicas = new ArrayList<>();
    private final List<HttpJson> clients = new ArrayList<>();

    /** Command-line style arguments that point a replica at the shared database. */
    abstract List<String> databaseArguments();

    @BeforeAll
    void startTwoReplicas() {
        List<String> arguments = new ArrayList<>(databaseArguments());
        arguments.add("--server.port=0");
        for (int i = 0; i < 2; i++) {
            ConfigurableApplicationContext replica = new SpringApplicationBuilder(InventoryApplication.class)
                    .profiles("test")
                    .run(arguments.toArray(String[]::new));
            replicas.add(replica);
            clients.add(new HttpJson(((WebServerApplicationContext) replica).getWebServer().getPort()));
        }
    }

    @AfterAll
    void stopReplicas() {
        replicas.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void twoHundredConcurrentReservationsOfOneUnitAgainstStockOfHundredReserveExactlyHundredAndReleaseOnce() throws Exception {
        String sku = "RACE-" + (System.nanoTime() % 1_000_000);
        assertThat(clients.get(0).put("/api/inventory/" + sku, "{\"available\":" + STOCK + "}").status()).isEqualTo(200);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger lowestSeen = new AtomicInteger(STOCK);
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            Future<?> watcher = pool.submit(() -> {
                for (int i = 0; running.get(); i++) {
                    int available = clients.get(i % 2).get("/api/inventory/" + sku).intAt("available");
                    lowestSeen.accumulateAndGet(available, Math::min);
                }
            });
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < RESERVATIONS; i++) {
                HttpJson replica = clients.get(i % 2);
                String orderId = "race-" + sku + "-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return replica.put("/internal/reservations/" + orderId,
                            "{\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":1}]}").status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(2, TimeUnit.MINUTES));
            }
            running.set(false);
            watcher.get(1, TimeUnit.MINUTES);

            Map<Integer, Long> byStatus = statuses.stream()
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(byStatus).containsExactlyInAnyOrderEntriesOf(Map.of(201, 100L, 409, 100L));
            for (HttpJson replica : clients) {
                HttpJson.Response stock = replica.get("/api/inventory/" + sku);
                assertThat(stock.intAt("available")).isZero();
                assertThat(stock.intAt("reserved")).isEqualTo(STOCK);
            }
            assertThat(lowestSeen.get()).isGreaterThanOrEqualTo(0);

            // Releasing every order twice, concurrently, through both replicas gives each unit back exactly once.
            List<Future<Integer>> releases = new ArrayList<>();
            for (int i = 0; i < RESERVATIONS * 2; i++) {
                HttpJson replica = clients.get(i % 2);
                String orderId = "race-" + sku + "-" + (i % RESERVATIONS);
                releases.add(pool.submit(() -> replica.delete("/internal/reservations/" + orderId).status()));
            }
            for (Future<Integer> release : releases) {
                assertThat(release.get(2, TimeUnit.MINUTES)).isEqualTo(200);
            }
            HttpJson.Response restored = clients.get(1).get("/api/inventory/" + sku);
            assertThat(restored.intAt("available")).isEqualTo(STOCK);
            assertThat(restored.intAt("reserved")).isZero();
        } finally {
            running.set(false);
            pool.shutdownNow();
        }
    }
}
