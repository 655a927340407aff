package dev.suite.registry.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code time.ParseDuration}, which is what Consul accepts for intervals, timeouts, TTLs and waits:
 * {@code "10s"}, {@code "1m30s"}, {@code "1.5h"}, {@code "250ms"}, {@code "0"}. Messages match Go's.
 */
public final class GoDuration {

    private static final Pattern PART = Pattern.compile("(\\d*\\.?\\d*)([^\\d.]*)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoDuration() {
    }

    public static Duration parse(String text) {
        String original = text;
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("time: invalid duration \"" + original + "\"");
        }
        boolean negative = false;
        if (text.charAt(0) == '-' || text.charAt(0) == '+') {
            negative = text.charAt(0) == '-';
            text = text.substring(1);
        }
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("time: invalid duration \"" + original + "\"");
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher matcher = PART.matcher(text);
        int position = 0;
        while (position < text.length()) {
            if (!matcher.find(position) || matcher.start() != position || matcher.group(1).isEmpty()
                    || matcher.group(1).equals(".")) {
                throw new IllegalArgumentException("time: invalid duration \"" + original + "\"");
            }
            String unit = matcher.group(2);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("time: missing unit in duration \"" + original + "\"");
            }
            Long perUnit = NANOS_PER_UNIT.get(unit);
            if (perUnit == null) {
                throw new IllegalArgumentException(
                        "time: unknown unit \"" + unit + "\" in duration \"" + original + "\"");
            }
            nanos = nanos.add(new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(perUnit)));
            position = matcher.end();
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("time: invalid duration \"" + original + "\"");
        }
        Duration duration = Duration.ofNanos(nanos.longValue());
        return negative ? duration.negated() : duration;
    }

    /** Go's formatting of whole-second and millisecond values, enough for echoing definitions back. */
    public static String format(Duration duration) {
        if (duration == null) {
            return "";
        }
        if (duration.toNanosPart() == 0 || duration.toMillis() >= 1000 && duration.toNanos() % 1_000_000_000L == 0) {
            long seconds = duration.getSeconds();
            long h = seconds / 3600;
            long m = (seconds % 3600) / 60;
            long s = seconds % 60;
            StringBuilder out = new StringBuilder();
            if (h > 0) {
                out.append(h).append('h');
            }
            if (h > 0 || m > 0) {
                out.append(m).append('m');
            }
            return out.append(s).append('s').toString();
        }
        return duration.toMillis() + "ms";
    }
}
