package dev.suite.consensus.cluster;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work-around for a Ratis liveness bug on the path "a follower lost its storage and restarts"
 * (RATIS-2523, seen here with Ratis 3.3.0): the leader still remembers the follower's old match
 * index, so every append is answered INCONSISTENCY (nextIndex 0) and the leader keeps nextIndex
 * at matchIndex + 1 forever; it never falls back to a snapshot or to the start of its log.
 *
 * <p>A node that started on empty storage as a member of a configured cluster watches for that:
 * if its log stays empty (a wiped follower does not even learn the leader's id), it asks the
 * leader, through the Raft client, to remove it from
 * the configuration and add it back. The leader then tracks it afresh and catches it up (snapshot
 * installation when the log was purged). On a brand-new cluster the log fills within one
 * election, so nothing happens.
 */
final class WipedStorageRejoin implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(WipedStorageRejoin.class);

    private final RaftNode node;
    private final Duration patience;

    WipedStorageRejoin(RaftNode node) {
        this.node = node;
        // Several election timeouts (at least 10 s): far longer than an election plus its first append.
        Duration timeouts = node.settings().electionTimeoutMax().multipliedBy(5);
        this.patience = timeouts.compareTo(Duration.ofSeconds(10)) > 0 ? timeouts : Duration.ofSeconds(10);
    }

    @Override
    public void run() {
        try {
            log.info("Started on empty storage; watching for a leader that cannot catch this node up ({})",
                    node.describeLog());
            Long emptySince = null;
            for (int attempt = 0; attempt < 20; ) {
                Thread.sleep(250);
                if (!node.logIsEmpty()) {
                    log.info("Log is filling ({}); no rejoin needed", node.describeLog());
                    return;
                }
                long now = System.nanoTime();
                if (emptySince == null) {  // nanoTime may be negative: no sentinel value
                    emptySince = now;
                }
                if (now - emptySince < patience.toNanos()) {
                    continue;
                }
                attempt++;
                log.warn("Started on empty storage and nothing arrived for {} (RATIS-2523?); "
                        + "asking the leader to remove and re-add this node", patience);
                try {
                    node.removeAndReAddSelf();
                } catch (RuntimeException | java.io.IOException e) {
                    log.warn("Rejoin attempt {} failed: {}", attempt, e.toString());
                }
                emptySince = null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
