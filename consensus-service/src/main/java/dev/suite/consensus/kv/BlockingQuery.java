package dev.suite.consensus.kv;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Consul's blocking query, in one place for every read endpoint: run the query; while its index
 * has not passed the caller's {@code index}, wait for the store to apply something new and run it again,
 * until the index moves or the wait ends. No polling: waits sleep on the {@link IndexWatch}.
 */
public final class BlockingQuery {

    /** Consul's defaults: 5 minutes unless asked, never more than 10. */
    public static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
    public static final Duration MAX_WAIT = Duration.ofMinutes(10);

    /** A query's answer and the index it reflects. */
    public record Result<T>(T body, long index) {
    }

    private final IndexWatch watch;

    public BlockingQuery(IndexWatch watch) {
        this.watch = watch;
    }

    /**
     * Runs the query, blocking while its index is at most {@code minIndex} (0 = do not block), as
     * Consul does; clients reset to 0 when an index goes backwards.
     */
    public <T> Result<T> run(long minIndex, Duration wait, Supplier<Result<T>> query) throws InterruptedException {
        if (minIndex <= 0) {
            return query.get();
        }
        Duration bounded = wait == null ? DEFAULT_WAIT : (wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait);
        // Consul adds up to wait/16 of jitter so that many watchers do not return in lockstep.
        long jitter = bounded.toNanos() / 16 > 0 ? ThreadLocalRandom.current().nextLong(bounded.toNanos() / 16) : 0;
        long deadline = System.nanoTime() + bounded.toNanos() + jitter;
        while (true) {
            long seen = watch.applied();
            Result<T> result = query.get();
            long remaining = deadline - System.nanoTime();
            if (result.index() > minIndex || remaining <= 0) {
                return result;
            }
            watch.awaitAbove(seen, Duration.ofNanos(remaining));
        }
    }
}
