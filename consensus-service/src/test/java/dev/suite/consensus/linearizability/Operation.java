package dev.suite.consensus.linearizability;

import java.util.Objects;

/**
 * One client operation on one key of a register-like KV store, as recorded by a test: when it was
 * invoked and when its answer arrived ({@link Long#MAX_VALUE} when the answer is unknown, i.e. the
 * operation may or may not have taken effect). Values are strings; {@code null} means "no key".
 */
public record Operation(String key, int client, Kind kind, String expected, String value, Outcome outcome,
                        long invokedAt, long completedAt) {

    public enum Kind { READ, WRITE, CAS }

    /** OK = the answer arrived; for CAS, CAS_FAILED = answered false; UNKNOWN = no answer. */
    public enum Outcome { OK, CAS_FAILED, UNKNOWN }

    public Operation {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(outcome);
        if (outcome == Outcome.UNKNOWN) {
            completedAt = Long.MAX_VALUE;
        }
    }

    public static Operation read(String key, int client, String seen, long invokedAt, long completedAt) {
        return new Operation(key, client, Kind.READ, null, seen, Outcome.OK, invokedAt, completedAt);
    }

    public static Operation write(String key, int client, String value, boolean known, long invokedAt, long completedAt) {
        return new Operation(key, client, Kind.WRITE, null, value, known ? Outcome.OK : Outcome.UNKNOWN,
                invokedAt, completedAt);
    }

    /** Compare-and-set from {@code expected} (null = key absent) to {@code value}. */
    public static Operation cas(String key, int client, String expected, String value, Outcome outcome,
                                long invokedAt, long completedAt) {
        return new Operation(key, client, Kind.CAS, expected, value, outcome, invokedAt, completedAt);
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case READ -> "read -> " + value;
            case WRITE -> "write " + value;
            case CAS -> "cas " + expected + " -> " + value;
        };
        String end = completedAt == Long.MAX_VALUE ? "?" : Long.toString(completedAt);
        return "c" + client + " " + key + " " + what + " " + outcome + " [" + invokedAt + ", " + end + "]";
    }
}
