package io.vigil.core.config.lvs;

import io.vigil.core.config.ScriptCommand;
import io.vigil.core.config.SourceLocation;
import io.vigil.core.net.AddressFamily;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A {@code virtual_server}: an IPVS service ({@code ADDR [PORT]}, {@code fwmark N} or {@code group NAME}) with its
 * scheduling, persistence, quorum and servers. Effective values: keepalived's defaults applied ({@code wlc}, NAT,
 * delay loop 60 s, connect timeout 5 s, quorum 1...).
 *
 * @param address         the service address, or {@code null} for a fwmark or group service
 * @param port            the service port, 0 for none (fwmark, group, or a persistent service on all ports)
 * @param fwmark          the fwmark, or {@code null}
 * @param group           the {@code virtual_server_group} name, or {@code null}
 * @param family          the address family (of the address; of the real servers for fwmark; {@code ip_family})
 * @param protocol        {@code protocol}, or {@code null} for a fwmark service (IPVS ignores it there)
 * @param scheduler       {@code lb_algo} / {@code lvs_sched} (default wlc)
 * @param flags           scheduler flags: {@code flag-1..3}, {@code sh-port}, {@code sh-fallback},
 *                        {@code mh-port}, {@code mh-fallback}, {@code ops}, {@code hashed}
 * @param persistenceTimeoutSeconds {@code persistence_timeout}, 0 when not persistent
 * @param persistenceGranularity    {@code persistence_granularity} (IPv4 netmask or IPv6 prefix length), or
 *                        {@code null}
 * @param quorum          minimum total weight of live real servers (default 1)
 * @param hysteresis      tolerance around the quorum (default 0)
 * @param weight          the undocumented virtual server {@code weight}: default weight of its real servers (1)
 * @param retry           virtual-server default of checker retries, or {@code null}
 * @param loopGuard       {@code vigil_loop_guard}, or {@code null} for global_defs' (see {@link LoopGuard})
 */
public record VirtualServerConfig(InetAddress address, int port, Long fwmark, String group, AddressFamily family,
                                  Protocol protocol, String scheduler, List<String> flags, Forwarding forwarding,
                                  String persistenceEngine, long persistenceTimeoutSeconds,
                                  String persistenceGranularity, boolean haSuspend, boolean smtpAlert,
                                  String virtualhost, String snmpName, boolean alpha, boolean omega, long quorum,
                                  long hysteresis, ScriptCommand quorumUp, ScriptCommand quorumDown, int weight,
                                  SorryServerConfig sorryServer, List<RealServerConfig> realServers,
                                  long delayLoopNanos, long connectTimeoutNanos, Integer retry,
                                  Long delayBeforeRetryNanos, Long warmupNanos, boolean inhibitOnFailure,
                                  SourceLocation location, LoopGuard loopGuard) {

    public VirtualServerConfig {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(forwarding, "forwarding");
        Objects.requireNonNull(location, "location");
        flags = List.copyOf(flags);
        realServers = List.copyOf(realServers);
        int kinds = (address != null ? 1 : 0) + (fwmark != null ? 1 : 0) + (group != null ? 1 : 0);
        if (kinds != 1) {
            throw new IllegalArgumentException("a virtual server is one of address, fwmark or group");
        }
    }

    /** Every component but {@code loopGuard} (not given: as global_defs says). */
    public VirtualServerConfig(InetAddress address, int port, Long fwmark, String group, AddressFamily family,
                               Protocol protocol, String scheduler, List<String> flags, Forwarding forwarding,
                               String persistenceEngine, long persistenceTimeoutSeconds,
                               String persistenceGranularity, boolean haSuspend, boolean smtpAlert,
                               String virtualhost, String snmpName, boolean alpha, boolean omega, long quorum,
                               long hysteresis, ScriptCommand quorumUp, ScriptCommand quorumDown, int weight,
                               SorryServerConfig sorryServer, List<RealServerConfig> realServers,
                               long delayLoopNanos, long connectTimeoutNanos, Integer retry,
                               Long delayBeforeRetryNanos, Long warmupNanos, boolean inhibitOnFailure,
                               SourceLocation location) {
        this(address, port, fwmark, group, family, protocol, scheduler, flags, forwarding, persistenceEngine,
                persistenceTimeoutSeconds, persistenceGranularity, haSuspend, smtpAlert, virtualhost, snmpName, alpha,
                omega, quorum, hysteresis, quorumUp, quorumDown, weight, sorryServer, realServers, delayLoopNanos,
                connectTimeoutNanos, retry, delayBeforeRetryNanos, warmupNanos, inhibitOnFailure, location, null);
    }

    /** How keepalived names the service in its messages: {@code [192.0.2.1]:tcp:80}, {@code FWM 1}, {@code G1}. */
    public String displayName() {
        if (fwmark != null) {
            return "FWM " + fwmark;
        }
        if (group != null) {
            return "group " + group;
        }
        String a = io.vigil.core.net.InetAddresses.toText(address);
        return "[" + a + "]:" + (protocol == null ? "none" : protocol.name().toLowerCase(java.util.Locale.ROOT))
                + ":" + port;
    }
}
