package dev.suite.registry.api;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.suite.registry.catalog.Catalog;
import jakarta.annotation.PreDestroy;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Consul's blocking queries, once for every read endpoint: answer at once unless the caller sent
 * {@code ?index=N}; then hold the request, without a thread, until the data's index differs from N or the
 * wait ends. A catalog change re-runs the query (the catalog signals; nobody polls); the query decides which
 * index it answers with, so a change to another service does not release the caller.
 *
 * <p>Waits follow Consul: default 5 minutes, at most 10, plus a random jitter of up to wait/16 so that many
 * watchers do not come back at the same moment. An index lower than N (this registry restarted and counts
 * from 1 again) answers at once, so clients reset, as Consul's documentation tells them to.
 */
@Component
public class BlockingQueries {

    static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
    static final Duration MAX_WAIT = Duration.ofMinutes(10);

    private final Catalog catalog;
    private final ExecutorService requeryThreads;
    private final ScheduledExecutorService timers;

    public BlockingQueries(Catalog catalog) {
        this.catalog = catalog;
        this.requeryThreads = Executors.newFixedThreadPool(2, daemon("blocking-query"));
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("blocking-query-timer"));
    }

    /** The data a read endpoint answers with, and the index that data was read at. */
    public record Answer(long index, Object body) {
    }

    /** {@code ?index=} and {@code ?wait=} as Consul parses them. */
    public record QueryOptions(long index, Duration maxWait) {

        public static QueryOptions parse(String index, String wait) {
            long minIndex = 0;
            if (index != null && !index.isEmpty()) {
                // Go's strconv.ParseUint, as Consul parses it: digits only. Java's parser also takes a leading '+',
                // which had turned ?index=+1 into a blocking query of up to 10 minutes.
                if (!index.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw ConsulApiException.badRequest("Invalid index");
                }
                try {
                    minIndex = Long.parseUnsignedLong(index);
                } catch (NumberFormatException e) {
                    throw ConsulApiException.badRequest("Invalid index");
                }
            }
            Duration waitTime = DEFAULT_WAIT;
            if (wait != null && !wait.isEmpty()) {
                try {
                    waitTime = GoDuration.parse(wait);
                } catch (IllegalArgumentException e) {
                    throw ConsulApiException.badRequest("Invalid wait time");
                }
                if (waitTime.compareTo(MAX_WAIT) > 0) {
                    waitTime = MAX_WAIT;
                }
            }
            return new QueryOptions(minIndex, waitTime);
        }

        boolean blocking() {
            return index > 0;
        }

        Duration waitWithJitter() {
            long jitterBound = maxWait.toMillis() / 16;
            long jitter = jitterBound > 0 ? ThreadLocalRandom.current().nextLong(jitterBound) : 0;
            return maxWait.plusMillis(jitter);
        }
    }

    public DeferredResult<ResponseEntity<Object>> answer(QueryOptions options, Supplier<Answer> query) {
        if (!options.blocking()) {
            DeferredResult<ResponseEntity<Object>> result = new DeferredResult<>();
            result.setResult(response(query.get()));
            return result;
        }
        Duration wait = options.waitWithJitter();
        // The container's own timeout is only a backstop; our timer answers on time.
        DeferredResult<ResponseEntity<Object>> result = new DeferredResult<>(wait.toMillis() + 10_000);
        Waiter waiter = new Waiter(options.index(), query, result);
        result.onTimeout(waiter::answerNow);
        waiter.evaluate();
        if (!result.isSetOrExpired()) {
            ScheduledFuture<?> timer = timers.schedule(waiter::answerNow, wait.toMillis(), TimeUnit.MILLISECONDS);
            result.onCompletion(() -> timer.cancel(false));
        }
        return result;
    }

    private final class Waiter {
        private final long minIndex;
        private final Supplier<Answer> query;
        private final DeferredResult<ResponseEntity<Object>> result;

        Waiter(long minIndex, Supplier<Answer> query, DeferredResult<ResponseEntity<Object>> result) {
            this.minIndex = minIndex;
            this.query = query;
            this.result = result;
        }

        void evaluate() {
            if (result.isSetOrExpired()) {
                return;
            }
            CompletableFuture<Long> change = catalog.nextChange(); // before reading, so no change slips between
            Answer answer = query.get();
            if (answer.index() != minIndex) {
                result.setResult(response(answer));
                return;
            }
            change.thenRunAsync(this::evaluate, requeryThreads);
        }

        void answerNow() {
            if (!result.isSetOrExpired()) {
                result.setResult(response(query.get()));
            }
        }
    }

    static ResponseEntity<Object> response(Answer answer) {
        return ResponseEntity.ok()
                .header("X-Consul-Index", Long.toUnsignedString(answer.index()))
                .header("X-Consul-KnownLeader", "true")
                .header("X-Consul-LastContact", "0")
                .contentType(MediaType.APPLICATION_JSON)
                .body(answer.body());
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @PreDestroy
    void stop() {
        requeryThreads.shutdownNow();
        timers.shutdownNow();
    }
}
