package dev.suite.inventory.stock;

import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

@Service
public class StockService {

    private final StockRepository stock;
    private final TransactionTemplate transaction;

    public StockService(StockRepository stock, TransactionTemplate transaction) {
        this.stock = stock;
        this.transaction = transaction;
    }

    public Optional<Stock> find(String sku) {
        return stock.findById(sku);
    }

    public List<Stock> all() {
        return stock.findAllByOrderBySku();
    }

    /** Sets the available units of a SKU, creating it when new; units held by reservations stay as they are. */
    public Stock setAvailable(String sku, int available) {
        try {
            return transaction.execute(status -> upsert(sku, available));
        } catch (DuplicateKeyException createdConcurrently) {
            // Another replica inserted the SKU between our UPDATE and INSERT; now the UPDATE finds it.
            return transaction.execute(status -> upsert(sku, available));
        }
    }

    private Stock upsert(String sku, int available) {
        if (stock.setAvailable(sku, available) == 0) {
            stock.insert(sku, available);
        }
        return stock.findById(sku).orElseThrow();
    }
}
