package dev.suite.consensus.web;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Consul's numeric and duration query parameters, refusing anything else with 400. */
public final class ConsulParams {

    private static final Pattern GO_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private ConsulParams() {
    }

    public static Long unsignedLong(String name, String value) {
        if (value == null) {
            return null;
        }
        // Digits only, as Consul's strconv.ParseUint: Java's parser also takes a leading '+', and a trimmed
        // "?cas=+0" or "?cas=%200" had been a write where Consul refuses the request.
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw notUnsigned(name, value);
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw notUnsigned(name, value);
        }
    }

    private static BadRequestException notUnsigned(String name, String value) {
        return new BadRequestException("'" + name + "' must be a non-negative integer, got '" + value + "'");
    }

    /** A Go-style duration as Consul takes it ("10s", "5m", "250ms"); a bare number means seconds. */
    public static Duration duration(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(Character::isDigit)) {
            return Duration.ofSeconds(Long.parseLong(trimmed));
        }
        Matcher matcher = GO_DURATION.matcher(trimmed);
        if (!matcher.matches()) {
            throw new BadRequestException("'" + name + "' must be a duration like 10s or 5m, got '" + value + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}
