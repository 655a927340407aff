package dev.suite.registry.api;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

/** Reads a request body up to Consul's limit without ever holding more than that in memory. */
final class RequestBodies {

    static final int MAX_BYTES = 1024 * 1024;

    private RequestBodies() {
    }

    static byte[] read(HttpServletRequest request) {
        if (request.getContentLengthLong() > MAX_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BYTES + 1);
            if (body.length > MAX_BYTES) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw ConsulApiException.badRequest("Request decode failed: " + e.getMessage());
        }
    }

    private static ConsulApiException tooLarge() {
        return ConsulApiException.badRequest("Request body too large: the limit is " + MAX_BYTES + " bytes");
    }
}
