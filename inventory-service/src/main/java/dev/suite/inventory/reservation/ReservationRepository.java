package dev.suite.inventory.reservation;

import java.time.Instant;
import java.util.Optional;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

public interface ReservationRepository extends Repository<Reservation, String> {

    Optional<Reservation> findById(String orderId);

    /** @return 1 for the one caller that moves the reservation from RESERVED to RELEASED, 0 for everyone else */
    @Modifying
    @Query("UPDATE reservation SET status = 'RELEASED', released_at = :releasedAt"
            + " WHERE order_id = :orderId AND status = 'RESERVED'")
    int markReleased(String orderId, Instant releasedAt);
}
