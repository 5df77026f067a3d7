package io.vigil.core.config.yaml;

import io.vigil.core.config.Diagnostics;
import io.vigil.core.config.LoadOptions;
import io.vigil.core.config.SourceLocation;
import io.vigil.core.config.VigilConfig;
import java.nio.file.Path;

/** Reads the YAML form of the config. */
public final class YamlConfigReader {

    private YamlConfigReader() {
    }

    public static VigilConfig read(Path file, String name, LoadOptions options, Diagnostics diags) {
        diags.error(SourceLocation.of(name, 0, 0), "YAML configs are not supported yet");
        return null;
    }
}
