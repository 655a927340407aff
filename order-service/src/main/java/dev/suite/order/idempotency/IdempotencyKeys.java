package dev.suite.order.idempotency;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The Idempotency-Key ledger, shared by all order-service replicas through the database. A request first
 * claims its key, then reserves stock, then stores the order and completes the key in one transaction.
 */
@Component
public class IdempotencyKeys {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final IdempotencySettings settings;

    public IdempotencyKeys(JdbcClient jdbc, Clock clock, IdempotencySettings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
    }

    /** What a request may do with its key. */
    public sealed interface Claim {
        /** The key is new: go ahead with this order id. */
        record Fresh(String orderId) implements Claim {
        }

        /** A request with this key started long ago and never finished (its replica died): go ahead, and
         *  release whatever the abandoned attempt may have reserved. */
        record TakenOver(String orderId, String abandonedOrderId) implements Claim {
        }

        /** The key already created this order: answer with it. */
        record Replay(String orderId) implements Claim {
        }

        /** The key was used with a different request body. */
        record Mismatch() implements Claim {
        }

        /** Another request with this key is running right now. */
        record InProgress() implements Claim {
        }
    }

    public Claim claim(String key, String requestHash, String orderId) {
        Instant now = clock.instant();
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                jdbc.sql("INSERT INTO idempotency_key (idempotency_key, request_hash, order_id, claimed_at, completed)"
                                + " VALUES (:key, :hash, :orderId, :claimedAt, FALSE)")
                        .param("key", key).param("hash", requestHash).param("orderId", orderId)
                        .param("claimedAt", utc(now))
                        .update();
                return new Claim.Fresh(orderId);
            } catch (DuplicateKeyException taken) {
                Optional<Row> row = find(key);
                if (row.isEmpty()) {
                    continue; // the holder failed and forgot the key between our INSERT and SELECT
                }
                Row existing = row.get();
                if (!existing.requestHash().equals(requestHash)) {
                    return new Claim.Mismatch();
                }
                if (existing.completed()) {
                    return new Claim.Replay(existing.orderId());
                }
                if (existing.claimedAt().toInstant().isBefore(now.minus(settings.inProgressTimeout()))
                        && takeOver(key, existing.orderId(), orderId, now)) {
                    return new Claim.TakenOver(orderId, existing.orderId());
                }
                return new Claim.InProgress();
            }
        }
        return new Claim.InProgress();
    }

    /**
     * Marks the key as having created the order; call it in the transaction that stores the order.
     *
     * @throws IllegalStateException when another request took the key over meanwhile (the transaction must roll back)
     */
    public void complete(String key, String orderId) {
        int updated = jdbc.sql("UPDATE idempotency_key SET completed = TRUE"
                        + " WHERE idempotency_key = :key AND order_id = :orderId AND completed = FALSE")
                .param("key", key).param("orderId", orderId)
                .update();
        if (updated != 1) {
            throw new IllegalStateException("Idempotency-Key " + key + " no longer belongs to order " + orderId);
        }
    }

    /** Frees the key after a failed attempt, so that a retry with the same key may succeed. */
    public void forget(String key, String orderId) {
        jdbc.sql("DELETE FROM idempotency_key WHERE idempotency_key = :key AND order_id = :orderId AND completed = FALSE")
                .param("key", key).param("orderId", orderId)
                .update();
    }

    private boolean takeOver(String key, String abandonedOrderId, String orderId, Instant now) {
        return jdbc.sql("UPDATE idempotency_key SET order_id = :orderId, claimed_at = :claimedAt"
                        + " WHERE idempotency_key = :key AND order_id = :abandoned AND completed = FALSE")
                .param("orderId", orderId).param("claimedAt", utc(now))
                .param("key", key).param("abandoned", abandonedOrderId)
                .update() == 1;
    }

    private Optional<Row> find(String key) {
        return jdbc.sql("SELECT request_hash, order_id, claimed_at, completed FROM idempotency_key WHERE idempotency_key = :key")
                .param("key", key)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class),
                        rs.getBoolean(4)))
                .optional();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private record Row(String requestHash, String orderId, OffsetDateTime claimedAt, boolean completed) {
    }
}
