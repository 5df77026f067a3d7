package io.vigil.core.config.keepalived;

import io.vigil.core.config.Diagnostics;
import io.vigil.core.config.VigilConfig;

/** Checks across the LVS blocks. */
final class LvsSemantics {

    private LvsSemantics() {
    }

    static VigilConfig check(VigilConfig config, Diagnostics diags) {
        return config;
    }
}
