package dev.suite.order.order;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Limit;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

public interface OrderRepository extends Repository<Order, String> {

    Optional<Order> findById(String id);

    List<Order> findAllByOrderByCreatedAtDesc(Limit limit);

    List<Order> findByStatusOrderByCreatedAtDesc(OrderStatus status, Limit limit);

    /** @return 1 for the one caller that cancels a confirmed order, 0 when it was cancelled already */
    @Modifying
    @Query("UPDATE orders SET status = 'CANCELLED', cancelled_at = :cancelledAt WHERE id = :id AND status = 'CONFIRMED'")
    int markCancelled(String id, Instant cancelledAt);
}
