package dev.suite.gateway.edge;

import java.io.IOException;
import java.net.SocketTimeoutException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;

/** The problem the gateway answers for each failure Apache HttpClient 5 raises (wrapped by RestClient as it does). */
class GatewayProblemHandlerTest {

    @Test
    void anInstanceThatCannotBeConnectedToIsA503() {
        assertThat(status(new ConnectTimeoutException("connect timed out"))).isEqualTo(503);
        assertThat(status(new HttpHostConnectException("refused"))).isEqualTo(503);
    }

    @Test
    void anInstanceThatDoesNotAnswerInTimeIsA504() {
        assertThat(status(new SocketTimeoutException("Read timed out"))).isEqualTo(504);
    }

    @Test
    void aConnectionClosedWithoutAnAnswerIsA502() {
        assertThat(status(new NoHttpResponseException("closed"))).isEqualTo(502);
    }

    private static int status(IOException failure) {
        return GatewayProblemHandler.describe(new ResourceAccessException("I/O error", failure), "inventory-service")
                .getStatus();
    }
}
