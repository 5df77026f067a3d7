package io.vigil.core.config.tree;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: {@code 5s}, {@code 1.5s}, {@code 250ms}, {@code 10us}, {@code 100ns}. */
public final class Durations {

    private static final Pattern TEXT = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(s|ms|us|ns|m|h)?");

    private Durations() {
    }

    /** The shortest exact form. */
    public static String format(long nanos) {
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        if (nanos % 1_000L == 0) {
            return nanos / 1_000L + "us";
        }
        return nanos + "ns";
    }

    /**
     * Parses a duration; a bare number is seconds (as in keepalived.conf).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static long parse(String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (such as 5s, 1.5s, 250ms, 10us)");
        }
        BigDecimal v = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        int shift = switch (unit) {
            case "h" -> 0;
            case "m" -> 0;
            case "s" -> 9;
            case "ms" -> 6;
            case "us" -> 3;
            default -> 0;
        };
        BigDecimal nanos = v.movePointRight(shift);
        if (unit.equals("m")) {
            nanos = v.multiply(BigDecimal.valueOf(60_000_000_000L));
        } else if (unit.equals("h")) {
            nanos = v.multiply(BigDecimal.valueOf(3_600_000_000_000L));
        }
        try {
            return nanos.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
    }
}
