package dev.suite.order.inventory;

import java.time.Duration;
import java.util.List;

import dev.suite.order.order.OrderItem;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/** The calls order-service makes to inventory-service's reservation API, by service name. */
@Component
public class InventoryClient {

    private static final String INSUFFICIENT_STOCK = "urn:suite:problem:insufficient-stock";
    private static final String UNKNOWN_SKU = "urn:suite:problem:unknown-sku";

    /** What a refused reservation's client is told to wait before trying again. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final RestClient http;
    private final String serviceId;
    private final Bulkhead reservations;

    public InventoryClient(RestClient.Builder loadBalancedRestClientBuilder, InventorySettings settings) {
        this.http = loadBalancedRestClientBuilder.build();
        this.serviceId = settings.serviceId();
        this.reservations = Bulkhead.of("inventory-reservations", BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentReservations())
                .maxWaitDuration(settings.reservationQueueTimeout())
                .build());
    }

    /**
     * Reserves every item for the order, or nothing.
     *
     * @throws InventoryBusyException when the reservation found no turn within the queue timeout; nothing was sent
     * @throws StockShortException when inventory-service refused because stock is short; nothing is reserved then
     * @throws UnknownSkuException when inventory-service has no stock record for some SKUs; nothing is reserved then
     * @throws InventoryUnavailableException for anything else (error, timeout, no instance); the reservation
     *                                       may or may not exist, so the caller must release it
     */
    public void reserve(String orderId, List<OrderItem> items) {
        try {
            reservations.executeRunnable(() -> send(orderId, items));
        } catch (BulkheadFullException full) {
            throw new InventoryBusyException("No turn towards inventory-service for the reservation of order " + orderId
                    + " within the queue timeout; nothing was reserved", RETRY_AFTER);
        }
    }

    private void send(String orderId, List<OrderItem> items) {
        try {
            http.put()
                    .uri("http://{service}/internal/reservations/{orderId}", serviceId, orderId)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(new ReserveRequest(items))
                    .retrieve()
                    .toBodilessEntity();
        } catch (RestClientResponseException answered) {
            if (answered.getStatusCode().isSameCodeAs(HttpStatus.CONFLICT)) {
                InventoryProblem problem = answered.getResponseBodyAs(InventoryProblem.class);
                if (problem != null && INSUFFICIENT_STOCK.equals(problem.type())) {
                    throw new StockShortException(problem.detail(), problem.shortages());
                }
            }
            if (answered.getStatusCode().isSameCodeAs(HttpStatus.UNPROCESSABLE_CONTENT)) {
                InventoryProblem problem = answered.getResponseBodyAs(InventoryProblem.class);
                if (problem != null && UNKNOWN_SKU.equals(problem.type()) && problem.skus() != null) {
                    throw new UnknownSkuException(problem.skus());
                }
            }
            throw new InventoryUnavailableException("inventory-service answered " + answered.getStatusCode()
                    + " to the reservation of order " + orderId + ": " + abbreviate(answered.getResponseBodyAsString()),
                    false, answered);
        } catch (ResourceAccessException timeoutOrIo) {
            throw new InventoryUnavailableException("inventory-service did not answer the reservation of order "
                    + orderId + " in time: " + timeoutOrIo.getMessage(), true, timeoutOrIo);
        } catch (RuntimeException noInstance) {
            throw new InventoryUnavailableException("inventory-service could not be called: " + noInstance.getMessage(),
                    false, noInstance);
        }
    }

    /** Releases the order's reservation; idempotent, and safe for an order that never reserved anything. */
    public void release(String orderId) {
        http.delete()
                .uri("http://{service}/internal/reservations/{orderId}", serviceId, orderId)
                .retrieve()
                .toBodilessEntity();
    }

    private static String abbreviate(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "...";
    }

    record ReserveRequest(List<OrderItem> items) {
    }

    record InventoryProblem(String type, String detail, List<Shortage> shortages, List<String> skus) {
    }
}
