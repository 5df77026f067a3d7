package io.vigil.core.config;

import java.util.List;

/**
 * What a load gives: the config, or {@code null} when any error was found, and every diagnostic (errors and
 * warnings, in the order found).
 */
public record LoadResult(VigilConfig config, List<Diagnostic> diagnostics) {

    public LoadResult {
        diagnostics = List.copyOf(diagnostics);
        if (config != null && diagnostics.stream().anyMatch(Diagnostic::isError)) {
            throw new IllegalArgumentException("a config with errors is not returned");
        }
    }

    public boolean isValid() {
        return config != null;
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }

    /** The config, or a {@link ConfigException} carrying every diagnostic. */
    public VigilConfig orThrow() throws ConfigException {
        if (config == null) {
            throw new ConfigException(diagnostics);
        }
        return config;
    }
}
