package dev.suite.loadbalancing;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;

/**
 * The instances already tried for one client request, kept in the request's attributes so that a retry of the same
 * request (the gateway retries connect failures and 503s) goes to another instance whatever the policy.
 */
public final class TriedInstances {

    public static final String ATTRIBUTE = TriedInstances.class.getName();

    private TriedInstances() {
    }

    static void record(Request<?> request, ServiceInstance instance) {
        Map<String, Object> attributes = attributesOf(request);
        if (attributes == null) {
            return;
        }
        Object tried = attributes.get(ATTRIBUTE);
        if (tried instanceof Set<?> set) {
            @SuppressWarnings("unchecked")
            Set<InstanceKey> keys = (Set<InstanceKey>) set;
            keys.add(InstanceKey.of(instance));
        }
        else {
            Set<InstanceKey> keys = ConcurrentHashMap.newKeySet();
            keys.add(InstanceKey.of(instance));
            attributes.put(ATTRIBUTE, keys);
        }
    }

    static Set<?> of(Request<?> request) {
        Map<String, Object> attributes = attributesOf(request);
        Object tried = attributes == null ? null : attributes.get(ATTRIBUTE);
        return tried instanceof Set<?> set ? set : Set.of();
    }

    private static Map<String, Object> attributesOf(Request<?> request) {
        if (request != null && request.getContext() instanceof RequestDataContext context
                && context.getClientRequest() != null) {
            return context.getClientRequest().getAttributes();
        }
        return null;
    }
}
