package dev.suite.inventory.stock;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

public interface StockRepository extends Repository<Stock, String> {

    Optional<Stock> findById(String sku);

    List<Stock> findAllByOrderBySku();

    /**
     * Takes {@code quantity} units if that many are available. The condition and the decrement are one
     * statement, so the database's row lock makes it atomic across every replica sharing the database.
     *
     * @return 1 when reserved, 0 when the SKU is unknown or short
     */
    @Modifying
    @Query("UPDATE stock SET available = available - :quantity, reserved = reserved + :quantity"
            + " WHERE sku = :sku AND available >= :quantity")
    int reserve(String sku, int quantity);

    @Modifying
    @Query("UPDATE stock SET available = available + :quantity, reserved = reserved - :quantity"
            + " WHERE sku = :sku AND reserved >= :quantity")
    int release(String sku, int quantity);

    @Modifying
    @Query("UPDATE stock SET available = :available WHERE sku = :sku")
    int setAvailable(String sku, int available);

    @Modifying
    @Query("INSERT INTO stock (sku, available, reserved) VALUES (:sku, :available, 0)")
    int insert(String sku, int available);
}
