package io.vigil.core.port;

import io.vigil.core.net.AddressFamily;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A virtual service as the forwarding plane should hold it ({@code virtual_server} in keepalived), with its real
 * servers. A plain value: the engine computes it from the config, the VRRP states and the health of the real
 * servers, and a {@link Datapath} makes the kernel match it.
 *
 * @param key                the service ({@code virtual_server IP PORT} + {@code protocol}, or {@code fwmark})
 * @param scheduler          {@code lb_algo}: rr, wrr, lc, wlc, lblc, lblcr, dh, sh, sed, nq, fo, ovf, mh (any name the
 *                           kernel has a module for; see {@link #SCHEDULERS})
 * @param schedulerFlags     {@code sh-fallback} / {@code mh-fallback} ({@link SchedulerFlag#FALLBACK}), {@code sh-port} /
 *                           {@code mh-port} ({@link SchedulerFlag#PORT}), {@code flag-3}
 * @param persistenceTimeout {@code persistence_timeout} in seconds; 0 for a service without persistence
 * @param persistencePrefix  {@code persistence_granularity} as a prefix length (255.255.255.0 is 24); 32 / 128 when
 *                           not set
 * @param onePacket          {@code ops}: one-packet scheduling (UDP)
 * @param realServers        {@code real_server}s, at most one per address and port
 */
public record VirtualService(ServiceKey key, String scheduler, Set<SchedulerFlag> schedulerFlags, int persistenceTimeout,
                             int persistencePrefix, boolean onePacket, List<RealServer> realServers) {

    /** The schedulers of the Linux kernel (ip_vs_*.ko). */
    public static final Set<String> SCHEDULERS = Set.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed",
            "nq", "fo", "ovf", "mh", "twos");

    /** The scheduler flags of IPVS (IP_VS_SVC_F_SCHED1..3); what they mean depends on the scheduler. */
    public enum SchedulerFlag {
        /** flag-1: {@code sh-fallback} / {@code mh-fallback}: skip an unavailable server instead of dropping. */
        FALLBACK,
        /** flag-2: {@code sh-port} / {@code mh-port}: hash the source port too. */
        PORT,
        /** flag-3: unused by the kernel's schedulers today. */
        FLAG_3
    }

    public VirtualService {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(scheduler, "scheduler");
        if (!scheduler.matches("[a-z0-9_]{1,15}")) {
            throw new IllegalArgumentException("not a scheduler name: '" + scheduler + "'");
        }
        schedulerFlags = schedulerFlags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(schedulerFlags));
        if (persistenceTimeout < 0) {
            throw new IllegalArgumentException("persistence timeout cannot be negative");
        }
        int max = key.family().maxPrefixLength();
        if (persistencePrefix < (key.family() == AddressFamily.INET ? 0 : 1) || persistencePrefix > max) {
            throw new IllegalArgumentException("persistence prefix out of range for " + key.family() + ": "
                    + persistencePrefix);
        }
        if (onePacket && key.protocol() != ServiceKey.Protocol.UDP && !key.isFwmark()) {
            throw new IllegalArgumentException(key + ": one-packet scheduling (ops) is for UDP and fwmark services");
        }
        realServers = List.copyOf(realServers);
        Set<String> seen = new HashSet<>();
        for (RealServer r : realServers) {
            if (!seen.add(ServiceKey.endpoint(r.address(), r.port()))) {
                throw new IllegalArgumentException(key + ": real server " + ServiceKey.endpoint(r.address(), r.port())
                        + " appears twice");
            }
            if (r.family() != key.family() && r.forwarding() != RealServer.Forwarding.TUN) {
                throw new IllegalArgumentException(key + ": real server " + r.address().getHostAddress()
                        + " of another address family needs TUN forwarding");
            }
        }
    }

    /** A service without persistence or flags. */
    public static VirtualService of(ServiceKey key, String scheduler, List<RealServer> realServers) {
        return new VirtualService(key, scheduler, Set.of(), 0, key.family().maxPrefixLength(), false, realServers);
    }

    public boolean isPersistent() {
        return persistenceTimeout > 0;
    }

    /** The same service with other real servers. */
    public VirtualService withRealServers(List<RealServer> servers) {
        return new VirtualService(key, scheduler, schedulerFlags, persistenceTimeout, persistencePrefix, onePacket,
                servers);
    }

    /** True when the service-level settings (everything but the real servers) equal {@code other}'s. */
    public boolean sameSettings(VirtualService other) {
        return key.equals(other.key) && scheduler.equals(other.scheduler)
                && schedulerFlags.equals(other.schedulerFlags) && persistenceTimeout == other.persistenceTimeout
                && persistencePrefix == other.persistencePrefix && onePacket == other.onePacket;
    }

    /** The real server at that address and port, or {@code null}. */
    public RealServer realServer(RealServer like) {
        for (RealServer r : realServers) {
            if (r.sameServer(like)) {
                return r;
            }
        }
        return null;
    }

    /** The real servers sorted by address then port, for stable output. */
    public List<RealServer> sortedRealServers() {
        List<RealServer> out = new ArrayList<>(realServers);
        out.sort((a, b) -> {
            int c = java.util.Arrays.compareUnsigned(a.address().getAddress(), b.address().getAddress());
            return c != 0 ? c : Integer.compare(a.port(), b.port());
        });
        return out;
    }

    @Override
    public String toString() {
        return key + " " + scheduler + (schedulerFlags.isEmpty() ? "" : " " + EnumSet.copyOf(schedulerFlags))
                + (isPersistent() ? " persistent " + persistenceTimeout : "") + (onePacket ? " ops" : "")
                + " " + realServers;
    }
}
