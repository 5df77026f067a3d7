package io.vigil.core.engine;

import io.vigil.core.config.ConfigLoader;
import io.vigil.core.config.LoadResult;
import io.vigil.core.config.VigilConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** keepalived.conf text to a config, for the engine's tests (a file in a temporary directory: no sockets). */
final class Configs {

    private Configs() {
    }

    static VigilConfig read(String text) {
        try {
            Path dir = Files.createTempDirectory("engine-test");
            try {
                Path f = dir.resolve("keepalived.conf");
                Files.writeString(f, text);
                LoadResult r = ConfigLoader.load(f);
                if (r.config() == null) {
                    throw new IllegalArgumentException("config has errors: " + r.diagnostics());
                }
                return r.config();
            } finally {
                try (var s = Files.list(dir)) {
                    for (Path p : s.toList()) {
                        Files.delete(p);
                    }
                }
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One instance VI_1 on eth0 holding 192.0.2.100, then {@code rest}. */
    static VigilConfig withInstance(String rest) {
        return read("""
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 51
                  priority 100
                  virtual_ipaddress {
                    192.0.2.100/24
                  }
                }
                """ + rest);
    }
}
