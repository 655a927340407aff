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
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new BadRequestException("'" + name + "' must be a non-negative integer, got '" + value + "'");
        }
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
