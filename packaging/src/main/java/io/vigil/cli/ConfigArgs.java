package io.vigil.cli;

import io.vigil.core.config.Diagnostic;
import io.vigil.core.config.LoadOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The options {@code check} and {@code dump-config} share: {@code -f FILE}, {@code --config-id ID} (keepalived's
 * {@code -i}), and {@code --format} for the dump. Parsing never throws: a bad command line is a message and
 * {@link Main#EXIT_USAGE}.
 */
record ConfigArgs(Path file, String configId, String format) {

    /** Parses {@code args}; prints the problem and returns {@code null} when they are wrong. */
    static ConfigArgs parse(String command, List<String> args, boolean withFormat, PrintStream err) {
        Path file = null;
        String id = null;
        String format = "yaml";
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = i + 1 < args.size() ? args.get(i + 1) : null;
            switch (a) {
                case "-f", "--file", "--use-file" -> {
                    if (value == null) {
                        return usage(command, "-f needs a file", withFormat, err);
                    }
                    file = Path.of(value);
                    i++;
                }
                case "-i", "--config-id" -> {
                    if (value == null) {
                        return usage(command, a + " needs an id", withFormat, err);
                    }
                    id = value;
                    i++;
                }
                case "--format" -> {
                    if (!withFormat || value == null || !(value.equals("json") || value.equals("yaml"))) {
                        return usage(command, withFormat ? "--format is json or yaml" : "unknown option --format",
                                withFormat, err);
                    }
                    format = value;
                    i++;
                }
                case "-h", "--help" -> {
                    return usage(command, null, withFormat, err);
                }
                default -> {
                    if (a.startsWith("--format=") && withFormat) {
                        String v = a.substring("--format=".length());
                        if (!v.equals("json") && !v.equals("yaml")) {
                            return usage(command, "--format is json or yaml", true, err);
                        }
                        format = v;
                    } else if (a.startsWith("--config-id=")) {
                        id = a.substring("--config-id=".length());
                    } else {
                        return usage(command, "unknown argument '" + a + "'", withFormat, err);
                    }
                }
            }
        }
        if (file == null) {
            return usage(command, "-f FILE is required", withFormat, err);
        }
        return new ConfigArgs(file, id, format);
    }

    private static ConfigArgs usage(String command, String problem, boolean withFormat, PrintStream err) {
        if (problem != null) {
            err.println("vigil " + command + ": " + problem);
        }
        err.println("usage: vigil " + command + " -f FILE [--config-id ID]" + (withFormat ? " [--format json|yaml]"
                : ""));
        return null;
    }

    LoadOptions loadOptions() {
        LoadOptions o = LoadOptions.defaults();
        return configId == null ? o : o.withConfigId(configId);
    }

    /** Prints each diagnostic as {@code FILE:LINE:COL: error|warning: message}. */
    static void print(List<Diagnostic> diagnostics, PrintStream err) {
        for (Diagnostic d : diagnostics) {
            err.println(d);
        }
    }
}
