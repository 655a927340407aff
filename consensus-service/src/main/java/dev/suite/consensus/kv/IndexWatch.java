package dev.suite.consensus.kv;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The applied log index of this replica, and a way to wait for it to move. The state machine
 * advances it after every applied entry; blocking queries and linearizable reads wait on it
 * instead of polling.
 */
public final class IndexWatch {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private long applied;

    public void advance(long index) {
        lock.lock();
        try {
            if (index > applied) {
                applied = index;
                advanced.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sets the index after a snapshot was loaded, even if it is lower (a wiped replica). */
    public void reset(long index) {
        lock.lock();
        try {
            applied = index;
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public long applied() {
        lock.lock();
        try {
            return applied;
        } finally {
            lock.unlock();
        }
    }

    /** How many threads wait for the index to move (blocking queries, reads waiting to catch up). */
    public int waiting() {
        lock.lock();
        try {
            return lock.getWaitQueueLength(advanced);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the applied index is above {@code index}; returns whether it got there in time. */
    public boolean awaitAbove(long index, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (applied <= index) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = advanced.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    public boolean awaitAtLeast(long index, Duration timeout) throws InterruptedException {
        return awaitAbove(index - 1, timeout);
    }

}
