package io.vigil.core.config;

import io.vigil.core.config.keepalived.KeepalivedReader;
import io.vigil.core.config.yaml.YamlConfigReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one entry point to read a config, for the daemon (start-up and SIGHUP) and the CLI ({@code check},
 * {@code dump-config}). Chooses the syntax by extension ({@code .yaml}, {@code .yml}) or, failing that, by content
 * (a YAML document starts with {@code ---} or with a {@code key:} line; a keepalived.conf never does). Loading never
 * throws for bad input: every problem, a missing file included, is a {@link Diagnostic}.
 */
public final class ConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private ConfigLoader() {
    }

    /** The two syntaxes. */
    public enum Syntax { KEEPALIVED, YAML }

    public static LoadResult load(Path file, LoadOptions options) {
        Diagnostics diags = new Diagnostics(options.limits().maxDiagnostics());
        String name = file.toString();
        VigilConfig config = null;
        try {
            if (!Files.exists(file)) {
                diags.error(SourceLocation.of(name, 0, 0), "config file not found");
            } else if (Files.isDirectory(file)) {
                diags.error(SourceLocation.of(name, 0, 0), "config file is a directory");
            } else if (syntaxOf(file) == Syntax.YAML) {
                config = YamlConfigReader.read(file, name, options, diags);
            } else {
                config = KeepalivedReader.read(file, name, options, diags);
            }
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            LOG.error("internal error reading {}", name, e);
            diags.error(SourceLocation.of(name, 0, 0), "internal error while reading the config (" + e
                    + "); please report it with the file");
        }
        if (config == null && !diags.hasErrors()) {
            diags.error(SourceLocation.of(name, 0, 0), "nothing could be read");
        }
        return new LoadResult(diags.hasErrors() ? null : config, diags.toList());
    }

    public static LoadResult load(Path file) {
        return load(file, LoadOptions.defaults());
    }

    /** The syntax of {@code file}: by extension, else by its first meaningful line. */
    public static Syntax syntaxOf(Path file) {
        String n = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith(".yaml") || n.endsWith(".yml")) {
            return Syntax.YAML;
        }
        byte[] head = new byte[4096];
        int len;
        try (InputStream in = Files.newInputStream(file)) {
            len = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return Syntax.KEEPALIVED;
        }
        for (String line : new String(head, 0, len, StandardCharsets.UTF_8).split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith("!")) {
                continue;
            }
            if (t.equals("---") || t.startsWith("%YAML") || t.matches("[A-Za-z_][A-Za-z0-9_-]*:(\\s.*)?")) {
                return Syntax.YAML;
            }
            return Syntax.KEEPALIVED;
        }
        return Syntax.KEEPALIVED;
    }
}
