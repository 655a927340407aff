package dev.suite.consensus.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import dev.suite.consensus.kv.ConsensusUnavailableException;

/**
 * Group commit: requests that arrive while earlier rounds are in flight travel together in the
 * next round. Every Raft round (a log entry, or a ReadIndex confirmation) costs each node the same
 * CPU whether it carries one request or a hundred, so under concurrent load this divides that cost
 * by the batch size, while a lone request still goes out at once.
 *
 * <p>One sender thread takes whatever is waiting (up to a size limit), starts a round with it,
 * and goes on while at most {@code maxRoundsInFlight} rounds are unanswered. A round answers its
 * items in order; a failed round fails all of its items.
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
    private final LinkedBlockingQueue<Pending<T, R>> waiting = new LinkedBlockingQueue<>();
    private final Thread sender;
    /** The item taken from the queue that did not fit in the previous round. */
    private volatile Pending<T, R> carried;

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
        this.sender = new Thread(this::sendRounds, name + "-group-commit");
        sender.setDaemon(true);
        sender.start();
    }

    /** Sends the item in the next round and waits for its answer. */
    R submit(T item, Duration timeout) {
        CompletableFuture<R> answer = new CompletableFuture<>();
        waiting.add(new Pending<>(item, answer));
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
        return waiting.size() + (carried != null ? 1 : 0);
    }

    private void sendRounds() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                // Items wait in the queue until a round can start; then every one that waits goes.
                roundsInFlight.acquire();
                start(nextRound());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ConsensusUnavailableException closed = new ConsensusUnavailableException(name + " is shut down");
        Pending<T, R> held = carried;
        if (held != null) {
            held.answer().completeExceptionally(closed);
        }
        waiting.forEach(pending -> pending.answer().completeExceptionally(closed));
    }

    private List<Pending<T, R>> nextRound() throws InterruptedException {
        List<Pending<T, R>> batch = new ArrayList<>();
        Pending<T, R> next = carried != null ? carried : waiting.take();
        carried = null;
        int size = 0;
        do {
            size += sizeOf.applyAsInt(next.item());
            if (!batch.isEmpty() && size > maxRoundSize) {
                carried = next;
                break;
            }
            batch.add(next);
        } while ((next = waiting.poll()) != null);
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

    @Override
    public void close() {
        sender.interrupt();
    }
}
