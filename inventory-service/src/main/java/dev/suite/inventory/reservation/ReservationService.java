package dev.suite.inventory.reservation;

import java.time.Clock;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

import dev.suite.inventory.stock.Stock;
import dev.suite.inventory.stock.StockRepository;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reserves all items of an order or none, and releases them. Both operations are keyed by the order id
 * and idempotent, so order-service may retry either one after a timeout without moving stock twice.
 */
@Service
public class ReservationService {

    /** A transaction that lost a race (same order id, lock timeout) is run again from the start. */
    private static final int ATTEMPTS = 3;

    private final ReservationRepository reservations;
    private final StockRepository stock;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public ReservationService(ReservationRepository reservations, StockRepository stock,
            JdbcClient jdbc, TransactionTemplate transaction, Clock clock) {
        this.reservations = reservations;
        this.stock = stock;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    public Optional<Reservation> find(String orderId) {
        return reservations.findById(orderId);
    }

    /**
     * @throws UnknownItemsException when any SKU has no stock record; nothing is reserved then
     * @throws InsufficientStockException when any SKU is short; nothing is reserved then
     * @throws ReservationReleasedException when the order's reservation was already released
     * @throws ReservationConflictException when the order already reserved different items
     */
    public ReservationResult reserve(String orderId, List<ReservationLine> requested) {
        List<ReservationLine> lines = normalize(requested);
        return retryingRaces(() -> transaction.execute(status -> reserveOnce(orderId, lines)));
    }

    /** Gives the order's units back. Releasing an unknown order leaves a tombstone that refuses a late reserve. */
    public Reservation release(String orderId) {
        return retryingRaces(() -> transaction.execute(status -> releaseOnce(orderId)));
    }

    private ReservationResult reserveOnce(String orderId, List<ReservationLine> lines) {
        Optional<Reservation> existing = reservations.findById(orderId);
        if (existing.isPresent()) {
            return repeated(existing.get(), lines);
        }
        // Inserted first: a concurrent reserve for the same order fails on the primary key, not on stock.
        Reservation reservation = insert(new Reservation(orderId, ReservationStatus.RESERVED, now(), null, lines));
        List<Shortage> shortages = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (ReservationLine line : lines) {
            if (stock.reserve(line.sku(), line.quantity()) == 0) {
                Optional<Stock> level = stock.findById(line.sku());
                if (level.isEmpty()) {
                    unknown.add(line.sku());
                } else {
                    shortages.add(new Shortage(line.sku(), line.quantity(), level.get().available()));
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new UnknownItemsException(unknown); // rolls back the reservation and every decrement
        }
        if (!shortages.isEmpty()) {
            throw new InsufficientStockException(shortages); // rolls back the reservation and every decrement
        }
        return new ReservationResult(reservation, true);
    }

    private ReservationResult repeated(Reservation existing, List<ReservationLine> lines) {
        if (existing.status() == ReservationStatus.RELEASED) {
            throw new ReservationReleasedException(existing.orderId());
        }
        if (!existing.items().equals(lines)) {
            throw new ReservationConflictException(existing.orderId());
        }
        return new ReservationResult(existing, false);
    }

    private Reservation releaseOnce(String orderId) {
        Instant now = now();
        if (reservations.markReleased(orderId, now) == 1) {
            Reservation released = reservations.findById(orderId).orElseThrow();
            for (ReservationLine line : released.items()) {
                if (stock.release(line.sku(), line.quantity()) == 0) {
                    throw new IllegalStateException("Stock of " + line.sku() + " does not hold the units of order " + orderId);
                }
            }
            return released;
        }
        Optional<Reservation> existing = reservations.findById(orderId);
        if (existing.isPresent()) {
            return existing.get();
        }
        return insert(new Reservation(orderId, ReservationStatus.RELEASED, now, now, List.of()));
    }

    /**
     * Stores a new reservation with plain SQL; reads stay with the repository. Spring Data JDBC's aggregate insert took
     * a quarter of inventory-service's CPU per reservation, a sixth of that in the database (bench/orders/README.md).
     * Lines are numbered from 0, as the repository numbers a list's elements.
     */
    private Reservation insert(Reservation reservation) {
        jdbc.sql("INSERT INTO reservation (order_id, status, created_at, released_at)"
                        + " VALUES (:orderId, :status, :createdAt, :releasedAt)")
                .param("orderId", reservation.orderId())
                .param("status", reservation.status().name())
                .param("createdAt", utc(reservation.createdAt()))
                .param("releasedAt", utc(reservation.releasedAt()), Types.TIMESTAMP_WITH_TIMEZONE)
                .update();
        List<ReservationLine> items = reservation.items();
        for (int lineNo = 0; lineNo < items.size(); lineNo++) {
            jdbc.sql("INSERT INTO reservation_line (order_id, line_no, sku, quantity)"
                            + " VALUES (:orderId, :lineNo, :sku, :quantity)")
                    .param("orderId", reservation.orderId())
                    .param("lineNo", lineNo)
                    .param("sku", items.get(lineNo).sku())
                    .param("quantity", items.get(lineNo).quantity())
                    .update();
        }
        return reservation;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** Microseconds: what both databases store, so an answer from memory equals a later read. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Merges repeated SKUs and sorts by SKU, so concurrent reservations lock rows in one order (no deadlock). */
    private static List<ReservationLine> normalize(List<ReservationLine> requested) {
        Map<String, Integer> bySku = new TreeMap<>();
        requested.forEach(line -> bySku.merge(line.sku(), line.quantity(), Math::addExact));
        return bySku.entrySet().stream().map(e -> new ReservationLine(e.getKey(), e.getValue())).toList();
    }

    private static <T> T retryingRaces(Supplier<T> work) {
        for (int attempt = 1;; attempt++) {
            try {
                return work.get();
            } catch (DuplicateKeyException | ConcurrencyFailureException race) {
                if (attempt == ATTEMPTS) {
                    throw race;
                }
            }
        }
    }

    /** The reservation and whether this call created it (201) or found it from an earlier call (200). */
    public record ReservationResult(Reservation reservation, boolean created) {
    }
}
