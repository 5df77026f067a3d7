package io.vigil.kernel.ipvs;

import io.vigil.core.port.KernelException;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.VirtualService;
import io.vigil.kernel.netlink.GenericNetlink;
import io.vigil.kernel.netlink.Netlink;
import io.vigil.kernel.netlink.NetlinkProtocolException;
import io.vigil.kernel.netlink.NetlinkSocket;
import io.vigil.kernel.netlink.NlMessage;
import io.vigil.kernel.netlink.NlReply;
import io.vigil.kernel.netlink.NlRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's IPVS table over generic netlink: services and destinations (add, edit, delete, dump with counters),
 * timeouts, sync daemons, info, flush and zero. Each single operation throws a {@link KernelException} naming it
 * when the kernel refuses it; {@link #execute} sends many at once (one datagram per 128) and returns every reply.
 *
 * <p>Works in the network namespace its socket was opened in ({@link #open()}: the calling thread's). Thread-safe
 * as its socket is (requests are serialised).
 */
public final class IpvsTable implements AutoCloseable {

    private final NetlinkSocket socket;
    private final IpvsCodec codec;

    private IpvsTable(NetlinkSocket socket, IpvsCodec codec) {
        this.socket = socket;
        this.codec = codec;
    }

    /**
     * Opens a generic netlink socket and resolves the IPVS family.
     *
     * @throws KernelException when the kernel has no IPVS (module not loaded, or not built)
     */
    public static IpvsTable open() throws KernelException {
        NetlinkSocket s = NetlinkSocket.open(Netlink.NETLINK_GENERIC, "IPVS generic netlink");
        try {
            GenericNetlink.Family f = GenericNetlink.resolve(s, Ipvs.GENL_NAME).orElseThrow(() ->
                    new KernelException("IPVS", "this kernel has no IPVS generic netlink family (modprobe ip_vs, or"
                            + " choose the nftables datapath)"));
            return new IpvsTable(s, new IpvsCodec(f.id()));
        } catch (KernelException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** True when the calling thread's network namespace has IPVS (the {@code auto} datapath choice). */
    public static boolean available() {
        try (NetlinkSocket s = NetlinkSocket.open(Netlink.NETLINK_GENERIC, "IPVS probe")) {
            return GenericNetlink.resolve(s, Ipvs.GENL_NAME).isPresent();
        } catch (KernelException e) {
            return false;
        }
    }

    public IpvsCodec codec() {
        return codec;
    }

    /** The socket, for its system-call counters. */
    public NetlinkSocket socket() {
        return socket;
    }

    /** Sends the requests in batches; one reply per request, in order (a refusal is in its reply). */
    public List<NlReply> execute(List<NlRequest> requests) throws KernelException {
        return socket.executeAll(requests);
    }

    /** Every service, each with its destinations (one dump for the services, one per service). */
    public List<IpvsService> services() throws KernelException {
        List<IpvsService> out = new ArrayList<>();
        for (IpvsService s : servicesOnly()) {
            out.add(s.withDestinations(destinations(s.service().key())));
        }
        return out;
    }

    /** Every service, without destinations (one dump). */
    public List<IpvsService> servicesOnly() throws KernelException {
        return IpvsCodec.decodeAll(socket.dump(codec.dumpServices()), Ipvs.CMD_NEW_SERVICE, IpvsCodec::decodeService);
    }

    /** The destinations of one service; none when the service does not exist. */
    public List<IpvsDestination> destinations(ServiceKey key) throws KernelException {
        List<NlMessage> messages = socket.dump(codec.dumpDestinations(key));
        List<IpvsDestination> out = new ArrayList<>(messages.size());
        for (NlMessage m : messages) {
            if (IpvsCodec.command(m) == Ipvs.CMD_NEW_DEST) {
                out.add(IpvsCodec.decodeDestination(m, key.family()));
            }
        }
        return out;
    }

    /** Adds a service and its real servers ({@code ipvsadm -A} then {@code -a} for each), in one batch. */
    public void addService(VirtualService s) throws KernelException {
        List<NlRequest> requests = new ArrayList<>();
        requests.add(codec.service(Ipvs.CMD_NEW_SERVICE, s));
        for (RealServer r : s.realServers()) {
            requests.add(codec.destination(Ipvs.CMD_NEW_DEST, s.key(), r));
        }
        checkAll(execute(requests));
    }

    /** Changes a service's settings ({@code ipvsadm -E}); its real servers are not touched. */
    public void editService(VirtualService s) throws KernelException {
        socket.execute(codec.service(Ipvs.CMD_SET_SERVICE, s)).check();
    }

    public void deleteService(ServiceKey key) throws KernelException {
        socket.execute(codec.deleteService(key)).check();
    }

    public void addDestination(ServiceKey key, RealServer r) throws KernelException {
        socket.execute(codec.destination(Ipvs.CMD_NEW_DEST, key, r)).check();
    }

    public void editDestination(ServiceKey key, RealServer r) throws KernelException {
        socket.execute(codec.destination(Ipvs.CMD_SET_DEST, key, r)).check();
    }

    public void deleteDestination(ServiceKey key, RealServer r) throws KernelException {
        socket.execute(codec.deleteDestination(key, r)).check();
    }

    public IpvsTimeouts timeouts() throws KernelException {
        return IpvsCodec.decodeTimeouts(single(codec.getTimeouts()));
    }

    /** {@code ipvsadm --set}: 0 leaves a timeout unchanged. */
    public void setTimeouts(IpvsTimeouts t) throws KernelException {
        socket.execute(codec.setTimeouts(t)).check();
    }

    /** The running sync daemons (none, master, backup or both). */
    public List<SyncDaemon> daemons() throws KernelException {
        return IpvsCodec.decodeAll(socket.dump(codec.dumpDaemons()), Ipvs.CMD_NEW_DAEMON, IpvsCodec::decodeDaemon);
    }

    /** Starts a sync daemon ({@code ipvsadm --start-daemon}); EEXIST when one of that state already runs. */
    public void startDaemon(SyncDaemon d) throws KernelException {
        socket.execute(codec.startDaemon(d)).check();
    }

    /** Stops the sync daemon of that state; ESRCH when none runs. */
    public void stopDaemon(SyncDaemon.State state) throws KernelException {
        socket.execute(codec.stopDaemon(state)).check();
    }

    /**
     * Makes the running sync daemons those of {@code wanted} (at most one per state, {@code lvs_sync_daemon}): starts
     * the missing, stops the extra, restarts a daemon whose settings differ (the kernel cannot change one in place).
     * keepalived runs both while VRRP is up; a caller following VRRP states passes the master daemon on MASTER and the
     * backup daemon on BACKUP, so a new master already holds the connections of the old one.
     *
     * @return what was done, one line each (empty when the daemons already matched)
     */
    public List<String> ensureDaemons(List<SyncDaemon> wanted) throws KernelException {
        for (SyncDaemon.State s : SyncDaemon.State.values()) {
            if (wanted.stream().filter(d -> d.state() == s).count() > 1) {
                throw new IllegalArgumentException("at most one " + s + " sync daemon");
            }
        }
        List<SyncDaemon> running = daemons();
        List<String> done = new ArrayList<>();
        for (SyncDaemon r : running) {
            SyncDaemon w = wanted.stream().filter(d -> d.state() == r.state()).findFirst().orElse(null);
            if (w == null || !sameDaemon(w, r)) {
                stopDaemon(r.state());
                done.add("stopped " + r);
            }
        }
        for (SyncDaemon w : wanted) {
            SyncDaemon r = running.stream().filter(d -> d.state() == w.state()).findFirst().orElse(null);
            if (r == null || !sameDaemon(w, r)) {
                startDaemon(w);
                done.add("started " + w);
            }
        }
        return done;
    }

    /** Equal, counting a default (0 / null) as matching whatever the kernel chose for it. */
    private static boolean sameDaemon(SyncDaemon want, SyncDaemon got) {
        return want.interfaceName().equals(got.interfaceName()) && want.syncId() == got.syncId()
                && (want.maxLength() == 0 || want.maxLength() == got.maxLength())
                && (want.group() == null || want.group().equals(got.group()))
                && (want.port() == 0 || want.port() == got.port()) && (want.ttl() == 0 || want.ttl() == got.ttl());
    }

    public IpvsInfo info() throws KernelException {
        return IpvsCodec.decodeInfo(single(codec.getInfo()));
    }

    /** {@code ipvsadm -C}: removes every service, whoever made it. */
    public void flush() throws KernelException {
        socket.execute(codec.flush()).check();
    }

    /** {@code ipvsadm -Z}: zeroes the counters of one service, or of all ({@code null}). */
    public void zero(ServiceKey key) throws KernelException {
        socket.execute(codec.zero(key)).check();
    }

    private NlMessage single(NlRequest request) throws KernelException {
        NlReply r = socket.execute(request).check();
        if (r.messages().isEmpty()) {
            throw new NetlinkProtocolException(request.description() + ": acked without a reply");
        }
        return r.messages().get(0);
    }

    /** Throws for the first refused request, counting the others. */
    static void checkAll(List<NlReply> replies) throws KernelException {
        NlReply first = null;
        int failed = 0;
        for (NlReply r : replies) {
            if (!r.ok()) {
                failed++;
                if (first == null) {
                    first = r;
                }
            }
        }
        if (first != null) {
            KernelException e = first.exception();
            throw failed == 1 ? e : new KernelException(e.operation(), e.errno(), e.errnoName(),
                    NlReply.detail(first.status()) + " (and " + (failed - 1) + " more of " + replies.size()
                            + " requests failed; the others were applied)");
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
