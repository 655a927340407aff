package dev.suite.gateway.proxy;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.cloud.gateway.server.mvc.filter.RemoveForwardedRequestHeadersFilter;
import org.springframework.cloud.gateway.server.mvc.filter.RemoveHopByHopRequestHeadersFilter;
import org.springframework.cloud.gateway.server.mvc.filter.RemoveHopByHopResponseHeadersFilter;
import org.springframework.cloud.gateway.server.mvc.filter.RemoveXForwardedRequestHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class SkipWhenAbsentTest {

    private static final ServerRequest REQUEST = ServerRequest.create(new MockHttpServletRequest(), List.of());

    private static final ServerResponse RESPONSE = ServerResponse.ok().build();

    static List<Map<String, String>> headerSets() {
        return List.of(
                Map.of("Accept", "application/json", "X-Request-Id", "abc"),
                Map.of("Accept", "*/*", "forwarded", "for=10.0.0.1", "X-Forwarded-For", "10.0.0.1"),
                Map.of("Accept", "*/*", "x-forwarded-host", "example.org", "X-FORWARDED-PROTO", "https"),
                Map.of("Accept", "*/*", "Connection", "keep-alive", "Keep-Alive", "timeout=5", "TE", "trailers"),
                Map.of("Content-Type", "text/plain", "Transfer-Encoding", "chunked", "Upgrade", "h2c",
                        "Proxy-Authorization", "Basic eA=="));
    }

    @ParameterizedTest
    @MethodSource("headerSets")
    void removesWhatSpringCloudGatewaysFiltersRemove(Map<String, String> names) {
        assertSameResult(new SkipWhenAbsent.ForwardedRequestHeaders(), new RemoveForwardedRequestHeadersFilter(),
                headers(names), REQUEST);
        assertSameResult(new SkipWhenAbsent.XForwardedRequestHeaders(), new RemoveXForwardedRequestHeadersFilter(),
                headers(names), REQUEST);
        assertSameResult(new SkipWhenAbsent.HopByHopRequestHeaders(), new RemoveHopByHopRequestHeadersFilter(),
                headers(names), REQUEST);
        assertSameResult(new SkipWhenAbsent.HopByHopResponseHeaders(), new RemoveHopByHopResponseHeadersFilter(),
                headers(names), RESPONSE);
    }

    @ParameterizedTest
    @MethodSource("headerSets")
    void handsTheHeadersOnUncopiedWhenThereIsNothingToRemove(Map<String, String> names) {
        HttpHeaders headers = HttpHeaders.readOnlyHttpHeaders(headers(names));

        HttpHeaders forwarded = new SkipWhenAbsent.ForwardedRequestHeaders().apply(headers, REQUEST);
        HttpHeaders hopByHop = new SkipWhenAbsent.HopByHopRequestHeaders().apply(headers, REQUEST);

        assertThat(forwarded == headers).isEqualTo(!headers.containsHeader("Forwarded"));
        assertThat(hopByHop == headers).isEqualTo(!SkipWhenAbsent.anyHopByHop(headers));
    }

    @ParameterizedTest
    @MethodSource("headerSets")
    void handsOnHeadersTheProxyCanChangeEvenWhenThereIsNoXForwardedHeaderToRemove(Map<String, String> names) {
        HttpHeaders headers = HttpHeaders.readOnlyHttpHeaders(headers(names));

        HttpHeaders xForwarded = new SkipWhenAbsent.XForwardedRequestHeaders().apply(headers, REQUEST);

        assertThatNoException().isThrownBy(() -> xForwarded.remove(HttpHeaders.HOST));
    }

    private static <T> void assertSameResult(BiFunction<HttpHeaders, T, HttpHeaders> ours,
            BiFunction<HttpHeaders, T, HttpHeaders> theirs, HttpHeaders headers, T exchange) {
        assertThat(ours.apply(headers, exchange).toSingleValueMap())
            .isEqualTo(theirs.apply(headers, exchange).toSingleValueMap());
    }

    private static HttpHeaders headers(Map<String, String> names) {
        HttpHeaders headers = new HttpHeaders();
        names.forEach(headers::add);
        return headers;
    }
}
