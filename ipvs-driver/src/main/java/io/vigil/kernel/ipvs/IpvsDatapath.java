package io.vigil.kernel.ipvs;

import io.vigil.core.port.ApplyResult;
import io.vigil.core.port.ApplyResult.Failure;
import io.vigil.core.port.ConnectionCount;
import io.vigil.core.port.Datapath;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.VirtualService;
import io.vigil.kernel.nativ.Errnos;
import io.vigil.kernel.netlink.NlReply;
import io.vigil.kernel.netlink.NlRequest;
import io.vigil.kernel.reconcile.Reconciler;
import io.vigil.kernel.reconcile.TableOp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Datapath} over kernel IPVS: plans with the {@link Reconciler}, sends the plan as batched generic
 * netlink requests (a few hundred per datagram), and keeps the kernel's table as it last saw it, so an event that
 * changes one weight costs one request and no dump.
 *
 * <p><b>Ownership.</b> {@link Ownership#OWNED}: vigil manages the services in the desired state and those it applied
 * before (in this process); every other service in the kernel belongs to someone else and is neither read nor
 * touched. {@link Ownership#ALL}: the whole table is vigil's (keepalived's {@code lvs_flush}); services nobody
 * desires are deleted.
 *
 * <p><b>Drift.</b> A {@link Read#KERNEL} apply dumps the owned services and compares them with what vigil left
 * there; each difference is logged at WARN, counted ({@link #driftCount()}) and repaired by the plan. A
 * {@link Read#CACHED} apply whose request is refused in a way that shows the table moved (EEXIST on an add, ENOENT
 * or ESRCH on an edit or delete) reads the kernel and plans again, once.
 *
 * <p>Not thread-safe: one engine loop calls it.
 */
public final class IpvsDatapath implements Datapath {

    private static final Logger LOG = LoggerFactory.getLogger(IpvsDatapath.class);

    /** Which services of the kernel's table vigil manages. */
    public enum Ownership {
        /** The desired ones and those vigil applied before; others are left alone. */
        OWNED,
        /** Every service; those not desired are deleted. */
        ALL
    }

    private final IpvsTable table;
    private final Ownership ownership;
    private final Set<ServiceKey> owned = new HashSet<>();
    private DatapathState cache;
    private DatapathState expected = DatapathState.EMPTY;
    private long driftCount;

    public IpvsDatapath(IpvsTable table, Ownership ownership) {
        this.table = table;
        this.ownership = ownership;
    }

    /** Opens the kernel's IPVS table in the calling thread's network namespace, owning only its own services. */
    public static IpvsDatapath open() throws KernelException {
        return new IpvsDatapath(IpvsTable.open(), Ownership.OWNED);
    }

    public IpvsTable table() {
        return table;
    }

    @Override
    public String kind() {
        return "ipvs";
    }

    /** Differences found between the kernel and what vigil had left there, since start. */
    public long driftCount() {
        return driftCount;
    }

    @Override
    public ApplyResult apply(DatapathState desired, Read read) throws KernelException {
        ApplyResult r = applyOnce(desired, read == Read.KERNEL || cache == null);
        if (read == Read.CACHED && !r.ok() && tableMoved(r)) {
            LOG.info("IPVS table changed behind vigil's back ({}); reading it and planning again", r.failures().get(0));
            ApplyResult again = applyOnce(desired, true);
            List<ApplyResult.Change> changes = new ArrayList<>(r.changes());
            changes.addAll(again.changes());
            return new ApplyResult(changes, again.drift(), again.failures());
        }
        return r;
    }

    private ApplyResult applyOnce(DatapathState desired, boolean readKernel) throws KernelException {
        List<String> drift = List.of();
        DatapathState actual;
        if (readKernel) {
            actual = readOwned(desired);
            drift = Reconciler.drift(expected, actual);
            if (!drift.isEmpty()) {
                driftCount += drift.size();
                for (String d : drift) {
                    LOG.warn("IPVS drift: {}", d);
                }
            }
        } else {
            actual = cache;
        }
        List<TableOp> plan = Reconciler.plan(desired, actual, this::isOwned);
        List<ApplyResult.Change> done = new ArrayList<>(plan.size());
        List<Failure> failures = new ArrayList<>();
        if (!plan.isEmpty()) {
            List<NlRequest> requests = new ArrayList<>(plan.size());
            for (TableOp op : plan) {
                requests.add(encode(op));
            }
            List<NlReply> replies = table.execute(requests);
            for (int i = 0; i < plan.size(); i++) {
                NlReply reply = replies.get(i);
                if (reply.ok()) {
                    done.add(plan.get(i).change());
                } else {
                    failures.add(new Failure(plan.get(i).change(), reply.errno(), reply.exception().getMessage()));
                }
            }
        }
        for (VirtualService s : desired.services()) {
            owned.add(s.key());
        }
        expected = desired;
        cache = failures.isEmpty() ? merged(actual, desired) : null;
        if (!failures.isEmpty()) {
            LOG.warn("IPVS: {} of {} changes refused, first: {}", failures.size(), plan.size(), failures.get(0));
        }
        return new ApplyResult(done, drift, failures);
    }

    /** The services vigil owns, as the kernel holds them now. */
    @Override
    public DatapathState read() throws KernelException {
        return readOwned(DatapathState.EMPTY);
    }

    private DatapathState readOwned(DatapathState desired) throws KernelException {
        Set<ServiceKey> wanted = desired.byKey().keySet();
        List<VirtualService> out = new ArrayList<>();
        for (IpvsService s : table.servicesOnly()) {
            ServiceKey key = s.service().key();
            if (wanted.contains(key) || isOwned(key)) {
                out.add(s.withDestinations(table.destinations(key)).service());
            }
        }
        return new DatapathState(out);
    }

    /** Each destination's counts, from one dump of the services and one per owned service. */
    @Override
    public List<ConnectionCount> connections() throws KernelException {
        List<ConnectionCount> out = new ArrayList<>();
        for (IpvsService s : table.servicesOnly()) {
            ServiceKey key = s.service().key();
            if (!isOwned(key)) {
                continue;
            }
            for (IpvsDestination d : table.destinations(key)) {
                out.add(new ConnectionCount(key, d.server().address(), d.server().port(), d.activeConnections(),
                        d.inactiveConnections(), d.persistentConnections()));
            }
        }
        return out;
    }

    /**
     * Takes the services an earlier run owned (its ownership file) as vigil's: the next apply reads the kernel and
     * deletes those no longer desired, and keeps the others as they are (no gap in service).
     */
    @Override
    public List<String> adoptLeftovers(Set<ServiceKey> previous) throws KernelException {
        List<String> found = new ArrayList<>();
        for (IpvsService s : table.servicesOnly()) {
            ServiceKey key = s.service().key();
            if (previous.contains(key) && owned.add(key)) {
                found.add(key.toString());
            }
        }
        cache = null;
        return found;
    }

    private boolean isOwned(ServiceKey key) {
        return ownership == Ownership.ALL || owned.contains(key);
    }

    /** The kernel's table once a plan fully succeeded: what it was, with the desired services in place. */
    private static DatapathState merged(DatapathState actual, DatapathState desired) {
        Map<ServiceKey, VirtualService> m = new LinkedHashMap<>();
        Map<ServiceKey, VirtualService> want = desired.byKey();
        for (VirtualService s : actual.services()) {
            if (want.containsKey(s.key())) {
                m.put(s.key(), want.get(s.key()));
            }
        }
        m.putAll(want);
        return new DatapathState(List.copyOf(m.values()));
    }

    private NlRequest encode(TableOp op) {
        IpvsCodec c = table.codec();
        if (op instanceof TableOp.AddService a) {
            return c.service(Ipvs.CMD_NEW_SERVICE, a.service());
        } else if (op instanceof TableOp.EditService e) {
            return c.service(Ipvs.CMD_SET_SERVICE, e.service());
        } else if (op instanceof TableOp.DeleteService d) {
            return c.deleteService(d.key());
        } else if (op instanceof TableOp.AddServer a) {
            return c.destination(Ipvs.CMD_NEW_DEST, a.key(), a.server());
        } else if (op instanceof TableOp.EditServer e) {
            return c.destination(Ipvs.CMD_SET_DEST, e.key(), e.server());
        }
        TableOp.DeleteServer d = (TableOp.DeleteServer) op;
        return c.deleteDestination(d.key(), d.server());
    }

    private static boolean tableMoved(ApplyResult r) {
        for (Failure f : r.failures()) {
            if (f.errno() == Errnos.EEXIST || f.errno() == Errnos.ENOENT || f.errno() == Errnos.ESRCH) {
                return true;
            }
        }
        return false;
    }

    /** IPVS has every scheduler and forwarding method vigil knows; a scheduler module may still be missing. */
    @Override
    public List<String> limitations(DatapathState desired) {
        return limitationsOf(desired);
    }

    /** {@link #limitations} without a table: for {@code vigil check}. */
    public static List<String> limitationsOf(DatapathState desired) {
        List<String> out = new ArrayList<>();
        for (VirtualService s : desired.services()) {
            if (!VirtualService.SCHEDULERS.contains(s.scheduler())) {
                out.add(s.key() + ": scheduler '" + s.scheduler() + "' is not one of the kernel's IPVS schedulers");
            }
        }
        return out;
    }

    @Override
    public void close() {
        table.close();
    }
}
