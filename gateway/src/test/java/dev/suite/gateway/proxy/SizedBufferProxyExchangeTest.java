package dev.suite.gateway.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.cloud.gateway.server.mvc.config.GatewayMvcProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.client.MockClientHttpResponse;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

class SizedBufferProxyExchangeTest {

    private final SizedBufferProxyExchange exchange = new SizedBufferProxyExchange(RestClient.create(),
            new GatewayMvcProperties());

    @ParameterizedTest(name = "{0} bytes, length given: {1}, {2}")
    @CsvSource({ "0, true, application/json", "110, true, application/json", "16383, true, application/json",
            "16384, true, application/json", "40000, true, application/json", "110, false, application/json",
            "40000, false, application/json", "110, true, text/event-stream" })
    void copiesEveryResponseBodyWhole(int size, boolean lengthGiven, String contentType) throws IOException {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        MockClientHttpResponse response = new MockClientHttpResponse(body, HttpStatus.OK);
        response.getHeaders().setContentType(MediaType.parseMediaType(contentType));
        if (lengthGiven) {
            response.getHeaders().setContentLength(size);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int copied = exchange.copyResponseBody(response, response.getBody(), out);

        assertThat(copied).isEqualTo(size);
        assertThat(out.toByteArray()).isEqualTo(body);
    }
}
