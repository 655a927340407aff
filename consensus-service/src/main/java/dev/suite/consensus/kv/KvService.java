package dev.suite.consensus.kv;

/**
 * What the HTTP layer needs from the replicated store, and nothing of how it is replicated.
 */
public interface KvService {

    /**
     * Replicates a change and answers as Consul does ({@code false} for a failed CAS). Returns
     * only once the change is committed on a majority (each of which fsynced it) and applied.
     *
     * @throws ConsensusUnavailableException when no leader accepted the change in time; the change
     *                                       may or may not have been applied
     */
    boolean write(KvCommand command);

    /**
     * Returns once this replica has applied every write that was acknowledged before the call
     * (Raft ReadIndex), so that a read of {@link #view()} after it is linearizable.
     */
    void awaitLinearizable();

    KvView view();

    IndexWatch changes();
}
