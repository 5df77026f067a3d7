package io.vigil.kernel.rtnl;

import io.vigil.core.port.Link;
import java.util.Objects;

/**
 * A link as the kernel reports it: the port's {@link Link} plus what only the driver needs (the macvlan mode,
 * to decide whether an existing macvlan can be reused).
 *
 * @param macvlanMode IFLA_MACVLAN_MODE (MACVLAN_MODE_*), or 0 when not a macvlan
 */
public record RtnlLink(Link link, int macvlanMode) {

    public RtnlLink {
        Objects.requireNonNull(link, "link");
    }
}
