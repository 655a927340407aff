package dev.suite.gateway.balancing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.LoadBalancerProperties;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class LoadBalancedFilterTest {

    private final ServiceInstance instance = new DefaultServiceInstance("inventory-1", "inventory-service", "10.0.0.7",
            8082, false);

    private final List<String> events = new ArrayList<>();

    private final LoadBalancerClientFactory clientFactory = mock(LoadBalancerClientFactory.class);

    private final LoadBalancedFilter filter = new LoadBalancedFilter("inventory-service",
            SingletonSupplier.of(() -> clientFactory));

    @Test
    void sendsTheRequestToTheChosenInstanceAndReportsItsStartAndCompletion() throws Exception {
        balancerChooses(new DefaultResponse(instance));
        ServerRequest request = request();

        ServerResponse response = filter.filter(request, next -> ServerResponse.ok().build());

        assertThat(response.statusCode().value()).isEqualTo(200);
        assertThat(MvcUtils.<URI>getAttribute(request, MvcUtils.GATEWAY_REQUEST_URL_ATTR))
            .isEqualTo(URI.create("http://10.0.0.7:8082/api/inventory/A-1?x=1"));
        assertThat(events).containsExactly("start", "startRequest 10.0.0.7:8082", "complete SUCCESS");
    }

    @Test
    void reportsAFailedRequestAndRethrowsItsException() {
        balancerChooses(new DefaultResponse(instance));

        assertThatThrownBy(() -> filter.filter(request(), next -> {
            throw new IllegalStateException("connection reset");
        })).hasMessage("connection reset");
        assertThat(events).containsExactly("start", "startRequest 10.0.0.7:8082", "complete FAILED");
    }

    @Test
    void answers503WhenTheServiceHasNoInstance() {
        balancerChooses(new EmptyResponse());

        assertThatThrownBy(() -> filter.filter(request(), next -> ServerResponse.ok().build()))
            .isInstanceOfSatisfying(HttpServerErrorException.class,
                    failure -> assertThat(failure.getStatusCode().value()).isEqualTo(503));
        assertThat(events).containsExactly("start", "complete DISCARD");
    }

    @Test
    void looksUpTheServicesBalancerAndLifecyclesOnceNotPerRequest() throws Exception {
        balancerChooses(new DefaultResponse(instance));

        for (int i = 0; i < 3; i++) {
            filter.filter(request(), next -> ServerResponse.ok().build());
        }

        verify(clientFactory, times(1)).getInstance("inventory-service");
        verify(clientFactory, times(1)).getInstances("inventory-service", LoadBalancerLifecycle.class);
        assertThat(events).filteredOn(event -> event.startsWith("complete")).hasSize(3);
    }

    private void balancerChooses(Response<ServiceInstance> choice) {
        ReactorServiceInstanceLoadBalancer balancer = request -> Mono.just(choice);
        when(clientFactory.getInstance("inventory-service")).thenReturn(balancer);
        when(clientFactory.getInstances(eq("inventory-service"), eq(LoadBalancerLifecycle.class)))
            .thenReturn(Map.of("recorder", new RecordingLifecycle()));
        when(clientFactory.getProperties(any())).thenReturn(new LoadBalancerProperties());
    }

    private static ServerRequest request() {
        MockHttpServletRequest servletRequest = new MockHttpServletRequest("GET", "/api/inventory/A-1");
        servletRequest.setQueryString("x=1");
        return ServerRequest.create(servletRequest, List.of());
    }

    @SuppressWarnings("rawtypes")
    private final class RecordingLifecycle implements LoadBalancerLifecycle<Object, Object, ServiceInstance> {

        @Override
        public void onStart(Request<Object> request) {
            events.add("start");
        }

        @Override
        public void onStartRequest(Request<Object> request, Response<ServiceInstance> lbResponse) {
            events.add("startRequest " + lbResponse.getServer().getHost() + ":" + lbResponse.getServer().getPort());
        }

        @Override
        public void onComplete(CompletionContext<Object, ServiceInstance, Object> completionContext) {
            events.add("complete " + completionContext.status());
        }
    }
}
