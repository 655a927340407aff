package dev.suite.consensus.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.suite.consensus.kv.ConsensusUnavailableException;

class GroupCommitTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void answersEveryItemWithItsOwnResultAndGroupsItemsThatWait() throws Exception {
        ConcurrentLinkedQueue<List<Integer>> rounds = new ConcurrentLinkedQueue<>();
        CountDownLatch firstRoundHeld = new CountDownLatch(1);
        CompletableFuture<Void> releaseFirstRound = new CompletableFuture<>();
        ExecutorService answering = Executors.newSingleThreadExecutor();
        try (GroupCommit<Integer, Integer> commit = new GroupCommit<>("test", 1, 1000, item -> 1, items -> {
            rounds.add(items);
            CompletableFuture<Void> gate = rounds.size() == 1 ? releaseFirstRound : CompletableFuture.completedFuture(null);
            firstRoundHeld.countDown();
            return gate.thenApplyAsync(ignored -> items.stream().map(item -> item * 10).toList(), answering);
        })) {
            ExecutorService callers = Executors.newFixedThreadPool(100);
            try {
                Future<Integer> first = callers.submit(() -> commit.submit(0, TIMEOUT));
                firstRoundHeld.await(5, TimeUnit.SECONDS);
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 1; i < 100; i++) {
                    int item = i;
                    answers.add(callers.submit(() -> commit.submit(item, TIMEOUT)));
                }
                // The 99 callers queue up behind the round in flight, then travel together.
                await().atMost(Duration.ofSeconds(10)).until(() -> commit.waiting() == 99);
                releaseFirstRound.complete(null);

                assertThat(first.get(10, TimeUnit.SECONDS)).isZero();
                for (int i = 1; i < 100; i++) {
                    assertThat(answers.get(i - 1).get(10, TimeUnit.SECONDS)).isEqualTo(i * 10);
                }
            } finally {
                callers.shutdownNow();
            }
        } finally {
            answering.shutdownNow();
        }
        assertThat(rounds.stream().mapToInt(List::size).sum()).isEqualTo(100);
        assertThat(rounds).as("99 waiting items in far fewer rounds").hasSizeLessThan(20);
    }

    @Test
    void keepsRoundsUnderTheSizeLimitButSendsAnOversizedItemAlone() throws Exception {
        ConcurrentLinkedQueue<List<Integer>> rounds = new ConcurrentLinkedQueue<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        AtomicInteger started = new AtomicInteger();
        try (GroupCommit<Integer, Integer> commit = new GroupCommit<>("test", 1, 10, item -> item, items -> {
            rounds.add(items);
            return (started.incrementAndGet() == 1 ? release : CompletableFuture.<Void>completedFuture(null))
                    .thenApply(ignored -> items);
        })) {
            ExecutorService callers = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> answers = new ArrayList<>();
                answers.add(callers.submit(() -> commit.submit(1, TIMEOUT)));
                await().atMost(Duration.ofSeconds(10)).until(() -> started.get() == 1);
                for (int item : new int[] {4, 4, 4, 25, 3}) {
                    answers.add(callers.submit(() -> commit.submit(item, TIMEOUT)));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> commit.waiting() == 5);
                release.complete(null);
                for (Future<Integer> answer : answers) {
                    answer.get(10, TimeUnit.SECONDS);
                }
            } finally {
                callers.shutdownNow();
            }
        }
        assertThat(rounds).allSatisfy(round -> assertThat(round.size() == 1
                || round.stream().mapToInt(Integer::intValue).sum() <= 10).isTrue());
        assertThat(rounds).anySatisfy(round -> assertThat(round).containsExactly(25));
        assertThat(rounds.stream().mapToInt(List::size).sum()).isEqualTo(6);
    }

    @Test
    void failsEveryItemOfAFailedRoundWithTheRoundsError() {
        try (GroupCommit<Integer, Integer> commit = new GroupCommit<>("test", 2, 1000, item -> 1,
                items -> CompletableFuture.failedFuture(new ConsensusUnavailableException("no leader")))) {
            assertThatThrownBy(() -> commit.submit(1, TIMEOUT))
                    .isInstanceOf(ConsensusUnavailableException.class)
                    .hasMessage("no leader");
        }
    }
}
