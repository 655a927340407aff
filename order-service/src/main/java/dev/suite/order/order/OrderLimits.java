package dev.suite.order.order;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code order.limits.*}: shared settings an operator changes in the consensus-service KV
 * ({@code config/order-service/order/limits/max-items-per-order}) and every replica applies live.
 * A mutable bean on purpose: Spring Cloud rebinds such beans when the configuration changes, which an
 * immutable record cannot be.
 */
@ConfigurationProperties("order.limits")
public class OrderLimits {

    /** The most lines an order may have; a larger order is refused with a 400 problem. */
    private int maxItemsPerOrder = 20;

    public int getMaxItemsPerOrder() {
        return maxItemsPerOrder;
    }

    public void setMaxItemsPerOrder(int maxItemsPerOrder) {
        this.maxItemsPerOrder = maxItemsPerOrder;
    }
}
