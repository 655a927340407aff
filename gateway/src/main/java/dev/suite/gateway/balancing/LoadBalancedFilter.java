package dev.suite.gateway.balancing;

import java.net.URI;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycleValidator;
import org.springframework.cloud.client.loadbalancer.LoadBalancerUriTools;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.ResponseData;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.http.HttpStatus;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The filter of an {@code lb://service} route: what Spring Cloud Gateway's {@code LoadBalancerFilterFunctions.lb}
 * does (choose an instance, point the request at it, report start and completion to the balancer's lifecycles), with
 * the service's balancer, lifecycles and hint looked up once instead of on every request. Those lookups (bean by type,
 * the service's child context searched for lifecycle beans twice, a map per call) were about a third of the gateway's
 * own load-balancing cost per request (bench/gateway/README.md).
 */
final class LoadBalancedFilter implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private final String serviceId;

    private final SingletonSupplier<Balancer> balancer;

    LoadBalancedFilter(String serviceId, SingletonSupplier<LoadBalancerClientFactory> clientFactory) {
        this.serviceId = serviceId;
        this.balancer = SingletonSupplier.of(() -> Balancer.of(clientFactory.obtain(), serviceId));
    }

    @Override
    public ServerResponse filter(ServerRequest request, HandlerFunction<ServerResponse> next) throws Exception {
        URI uri = request.uri();
        MvcUtils.addOriginalRequestUrl(request, uri);
        Balancer balancer = this.balancer.obtain();
        RequestData requestData = new RequestData(request.method(), uri, request.headers().asHttpHeaders(),
                cookies(request), request.attributes());
        DefaultRequest<RequestDataContext> lbRequest = new DefaultRequest<>(
                new RequestDataContext(requestData, balancer.hint()));
        balancer.lifecycles().forEach(lifecycle -> lifecycle.onStart(lbRequest));
        Response<ServiceInstance> chosen = Mono.from(balancer.loadBalancer().choose(lbRequest)).block();
        if (chosen == null || !chosen.hasServer()) {
            balancer.lifecycles().forEach(lifecycle -> lifecycle
                .onComplete(new CompletionContext<>(CompletionContext.Status.DISCARD, lbRequest)));
            throw new HttpServerErrorException(HttpStatus.SERVICE_UNAVAILABLE, "Unable to find instance for " + serviceId);
        }
        ServiceInstance instance = new SchemedInstance(chosen.getServer());
        MvcUtils.setRequestUrl(request, LoadBalancerUriTools.reconstructURI(instance, uri));
        DefaultResponse lbResponse = new DefaultResponse(instance);
        balancer.lifecycles().forEach(lifecycle -> lifecycle.onStartRequest(lbRequest, lbResponse));
        try {
            ServerResponse response = next.handle(request);
            balancer.lifecycles().forEach(lifecycle -> lifecycle.onComplete(
                    new CompletionContext<>(CompletionContext.Status.SUCCESS, lbRequest, lbResponse, response)));
            return response;
        }
        catch (Exception failure) {
            balancer.lifecycles().forEach(lifecycle -> lifecycle.onComplete(
                    new CompletionContext<>(CompletionContext.Status.FAILED, failure, lbRequest, lbResponse)));
            throw failure;
        }
    }

    private static MultiValueMap<String, String> cookies(ServerRequest request) {
        MultiValueMap<String, String> cookies = new LinkedMultiValueMap<>();
        request.cookies().forEach((name, values) -> values
            .forEach(cookie -> cookies.put(cookie.getName(), Collections.singletonList(cookie.getValue()))));
        return cookies;
    }

    /** What a request to the service needs from its load-balancer child context; that context lives as long as the app. */
    @SuppressWarnings("rawtypes")
    private record Balancer(ReactiveLoadBalancer<ServiceInstance> loadBalancer, Set<LoadBalancerLifecycle> lifecycles,
            String hint) {

        static Balancer of(LoadBalancerClientFactory clientFactory, String serviceId) {
            ReactiveLoadBalancer<ServiceInstance> loadBalancer = clientFactory.getInstance(serviceId);
            if (loadBalancer == null) {
                throw new IllegalStateException("No load balancer for " + serviceId);
            }
            Set<LoadBalancerLifecycle> lifecycles = LoadBalancerLifecycleValidator.getSupportedLifecycleProcessors(
                    clientFactory.getInstances(serviceId, LoadBalancerLifecycle.class), RequestDataContext.class,
                    ResponseData.class, ServiceInstance.class);
            Map<String, String> hints = clientFactory.getProperties(serviceId).getHint();
            return new Balancer(loadBalancer, lifecycles,
                    hints.getOrDefault(serviceId, hints.getOrDefault("default", "default")));
        }
    }

    /** The chosen instance with a scheme of its own, so the backend URI does not take the client's scheme. */
    private record SchemedInstance(ServiceInstance delegate) implements ServiceInstance {

        @Override
        public String getServiceId() {
            return delegate.getServiceId();
        }

        @Override
        public String getHost() {
            return delegate.getHost();
        }

        @Override
        public int getPort() {
            return delegate.getPort();
        }

        @Override
        public boolean isSecure() {
            return delegate.isSecure();
        }

        @Override
        public URI getUri() {
            return delegate.getUri();
        }

        @Override
        public Map<String, String> getMetadata() {
            return delegate.getMetadata();
        }

        @Override
        public String getScheme() {
            String scheme = delegate.getScheme();
            return scheme != null ? scheme : delegate.isSecure() ? "https" : "http";
        }
    }
}
