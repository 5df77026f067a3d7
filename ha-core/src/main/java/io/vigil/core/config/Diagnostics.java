package io.vigil.core.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the diagnostics of one load. Readers report here instead of throwing, so that one pass finds every
 * problem. The number kept is capped: a hostile file (random bytes, a million unknown keywords) must not turn into
 * unbounded memory; once the cap is reached one last warning says how many more were dropped.
 */
public final class Diagnostics {

    /** Default cap on the diagnostics kept per load. */
    public static final int DEFAULT_LIMIT = 1000;

    private final List<Diagnostic> list = new ArrayList<>();
    private final Set<String> onceKeys = new HashSet<>();
    private final int limit;
    private int errors;
    private int warningsKept;
    private long dropped;

    public Diagnostics() {
        this(DEFAULT_LIMIT);
    }

    public Diagnostics(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        this.limit = limit;
    }

    public void error(SourceLocation at, String message) {
        add(Diagnostic.error(at, message));
    }

    public void warning(SourceLocation at, String message) {
        add(Diagnostic.warning(at, message));
    }

    /** Reports a warning only the first time {@code key} is seen in this load. */
    public void warningOnce(String key, SourceLocation at, String message) {
        if (onceKeys.add(key)) {
            warning(at, message);
        }
    }

    /**
     * Adds a diagnostic. Past the limit, an error still displaces the last warning kept, so that a load that failed
     * always shows at least one of its errors.
     */
    public void add(Diagnostic d) {
        if (d.isError()) {
            errors++;
        }
        if (list.size() < limit) {
            list.add(d);
            warningsKept += d.isError() ? 0 : 1;
            return;
        }
        dropped++;
        if (d.isError() && warningsKept > 0) {
            for (int i = list.size() - 1; i >= 0; i--) {
                if (!list.get(i).isError()) {
                    list.remove(i);
                    list.add(d);
                    warningsKept--;
                    return;
                }
            }
        }
    }

    public void addAll(List<Diagnostic> ds) {
        ds.forEach(this::add);
    }

    /** True once the limit is reached: a caller may skip building a warning that would be dropped anyway. */
    public boolean isFull() {
        return list.size() >= limit;
    }

    public boolean hasErrors() {
        return errors > 0;
    }

    public int errorCount() {
        return errors;
    }

    /** Everything reported, in order, plus a final note when some were dropped. */
    public List<Diagnostic> toList() {
        if (dropped == 0) {
            return List.copyOf(list);
        }
        List<Diagnostic> out = new ArrayList<>(list);
        SourceLocation at = list.isEmpty() ? SourceLocation.NONE : list.get(list.size() - 1).location();
        out.add(Diagnostic.warning(at, dropped + " more diagnostics not shown (limit " + limit + ")"));
        return List.copyOf(out);
    }
}
