package io.vigil.kernel.reconcile;

import io.vigil.core.port.DatapathState;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.VirtualService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Desired versus actual: the smallest list of table operations that turns the actual table into the desired one
 * for the services one owns, and the description of drift. Pure functions, no kernel.
 *
 * <p>The plan sends nothing for what already matches (so applying the same state twice sends nothing), edits in
 * place what can be edited (a weight, a forwarding method, a scheduler: no delete and re-add, so established
 * connections stay), never deletes the real servers of a service it deletes (the kernel does), and orders the
 * operations so that no service is ever left empty on the way: services added and edited, then real servers
 * added and edited, then real servers deleted, then services deleted.
 */
public final class Reconciler {

    private Reconciler() {
    }

    /**
     * The operations that make {@code actual} match {@code desired}.
     *
     * @param owned which services of {@code actual} that are not desired may be deleted (those of other owners
     *              are left alone); desired services are always managed
     */
    public static List<TableOp> plan(DatapathState desired, DatapathState actual, Predicate<ServiceKey> owned) {
        List<TableOp> services = new ArrayList<>();
        List<TableOp> serverChanges = new ArrayList<>();
        List<TableOp> serverDeletes = new ArrayList<>();
        List<TableOp> serviceDeletes = new ArrayList<>();
        Map<ServiceKey, VirtualService> have = actual.byKey();
        for (VirtualService want : desired.services()) {
            VirtualService got = have.get(want.key());
            if (got == null) {
                services.add(new TableOp.AddService(want));
                for (RealServer r : want.realServers()) {
                    serverChanges.add(new TableOp.AddServer(want.key(), r));
                }
                continue;
            }
            if (!want.sameSettings(got)) {
                services.add(new TableOp.EditService(want));
            }
            for (RealServer r : want.realServers()) {
                RealServer g = got.realServer(r);
                if (g == null) {
                    serverChanges.add(new TableOp.AddServer(want.key(), r));
                } else if (!g.equals(r)) {
                    serverChanges.add(new TableOp.EditServer(want.key(), r));
                }
            }
            for (RealServer g : got.realServers()) {
                if (want.realServer(g) == null) {
                    serverDeletes.add(new TableOp.DeleteServer(want.key(), g));
                }
            }
        }
        Map<ServiceKey, VirtualService> wanted = desired.byKey();
        for (VirtualService got : actual.services()) {
            if (!wanted.containsKey(got.key()) && owned.test(got.key())) {
                serviceDeletes.add(new TableOp.DeleteService(got.key()));
            }
        }
        List<TableOp> out = new ArrayList<>(services.size() + serverChanges.size() + serverDeletes.size()
                + serviceDeletes.size());
        out.addAll(services);
        out.addAll(serverChanges);
        out.addAll(serverDeletes);
        out.addAll(serviceDeletes);
        return out;
    }

    /**
     * Where {@code actual} differs from {@code expected} (what a datapath left in the kernel), for the services of
     * {@code expected} only: one line per difference, e.g. {@code TCP 192.0.2.1:80 -> 198.51.100.10:80: weight 5
     * expected, 1 found}.
     */
    public static List<String> drift(DatapathState expected, DatapathState actual) {
        List<String> out = new ArrayList<>();
        Map<ServiceKey, VirtualService> have = actual.byKey();
        for (VirtualService want : expected.services()) {
            VirtualService got = have.get(want.key());
            if (got == null) {
                out.add(want.key() + ": service missing");
                continue;
            }
            if (!want.sameSettings(got)) {
                out.add(want.key() + ": settings changed (" + settings(want) + " expected, " + settings(got)
                        + " found)");
            }
            for (RealServer r : want.realServers()) {
                RealServer g = got.realServer(r);
                String name = want.key() + " -> " + ServiceKey.endpoint(r.address(), r.port());
                if (g == null) {
                    out.add(name + ": real server missing");
                } else if (!g.equals(r)) {
                    out.add(name + ": " + r + " expected, " + g + " found");
                }
            }
            for (RealServer g : got.realServers()) {
                if (want.realServer(g) == null) {
                    out.add(want.key() + " -> " + ServiceKey.endpoint(g.address(), g.port()) + ": real server added");
                }
            }
        }
        return out;
    }

    private static String settings(VirtualService s) {
        return s.scheduler() + (s.schedulerFlags().isEmpty() ? "" : " " + s.schedulerFlags())
                + (s.isPersistent() ? " persistent " + s.persistenceTimeout() + "/" + s.persistencePrefix() : "")
                + (s.onePacket() ? " ops" : "");
    }
}
