package io.vigil.core.config;

import io.vigil.core.net.IpPrefix;
import java.util.List;
import java.util.Objects;

/**
 * One line of {@code static_rules} or {@code virtual_rules}, in {@code ip rule add} syntax.
 *
 * @param from       {@code from} prefix, or {@code null} for all
 * @param to         {@code to} prefix, or {@code null} for all
 * @param action     what the rule does: {@code table N}, {@code goto N}, {@code blackhole}, {@code unreachable},
 *                   {@code prohibit}, {@code nop}
 * @param preference {@code preference}/{@code priority}/{@code order}, or {@code null} (keepalived then picks one)
 * @param options    the remaining selectors as written ({@code iif eth0}, {@code fwmark 24/12}...), in order
 */
public record RuleConfig(boolean not, IpPrefix from, IpPrefix to, String action, Long preference,
                         List<String> options, boolean inet6, boolean noTrack, String trackGroup,
                         SourceLocation location) {

    public RuleConfig {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(location, "location");
        options = List.copyOf(options);
    }
}
