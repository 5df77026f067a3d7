package io.vigil.core.config;

import java.util.List;
import java.util.Objects;

/**
 * A keepalived keyword that vigil reads and keeps but has no typed place for, because vigil does not act on it
 * (process priorities, SNMP, D-Bus, netlink buffer sizes...). Its arguments are checked when read; keeping it lets a
 * dump and a reload diff show it.
 */
public record Setting(String keyword, List<String> args, SourceLocation location) {

    public Setting {
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(location, "location");
        args = List.copyOf(args);
    }
}
