package dev.suite.loadbalancing;

import org.springframework.cloud.client.ServiceInstance;

/**
 * Identifies an instance by service and address. Callers hand the balancer's listeners wrapped copies of the chosen
 * instance (the gateway wraps it to set the scheme), so object identity or {@code ServiceInstance.equals} cannot be
 * relied on to find the same instance again.
 */
public record InstanceKey(String serviceId, String host, int port) {

    public static InstanceKey of(ServiceInstance instance) {
        return new InstanceKey(String.valueOf(instance.getServiceId()), instance.getHost(), instance.getPort());
    }

    public String address() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return serviceId + "@" + address();
    }
}
