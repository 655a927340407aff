package dev.suite.consensus.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import dev.suite.consensus.kv.ConsensusUnavailableException;

/**
 * Group commit: requests that arrive while earlier rounds are in flight travel together in the
 * next round. Every Raft round (a log entry, or a ReadIndex confirmation) costs each node the same
 * CPU whether it carries one request or a hundred, so under concurrent load this divides that cost
 * by the batch size, while a lone request still goes out at once.
 *
 * <p>A round starts on the caller's own thread when fewer than {@code maxRoundsInFlight} rounds are
 * unanswered: a lone request is not handed to another thread on its way to Raft (each hand-off is a
 * thread wake-up, and on a loaded machine a wait for a core). Otherwise its item waits, and when a
 * round is answered, a thread of this group commit takes whatever waits (up to a size limit) in the
 * next round. Rounds start in the order their items arrived. A round answers its items in order; a
 * failed round fails all of its items.
 *
 * @param <T> an item, for example a command
 * @param <R> an item's answer
 */
final class GroupCommit<T, R> implements AutoCloseable {

    private record Pending<T, R>(T item, CompletableFuture<R> answer) {
    }

    private final String name;
    private final Function<List<T>, CompletableFuture<List<R>>> round;
    private final ToIntFunction<T> sizeOf;
    private final int maxRoundSize;
    private final Semaphore roundsInFlight;
    private final ConcurrentLinkedDeque<Pending<T, R>> waiting = new ConcurrentLinkedDeque<>();
    /** Held while a round is taken from the queue and started, so that rounds start in arrival order. */
    private final ReentrantLock starting = new ReentrantLock();
    /** Starts the rounds of items that waited, off the thread that answered the previous round (Raft's). */
    private final ExecutorService nextRounds;
    private volatile boolean closed;

    /**
     * @param round        starts one round for the items, answering one result per item in order
     * @param sizeOf       an item's size, counted against {@code maxRoundSize} (an item larger than
     *                     the limit still travels, alone)
     */
    GroupCommit(String name, int maxRoundsInFlight, int maxRoundSize, ToIntFunction<T> sizeOf,
                Function<List<T>, CompletableFuture<List<R>>> round) {
        this.name = name;
        this.round = round;
        this.sizeOf = sizeOf;
        this.maxRoundSize = maxRoundSize;
        this.roundsInFlight = new Semaphore(maxRoundsInFlight);
        this.nextRounds = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, name + "-group-commit");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Sends the item in the next round and waits for its answer. */
    R submit(T item, Duration timeout) {
        if (closed) {
            throw new ConsensusUnavailableException(name + " is shut down");
        }
        CompletableFuture<R> answer = new CompletableFuture<>();
        waiting.add(new Pending<>(item, answer));
        startRounds();
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsensusUnavailableException(name + " interrupted", e);
        } catch (TimeoutException e) {
            throw new ConsensusUnavailableException(name + " got no answer within " + timeout, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new ConsensusUnavailableException(name + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** How many items wait for a round. */
    int waiting() {
        return waiting.size();
    }

    /**
     * Starts rounds while items wait and a round may start. A caller that finds every round taken leaves its item
     * waiting: the round that answers next releases its place first and then looks at the queue, so the item is
     * seen either by this caller or by that round.
     */
    private void startRounds() {
        while (!closed && !waiting.isEmpty() && roundsInFlight.tryAcquire()) {
            starting.lock();
            try {
                List<Pending<T, R>> batch = nextRound();
                if (batch.isEmpty()) {
                    roundsInFlight.release();
                } else {
                    start(batch);
                }
            } finally {
                starting.unlock();
            }
        }
    }

    private List<Pending<T, R>> nextRound() {
        List<Pending<T, R>> batch = new ArrayList<>();
        int size = 0;
        for (Pending<T, R> next; (next = waiting.poll()) != null; ) {
            size += sizeOf.applyAsInt(next.item());
            if (!batch.isEmpty() && size > maxRoundSize) {
                waiting.addFirst(next);
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    private void start(List<Pending<T, R>> batch) {
        CompletableFuture<List<R>> answers;
        try {
            answers = round.apply(batch.stream().map(Pending::item).toList());
        } catch (RuntimeException e) {
            answers = CompletableFuture.failedFuture(e);
        }
        answers.whenComplete((results, error) -> {
            roundsInFlight.release();
            if (!waiting.isEmpty()) {
                try {
                    nextRounds.execute(this::startRounds);
                } catch (RejectedExecutionException closedMeanwhile) {
                    // close() answers what waits
                }
            }
            for (int i = 0; i < batch.size(); i++) {
                if (error != null) {
                    batch.get(i).answer().completeExceptionally(error instanceof java.util.concurrent.CompletionException
                            && error.getCause() != null ? error.getCause() : error);
                } else {
                    batch.get(i).answer().complete(results.get(i));
                }
            }
        });
    }

    /** Stops starting rounds; what still waits fails. Rounds in flight are answered as Raft answers them. */
    @Override
    public void close() {
        closed = true;
        nextRounds.shutdownNow();
        ConsensusUnavailableException shutDown = new ConsensusUnavailableException(name + " is shut down");
        for (Pending<T, R> pending; (pending = waiting.poll()) != null; ) {
            pending.answer().completeExceptionally(shutDown);
        }
    }
}
