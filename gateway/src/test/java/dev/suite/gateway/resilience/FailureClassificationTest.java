package dev.suite.gateway.resilience;

import java.io.IOException;
import java.net.SocketTimeoutException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the retry filter counts as "the instance was never reached", for the failures Apache HttpClient 5 raises
 * (wrapped by RestClient as it does). A connect timeout is a {@link SocketTimeoutException} subclass, so it must not be
 * mistaken for a response timeout.
 */
class FailureClassificationTest {

    @Test
    void connectFailuresAndAnExhaustedPoolAreRetriedOnAnotherInstance() {
        assertThat(ResilienceFilterFunctions.isUnreachable(wrapped(new ConnectTimeoutException("connect timed out"))))
                .isTrue();
        assertThat(ResilienceFilterFunctions.isUnreachable(wrapped(new HttpHostConnectException("refused"))))
                .isTrue();
        assertThat(ResilienceFilterFunctions.isUnreachable(wrapped(new ConnectionRequestTimeoutException("pool"))))
                .isTrue();
        assertThat(ResilienceFilterFunctions.isUnreachable(wrapped(new NoHttpResponseException("closed"))))
                .isTrue();
    }

    @Test
    void aResponseTimeoutIsNotRetried() {
        assertThat(ResilienceFilterFunctions.isUnreachable(wrapped(new SocketTimeoutException("Read timed out"))))
                .isFalse();
    }

    private static ResourceAccessException wrapped(IOException failure) {
        return new ResourceAccessException("I/O error on GET request", failure);
    }
}
