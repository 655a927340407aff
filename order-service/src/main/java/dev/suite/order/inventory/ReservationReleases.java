package dev.suite.order.inventory;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Gives reserved stock back for orders that do not exist (failed creation) or no longer hold it (cancelled).
 * A release that cannot reach inventory-service is kept in {@code pending_release} (or in memory when the
 * database is the thing that failed) and retried until inventory-service acknowledges it. Releases are
 * idempotent in inventory-service, so a retry or a second replica retrying the same row is harmless.
 */
@Component
public class ReservationReleases implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReservationReleases.class);

    private final InventoryClient inventory;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final InventorySettings settings;
    private final Set<String> notPersisted = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService retries;

    public ReservationReleases(InventoryClient inventory, JdbcClient jdbc, Clock clock, InventorySettings settings) {
        this.inventory = inventory;
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
    }

    /** Releases now; on failure the release is queued and retried. Never throws. */
    public void releaseNow(String orderId) {
        try {
            inventory.release(orderId);
        } catch (RuntimeException unreachable) {
            log.warn("Could not release the reservation of order {} now, will retry: {}", orderId, unreachable.getMessage());
            queue(orderId);
        }
    }

    /**
     * Records a release to do inside the caller's transaction (the one that cancels the order), so the order
     * cannot end up cancelled without its release on record. Follow it with {@link #releaseQueued} after commit.
     */
    public void queueInTransaction(String orderId) {
        jdbc.sql("INSERT INTO pending_release (order_id, created_at) VALUES (:orderId, :createdAt)")
                .param("orderId", orderId).param("createdAt", clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }

    private void queue(String orderId) {
        try {
            queueInTransaction(orderId);
        } catch (DuplicateKeyException alreadyQueued) {
            // queued before; one row is enough
        } catch (DataAccessException databaseDown) {
            notPersisted.add(orderId);
        }
    }

    /** Releases one queued reservation now; it stays queued when inventory-service cannot be reached. */
    public void releaseQueued(String orderId) {
        try {
            inventory.release(orderId);
            jdbc.sql("DELETE FROM pending_release WHERE order_id = :orderId").param("orderId", orderId).update();
        } catch (RuntimeException unreachable) {
            log.warn("Release of order {} stays queued: {}", orderId, unreachable.getMessage());
        }
    }

    /** One retry pass over everything queued. */
    public void retryPending() {
        for (String orderId : List.copyOf(notPersisted)) {
            try {
                inventory.release(orderId);
                notPersisted.remove(orderId);
            } catch (RuntimeException stillUnreachable) {
                log.debug("Release of order {} still pending", orderId);
            }
        }
        List<String> queued;
        try {
            queued = jdbc.sql("SELECT order_id FROM pending_release ORDER BY created_at").query(String.class).list();
        } catch (DataAccessException databaseDown) {
            return;
        }
        for (String orderId : queued) {
            try {
                inventory.release(orderId);
                jdbc.sql("DELETE FROM pending_release WHERE order_id = :orderId").param("orderId", orderId).update();
            } catch (RuntimeException stillUnreachable) {
                log.debug("Release of order {} still pending", orderId);
                return; // inventory-service is down; try the rest on the next pass
            }
        }
    }

    public int pendingCount() {
        Integer queued = jdbc.sql("SELECT COUNT(*) FROM pending_release").query(Integer.class).single();
        return queued + notPersisted.size();
    }

    @Override
    public synchronized void start() {
        retries = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "reservation-release-retry");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.releaseRetryInterval().toMillis();
        retries.scheduleWithFixedDelay(this::retrySafely, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void retrySafely() {
        try {
            retryPending();
        } catch (RuntimeException e) {
            log.warn("Release retry pass failed: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        if (retries != null) {
            retries.shutdownNow();
            retries = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return retries != null;
    }
}
