package io.vigil.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to load a config.
 *
 * @param configId   the config id matched by keepalived's conditional lines ({@code @id} / {@code @^id}) and given
 *                   as {@code ${_INSTANCE}}; keepalived's {@code -i/--config-id}, by default the host name up to its
 *                   first dot
 * @param randomSeed seed of {@code ${_RANDOM}} (keepalived's {@code random_seed}), or {@code null} for a seed
 *                   taken from the clock
 * @param limits     the bounds that keep a hostile or broken file from taking unbounded time or memory
 */
public record LoadOptions(String configId, Long randomSeed, Limits limits) {

    public LoadOptions {
        Objects.requireNonNull(configId, "configId");
        Objects.requireNonNull(limits, "limits");
    }

    public LoadOptions(String configId) {
        this(configId, null, Limits.DEFAULT);
    }

    /** The defaults: the short host name as config id, a clock seed, {@link Limits#DEFAULT}. */
    public static LoadOptions defaults() {
        return new LoadOptions(shortHostName());
    }

    public LoadOptions withConfigId(String id) {
        return new LoadOptions(id, randomSeed, limits);
    }

    public LoadOptions withRandomSeed(long seed) {
        return new LoadOptions(configId, seed, limits);
    }

    public LoadOptions withLimits(Limits l) {
        return new LoadOptions(configId, randomSeed, l);
    }

    /**
     * Bounds on one load. Each is far above what a real config needs (the man page's own example of 65,024
     * generated instances fits) and each, when reached, is an error naming the limit.
     *
     * @param maxLineLength       characters in a physical line, and in a line after parameter substitution
     * @param maxIncludeDepth     nesting of {@code include}
     * @param maxFiles            files read in all
     * @param maxLines            logical lines produced in all (sequences and multiline parameters included)
     * @param maxNesting          nesting of {@code { }} blocks
     * @param maxSubstitutions    parameter substitutions on one line (stops self-referring parameters)
     * @param maxInputBytes       bytes read from all files together
     * @param maxDiagnostics      diagnostics kept
     */
    public record Limits(int maxLineLength, int maxIncludeDepth, int maxFiles, long maxLines, int maxNesting,
                         int maxSubstitutions, long maxInputBytes, int maxDiagnostics) {

        public static final Limits DEFAULT =
                new Limits(65_536, 32, 4096, 4_000_000, 64, 10_000, 512L * 1024 * 1024, Diagnostics.DEFAULT_LIMIT);

        public Limits {
            if (maxLineLength < 80 || maxIncludeDepth < 1 || maxFiles < 1 || maxLines < 1 || maxNesting < 2
                    || maxSubstitutions < 1 || maxInputBytes < 1 || maxDiagnostics < 1) {
                throw new IllegalArgumentException("limits too small");
            }
        }
    }

    /** The host name up to its first dot, as keepalived's default config id; "localhost" when unknown. */
    public static String shortHostName() {
        String name = null;
        try {
            name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).trim();
        } catch (IOException | SecurityException e) {
            name = System.getenv("HOSTNAME");
        }
        if (name == null || name.isBlank()) {
            return "localhost";
        }
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
