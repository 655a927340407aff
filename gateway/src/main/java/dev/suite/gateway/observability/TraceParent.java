package dev.suite.gateway.observability;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context {@code traceparent} header: {@code 00-<trace-id>-<parent-id>-<flags>}.
 *
 * @param traceId  32 lowercase hex digits, not all zero
 * @param parentId 16 lowercase hex digits, not all zero: the id of the span that sent the request
 * @param flags    2 hex digits; 01 means sampled
 */
record TraceParent(String traceId, String parentId, String flags) {

    static final String HEADER = "traceparent";

    private static final Pattern FORMAT = Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    private static final String ZERO_TRACE = "0".repeat(32);

    private static final String ZERO_PARENT = "0".repeat(16);

    /** The caller's trace context, or null when absent or malformed (then the gateway starts a new trace). */
    static TraceParent parse(String header) {
        if (header == null) {
            return null;
        }
        var matcher = FORMAT.matcher(header.trim());
        if (!matcher.matches() || matcher.group(1).equals("ff") || matcher.group(2).equals(ZERO_TRACE)
                || matcher.group(3).equals(ZERO_PARENT)) {
            return null;
        }
        return new TraceParent(matcher.group(2), matcher.group(3), matcher.group(4));
    }

    static TraceParent newTrace() {
        return new TraceParent(randomHex(16), randomHex(8), "01");
    }

    /** The same trace, with the gateway's own hop as parent of the backend's span. */
    TraceParent nextHop() {
        return new TraceParent(traceId, randomHex(8), flags);
    }

    @Override
    public String toString() {
        return "00-" + traceId + "-" + parentId + "-" + flags;
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        do {
            ThreadLocalRandom.current().nextBytes(random);
        }
        while (isZero(random));
        return HexFormat.of().formatHex(random);
    }

    private static boolean isZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
