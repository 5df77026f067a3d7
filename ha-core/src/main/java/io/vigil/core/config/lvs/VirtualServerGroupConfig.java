package io.vigil.core.config.lvs;

import io.vigil.core.config.SourceLocation;
import java.util.List;
import java.util.Objects;

/** A {@code virtual_server_group}: addresses, address ranges and fwmarks served by the same real servers. */
public record VirtualServerGroupConfig(String name, List<Entry> entries, SourceLocation location) {

    public VirtualServerGroupConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        entries = List.copyOf(entries);
    }

    /**
     * One line of the group: an address range ({@code first}-{@code last}, equal for one address; a {@code /nn}
     * prefix is given as its first and last address) with an optional port, or a fwmark.
     *
     * @param port    the port, 0 when none was given
     * @param fwmark  the fwmark of a {@code fwmark N [inet|inet6]} line, or {@code null} for an address line
     * @param family  the family of a fwmark line ({@code null}: not given)
     */
    public record Entry(java.net.InetAddress first, java.net.InetAddress last, int port, Long fwmark,
                        io.vigil.core.net.AddressFamily family, SourceLocation location) {

        public Entry {
            Objects.requireNonNull(location, "location");
            if ((fwmark == null) == (first == null)) {
                throw new IllegalArgumentException("an entry is either an address range or a fwmark");
            }
        }

        public boolean isFwmark() {
            return fwmark != null;
        }
    }
}
