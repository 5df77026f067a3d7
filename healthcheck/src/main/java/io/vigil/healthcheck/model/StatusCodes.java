package io.vigil.healthcheck.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code status_code} of a {@code url}: single codes and ranges, e.g. {@code 200-299 400-499 503 505}.
 * keepalived's default is {@code 200-299}.
 */
public record StatusCodes(List<Range> ranges) {

    /** keepalived's default: any 2xx. */
    public static final StatusCodes DEFAULT = new StatusCodes(List.of(new Range(200, 299)));

    public StatusCodes {
        ranges = List.copyOf(ranges);
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("status_code needs at least one code or range");
        }
    }

    /** An inclusive range of codes; a single code is a range of one. */
    public record Range(int from, int to) {
        public Range {
            if (from < 100 || to > 999 || from > to) {
                throw new IllegalArgumentException("invalid status_code range " + from + "-" + to
                        + " (codes are 100..999, low-high)");
            }
        }
    }

    /**
     * Parses keepalived's syntax: whitespace-separated codes or {@code low-high} ranges.
     *
     * @throws IllegalArgumentException with the offending token
     */
    public static StatusCodes parse(String text) {
        List<Range> out = new ArrayList<>();
        for (String tok : text.trim().split("\\s+")) {
            if (tok.isEmpty()) {
                continue;
            }
            try {
                int dash = tok.indexOf('-');
                if (dash < 0) {
                    int c = Integer.parseInt(tok);
                    out.add(new Range(c, c));
                } else {
                    out.add(new Range(Integer.parseInt(tok.substring(0, dash)),
                            Integer.parseInt(tok.substring(dash + 1))));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid status_code '" + tok + "'", e);
            }
        }
        return new StatusCodes(out);
    }

    public boolean matches(int code) {
        for (Range r : ranges) {
            if (code >= r.from && code <= r.to) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Range r : ranges) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(r.from);
            if (r.to != r.from) {
                b.append('-').append(r.to);
            }
        }
        return b.toString();
    }
}
