package io.vigil.core.config;

import java.util.Objects;

/**
 * Where a config node came from: file, 1-based line and 1-based column.
 * Every node of the config model carries one, so that every diagnostic can name its origin.
 */
public record SourceLocation(String file, int line, int column) {

    /** A location for nodes that were not read from a file (built in code, defaults). */
    public static final SourceLocation NONE = new SourceLocation("<none>", 0, 0);

    public SourceLocation {
        Objects.requireNonNull(file, "file");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("negative line or column: " + line + ":" + column);
        }
    }

    public static SourceLocation of(String file, int line, int column) {
        return new SourceLocation(file, line, column);
    }

    /** The same file and line at another column. */
    public SourceLocation withColumn(int newColumn) {
        return newColumn == column ? this : new SourceLocation(file, line, Math.max(newColumn, 0));
    }

    /** {@code FILE:LINE:COL}, the prefix of every diagnostic. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
