package dev.suite.consensus.kv;

/** No leader could be reached in time, or the cluster refused the request; try again later. */
public class ConsensusUnavailableException extends RuntimeException {

    public ConsensusUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public ConsensusUnavailableException(String message) {
        super(message);
    }
}
