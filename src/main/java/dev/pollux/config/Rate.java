package dev.pollux.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A limit written as in Jetforce, {@code COUNT/[PERIOD]UNIT}: {@code 60/5m} is 60 requests per 5 minutes,
 * {@code 5/s} 5 per second, {@code 100/2h} 100 per 2 hours, {@code 1000/d} 1000 per day.
 * Binds from a property string through {@link #valueOf(String)}; a bad string fails binding, naming the property.
 *
 * @param count  requests allowed per period, at least 1; also the largest burst
 * @param period the time in which {@code count} requests are refilled
 */
public record Rate(long count, Duration period) {

    private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,9})/([0-9]{1,9})?([smhd])");

    public Rate {
        if (count < 1) {
            throw new IllegalArgumentException("a rate must allow at least 1 request, was " + count);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a rate's period must be positive, was " + period);
        }
    }

    /** Parses {@code 60/5m}; surrounding blanks are ignored, units are lower-case {@code s m h d}. */
    public static Rate valueOf(String text) {
        Matcher matcher = SYNTAX.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a rate: write COUNT/[PERIOD]UNIT with UNIT one of s, m, h, d, such as 60/5m or 5/s");
        }
        long count = Long.parseLong(matcher.group(1));
        long amount = matcher.group(2) == null ? 1 : Long.parseLong(matcher.group(2));
        Duration unit = switch (matcher.group(3)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            default -> Duration.ofDays(1);
        };
        return new Rate(count, unit.multipliedBy(amount));
    }

    /** In the same syntax, with the largest unit that divides the period: {@code 60/5m}. */
    @Override
    public String toString() {
        long seconds = period.getSeconds();
        if (period.getNano() != 0) {
            return count + "/" + period;
        }
        if (seconds % 86_400 == 0) {
            return count + "/" + amount(seconds / 86_400) + "d";
        }
        if (seconds % 3_600 == 0) {
            return count + "/" + amount(seconds / 3_600) + "h";
        }
        if (seconds % 60 == 0) {
            return count + "/" + amount(seconds / 60) + "m";
        }
        return count + "/" + amount(seconds) + "s";
    }

    private static String amount(long amount) {
        return amount == 1 ? "" : String.valueOf(amount);
    }
}
