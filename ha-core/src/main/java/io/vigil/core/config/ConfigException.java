package io.vigil.core.config;

import java.util.List;
import java.util.stream.Collectors;

/** A config that could not be accepted; carries every diagnostic found, errors and warnings. */
public final class ConfigException extends Exception {

    private final List<Diagnostic> diagnostics;

    public ConfigException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().filter(Diagnostic::isError).map(Diagnostic::toString)
                .collect(Collectors.joining("\n")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public ConfigException(Diagnostic diagnostic) {
        this(List.of(diagnostic));
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
