package dev.suite.order.order;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.suite.order.idempotency.IdempotencyKeyReusedException;
import dev.suite.order.idempotency.IdempotencyKeys;
import dev.suite.order.idempotency.IdempotencyKeys.Claim;
import dev.suite.order.idempotency.RequestInProgressException;
import dev.suite.order.inventory.InventoryClient;
import dev.suite.order.inventory.InventoryUnavailableException;
import dev.suite.order.inventory.ReservationReleases;

import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places and cancels orders. The order id is chosen before stock is reserved, so the reservation in
 * inventory-service is keyed by it and can always be found and released when anything after it fails.
 */
@Service
public class OrderService {

    private final OrderRepository orders;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final InventoryClient inventory;
    private final ReservationReleases releases;
    private final IdempotencyKeys idempotencyKeys;
    private final Clock clock;

    public OrderService(OrderRepository orders, JdbcClient jdbc, TransactionTemplate transaction,
            InventoryClient inventory, ReservationReleases releases, IdempotencyKeys idempotencyKeys, Clock clock) {
        this.orders = orders;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.inventory = inventory;
        this.releases = releases;
        this.idempotencyKeys = idempotencyKeys;
        this.clock = clock;
    }

    /** The order and whether it was created by an earlier request with the same Idempotency-Key. */
    public record Placed(Order order, boolean replayed) {
    }

    public Placed place(List<OrderItem> items, Optional<String> idempotencyKey) {
        String orderId = UUID.randomUUID().toString();
        if (idempotencyKey.isEmpty()) {
            return new Placed(create(orderId, items, null), false);
        }
        String key = idempotencyKey.get();
        Claim claim = idempotencyKeys.claim(key, fingerprint(items), orderId);
        // Java 17: no pattern matching for switch yet, so the sealed Claim is taken apart with instanceof.
        if (claim instanceof Claim.Replay replay) {
            return new Placed(find(replay.orderId()), true);
        }
        if (claim instanceof Claim.Mismatch) {
            throw new IdempotencyKeyReusedException(key);
        }
        if (claim instanceof Claim.InProgress) {
            throw new RequestInProgressException(key);
        }
        if (claim instanceof Claim.TakenOver takenOver) {
            releases.releaseNow(takenOver.abandonedOrderId());
        }
        return new Placed(createForKey(key, orderId, items), false);
    }

    private Order createForKey(String key, String orderId, List<OrderItem> items) {
        try {
            return create(orderId, items, key);
        } catch (RuntimeException failed) {
            try {
                idempotencyKeys.forget(key, orderId);
            } catch (RuntimeException databaseDown) {
                failed.addSuppressed(databaseDown); // the claim expires after order.idempotency.in-progress-timeout
            }
            throw failed;
        }
    }

    private Order create(String orderId, List<OrderItem> items, String idempotencyKey) {
        try {
            inventory.reserve(orderId, items);
        } catch (InventoryUnavailableException unknownOutcome) {
            // The reservation may have been made before the error or timeout: release it by order id. If the
            // reservation arrives later still, inventory-service refuses it because of this release.
            releases.releaseNow(orderId);
            throw unknownOutcome;
        }
        // Microseconds: what both databases store, so a replayed answer shows the same createdAt as the first.
        Order order = new Order(orderId, OrderStatus.CONFIRMED, clock.instant().truncatedTo(ChronoUnit.MICROS), null, items);
        try {
            return transaction.execute(status -> {
                Order stored = insert(order);
                if (idempotencyKey != null) {
                    idempotencyKeys.complete(idempotencyKey, orderId);
                }
                return stored;
            });
        } catch (RuntimeException notStored) {
            releases.releaseNow(orderId);
            throw notStored;
        }
    }

    /**
     * Stores a new order with plain SQL; reads stay with the repository. Spring Data JDBC's aggregate insert took a
     * seventh of order-service's CPU per order, two thirds of that outside the database (bench/orders/README.md).
     * Items are numbered from 0, as the repository numbers a list's elements.
     */
    private Order insert(Order order) {
        jdbc.sql("INSERT INTO orders (id, status, created_at, cancelled_at) VALUES (:id, :status, :createdAt, :cancelledAt)")
                .param("id", order.id())
                .param("status", order.status().name())
                .param("createdAt", utc(order.createdAt()))
                .param("cancelledAt", utc(order.cancelledAt()), Types.TIMESTAMP_WITH_TIMEZONE)
                .update();
        List<OrderItem> items = order.items();
        for (int lineNo = 0; lineNo < items.size(); lineNo++) {
            jdbc.sql("INSERT INTO order_item (order_id, line_no, sku, quantity)"
                            + " VALUES (:orderId, :lineNo, :sku, :quantity)")
                    .param("orderId", order.id())
                    .param("lineNo", lineNo)
                    .param("sku", items.get(lineNo).sku())
                    .param("quantity", items.get(lineNo).quantity())
                    .update();
        }
        return order;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public Order find(String id) {
        return orders.findById(id).orElseThrow(() -> new OrderNotFoundException(id));
    }

    public List<Order> list(Optional<OrderStatus> status, int limit) {
        return status.map(s -> orders.findByStatusOrderByCreatedAtDesc(s, Limit.of(limit)))
                .orElseGet(() -> orders.findAllByOrderByCreatedAtDesc(Limit.of(limit)));
    }

    /** Cancels a confirmed order and releases its stock; cancelling a cancelled order changes nothing. */
    public Order cancel(String id) {
        find(id);
        Boolean cancelledNow = transaction.execute(status -> {
            if (orders.markCancelled(id, clock.instant()) == 0) {
                return false;
            }
            releases.queueInTransaction(id);
            return true;
        });
        if (Boolean.TRUE.equals(cancelledNow)) {
            releases.releaseQueued(id);
        }
        return find(id);
    }

    /** Identifies the request body: the same items in the same order give the same fingerprint. */
    public static String fingerprint(List<OrderItem> items) {
        StringBuilder canonical = new StringBuilder();
        items.forEach(item -> canonical.append(item.sku()).append(':').append(item.quantity()).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
