package io.vigil.core.config.lvs;

import io.vigil.core.config.SourceLocation;
import java.util.Objects;

/** The top-level {@code SSL} block: the client context of SSL_GET checks (all {@code null}: generated). */
public record SslConfig(String password, String ca, String certificate, String key, SourceLocation location) {

    public SslConfig {
        Objects.requireNonNull(location, "location");
    }
}
