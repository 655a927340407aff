package dev.suite.consensus.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class BlockingQueryTest {

    private final IndexWatch watch = new IndexWatch();
    private final AtomicLong dataIndex = new AtomicLong(10);
    private final BlockingQuery blocking = new BlockingQuery(watch);

    private BlockingQuery.Result<String> query() {
        return new BlockingQuery.Result<>("at " + dataIndex.get(), dataIndex.get());
    }

    @Test
    void answersAtOnceWhenTheIndexHasAlreadyPassed() throws Exception {
        assertThat(blocking.run(5, Duration.ofMinutes(1), this::query).index()).isEqualTo(10);
        assertThat(blocking.run(0, Duration.ofMinutes(1), this::query).index()).isEqualTo(10);
    }

    @Test
    void wakesWhenTheWatchedDataChanges() throws Exception {
        CompletableFuture<BlockingQuery.Result<String>> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return blocking.run(10, Duration.ofMinutes(1), this::query);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // Unrelated applies wake the query, which re-runs and keeps waiting.
        watch.advance(11);
        watch.advance(12);
        assertThat(answer).isNotDone();

        dataIndex.set(13);
        watch.advance(13);

        assertThat(answer.get(10, TimeUnit.SECONDS).body()).isEqualTo("at 13");
    }

    @Test
    void returnsTheUnchangedAnswerWhenTheWaitEnds() throws Exception {
        BlockingQuery.Result<String> result = blocking.run(10, Duration.ofMillis(100), this::query);
        assertThat(result.index()).isEqualTo(10);
    }
}
