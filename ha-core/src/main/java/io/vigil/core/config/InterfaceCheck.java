package io.vigil.core.config;

import io.vigil.core.config.lvs.CheckerConfig;
import io.vigil.core.config.lvs.ConnectionOptions;
import io.vigil.core.config.lvs.RealServerConfig;
import io.vigil.core.config.lvs.VirtualServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The interface checks keepalived makes at start-up, kept apart from loading so that {@code vigil check} runs on a
 * build machine that has none of the director's interfaces. The daemon calls this with the interfaces that exist.
 *
 * <p>An instance's {@code interface} and the {@code dev} of an address vigil must add are errors when missing
 * (warnings with {@code dynamic_interfaces}); interfaces only tracked or named for pacing and checks are warnings.
 */
public final class InterfaceCheck {

    private InterfaceCheck() {
    }

    /** Diagnostics for every interface the config names that is not in {@code existing}. */
    public static List<Diagnostic> check(VigilConfig config, Set<String> existing) {
        List<Diagnostic> out = new ArrayList<>();
        boolean dynamic = config.globalDefs().vrrp().dynamicInterfaces();
        for (VrrpInstanceConfig i : config.vrrpInstances()) {
            String where = "vrrp_instance " + i.name();
            if (!i.interfaceName().isEmpty() && !existing.contains(i.interfaceName())) {
                out.add(diag(!dynamic, i.location(), "interface " + i.interfaceName() + " of " + where
                        + " does not exist" + (dynamic ? " (yet)" : "")));
            }
            List<VirtualAddress> addrs = new ArrayList<>(i.virtualAddresses());
            addrs.addAll(i.excludedAddresses());
            for (VirtualAddress a : addrs) {
                if (a.device() != null && !existing.contains(a.device())) {
                    out.add(diag(!dynamic, a.location(), "interface " + a.device() + " of address "
                            + a.prefix() + " in " + where + " does not exist"));
                }
            }
            for (TrackedInterface t : i.trackInterfaces()) {
                if (!existing.contains(t.name())) {
                    out.add(Diagnostic.warning(t.location(), where + ": tracked interface " + t.name()
                            + " does not exist"));
                }
            }
            for (RouteConfig r : i.virtualRoutes()) {
                route(r, existing, out);
            }
        }
        for (VrrpSyncGroupConfig g : config.vrrpSyncGroups()) {
            for (TrackedInterface t : g.trackInterfaces()) {
                if (!existing.contains(t.name())) {
                    out.add(Diagnostic.warning(t.location(), "vrrp_sync_group " + g.name() + ": tracked interface "
                            + t.name() + " does not exist"));
                }
            }
        }
        for (VirtualAddress a : config.staticAddresses()) {
            String dev = a.device() != null ? a.device() : config.globalDefs().vrrp().defaultInterface() != null
                    ? config.globalDefs().vrrp().defaultInterface() : "eth0";
            if (!existing.contains(dev)) {
                out.add(diag(!dynamic, a.location(), "interface " + dev + " of static address " + a.prefix()
                        + " does not exist"));
            }
        }
        for (RouteConfig r : config.staticRoutes()) {
            route(r, existing, out);
        }
        for (GarpGroupConfig g : config.garpGroups()) {
            for (String name : g.interfaces()) {
                if (!existing.contains(name)) {
                    out.add(Diagnostic.warning(g.location(), "interface " + name + " of garp_group does not exist"));
                }
            }
        }
        List<InterfaceSetting> named = new ArrayList<>(config.linkbeatInterfaces());
        named.addAll(config.interfaceDelays());
        for (InterfaceSetting s : named) {
            if (!existing.contains(s.name())) {
                out.add(Diagnostic.warning(s.location(), "interface " + s.name() + " does not exist"));
            }
        }
        for (VirtualServerConfig vs : config.virtualServers()) {
            for (RealServerConfig rs : vs.realServers()) {
                for (CheckerConfig c : rs.checkers()) {
                    ConnectionOptions co = connection(c);
                    if (co != null && co.bindInterface() != null && !existing.contains(co.bindInterface())) {
                        out.add(Diagnostic.warning(c.location(), c.keyword() + ": bind_if " + co.bindInterface()
                                + " does not exist"));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    private static void route(RouteConfig r, Set<String> existing, List<Diagnostic> out) {
        if (r.device() != null && !existing.contains(r.device())) {
            out.add(Diagnostic.warning(r.location(), "interface " + r.device() + " of route " + r.destination()
                    + " does not exist"));
        }
    }

    private static Diagnostic diag(boolean error, SourceLocation at, String message) {
        return error ? Diagnostic.error(at, message) : Diagnostic.warning(at, message);
    }

    private static ConnectionOptions connection(CheckerConfig c) {
        if (c instanceof CheckerConfig.TcpCheck t) {
            return t.connection();
        }
        if (c instanceof CheckerConfig.HttpCheck h) {
            return h.connection();
        }
        if (c instanceof CheckerConfig.SmtpCheck s) {
            return s.connection();
        }
        if (c instanceof CheckerConfig.DnsCheck d) {
            return d.connection();
        }
        if (c instanceof CheckerConfig.UdpCheck u) {
            return u.connection();
        }
        if (c instanceof CheckerConfig.PingCheck p) {
            return p.connection();
        }
        return null;
    }
}
