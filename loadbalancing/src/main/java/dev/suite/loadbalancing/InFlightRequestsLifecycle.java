package dev.suite.loadbalancing;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;

/**
 * Counts a request in flight from the moment its instance is chosen ({@code onStartRequest}) until Spring Cloud
 * LoadBalancer reports it complete, whatever the outcome: success, error status, exception, timeout, or cancellation
 * (all of which the callers report as {@code FAILED} with the exception). Requests for which no instance was found
 * ({@code DISCARD}) were never counted. Also notes the chosen instance in the request, for a retry to avoid it.
 */
public class InFlightRequestsLifecycle implements LoadBalancerLifecycle<Object, Object, ServiceInstance> {

    private final InFlightRequests inFlightRequests;

    public InFlightRequestsLifecycle(InFlightRequests inFlightRequests) {
        this.inFlightRequests = inFlightRequests;
    }

    @Override
    public boolean supports(Class requestContextClass, Class responseClass, Class serverTypeClass) {
        return ServiceInstance.class.isAssignableFrom(serverTypeClass);
    }

    @Override
    public void onStart(Request<Object> request) {
        // counted once an instance is chosen
    }

    @Override
    public void onStartRequest(Request<Object> request, Response<ServiceInstance> lbResponse) {
        if (request == null || lbResponse == null || !lbResponse.hasServer()) {
            return;
        }
        inFlightRequests.started(request, lbResponse.getServer());
        TriedInstances.record(request, lbResponse.getServer());
    }

    @Override
    public void onComplete(CompletionContext<Object, ServiceInstance, Object> completionContext) {
        if (completionContext.getLoadBalancerRequest() != null) {
            inFlightRequests.completed(completionContext.getLoadBalancerRequest());
        }
    }
}
