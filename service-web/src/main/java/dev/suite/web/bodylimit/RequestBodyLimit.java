package dev.suite.web.bodylimit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import dev.suite.web.problem.ProblemTypes;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies above {@code suite.web.max-body-size} with a 400 problem before they are parsed:
 * by Content-Length when the client sends one, by counting bytes when the body is chunked. Registered for every
 * servlet application that depends on this module; a service's error handler recognises a chunked body cut off
 * here with {@link TooLarge#in(Throwable)}.
 */
public class RequestBodyLimit extends OncePerRequestFilter implements Ordered {

    /** Early, before any filter that reads a body. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    private final long maxBytes;

    public RequestBodyLimit(Settings settings) {
        this.maxBytes = settings.maxBodySize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            refuse(response, maxBytes);
            return;
        }
        chain.doFilter(new Limited(request, maxBytes), response);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** Answers the 400 {@code invalid-request} problem of a body over the limit. */
    public static void refuse(HttpServletResponse response, long maxBytes) throws IOException {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(("{\"type\":\"" + ProblemTypes.PREFIX + ProblemTypes.INVALID_REQUEST
                + "\",\"title\":\"Invalid request\",\"status\":400,\"detail\":\"The request body is larger than "
                + maxBytes + " bytes\",\"errors\":[{\"in\":\"body\",\"rule\":\"max-size\",\"detail\":\"is larger than "
                + maxBytes + " bytes\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    @ConfigurationProperties("suite.web")
    public record Settings(@DefaultValue("64KB") DataSize maxBodySize) {
    }

    /** Thrown while reading a chunked body past the limit; Spring wraps it in HttpMessageNotReadableException. */
    public static final class TooLarge extends IOException {

        private final long maxBytes;

        TooLarge(long maxBytes) {
            super("Request body larger than " + maxBytes + " bytes");
            this.maxBytes = maxBytes;
        }

        public long maxBytes() {
            return maxBytes;
        }

        public static boolean in(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof TooLarge) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private final long maxBytes;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), maxBytes);
            }
            return stream;
        }
    }

    private static final class Counting extends ServletInputStream {

        private final ServletInputStream in;
        private final long maxBytes;
        private long read;

        Counting(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > maxBytes) {
                throw new TooLarge(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
