package io.vigil.kernel.rtnl;

import io.vigil.core.net.MacAddress;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.Link;
import io.vigil.core.port.LinkManager;
import io.vigil.kernel.nativ.Errnos;
import io.vigil.kernel.netlink.Netlink;
import io.vigil.kernel.netlink.NetlinkProtocolException;
import io.vigil.kernel.netlink.NetlinkSocket;
import io.vigil.kernel.netlink.NlMessage;
import io.vigil.kernel.netlink.NlReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LinkManager} over rtnetlink: lookups, the macvlan of {@code use_vmac}, and change notifications.
 *
 * <p><b>Watching.</b> The manager owns a second netlink socket for notifications, opened with the first one (so in
 * the same network namespace, whatever thread later calls {@link #watch}). The first {@code watch} subscribes it to
 * RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR and RTNLGRP_IPV6_IFADDR and starts one thread, {@code vigil-rtnl-watch}, which
 * decodes every notification into a {@link LinkEvent} and hands it to each listener; that one thread serves every
 * listener until {@link #close()}. A listener that throws is logged and keeps receiving; a notification that
 * cannot be decoded is logged and skipped. When the kernel drops notifications because the thread fell behind
 * (ENOBUFS), the thread re-reads every link and address and delivers them as {@link LinkChanged} and
 * {@link AddressAdded} events, so listeners converge on the kernel's state (a removal missed in the overflow is
 * not replayed: listeners should treat the resync as the current truth).
 *
 * <p><b>Macvlans.</b> {@link #createMacvlan} creates the link down with IPv6 address generation mode "random"
 * (two directors with the same virtual MAC would otherwise make the same EUI-64 link-local address, and the
 * advert source must differ from the parent's), then brings it up: three requests in one batch.
 */
public final class RtnlLinkManager implements LinkManager, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RtnlLinkManager.class);
    /** Consecutive read errors (other than ENOBUFS) after which the watcher gives up instead of spinning. */
    private static final int MAX_FAILURES = 100;
    private static final int[] GROUPS = {Rtnl.RTNLGRP_LINK, Rtnl.RTNLGRP_IPV4_IFADDR, Rtnl.RTNLGRP_IPV6_IFADDR};

    private final NetlinkSocket requests;
    private final NetlinkSocket notifications;
    private final List<Consumer<LinkEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Object watchLock = new Object();
    private Thread watcher;

    /** Uses (and will close) two rtnetlink sockets of one namespace: one for requests, one for notifications. */
    public RtnlLinkManager(NetlinkSocket requests, NetlinkSocket notifications) {
        this.requests = requests;
        this.notifications = notifications;
    }

    /** Opens the manager's sockets in the calling thread's network namespace. */
    public static RtnlLinkManager open() throws KernelException {
        NetlinkSocket requests = NetlinkSocket.open(Netlink.NETLINK_ROUTE, "rtnetlink links");
        try {
            return new RtnlLinkManager(requests, NetlinkSocket.open(Netlink.NETLINK_ROUTE, "rtnetlink watch"));
        } catch (KernelException | RuntimeException e) {
            requests.close();
            throw e;
        }
    }

    @Override
    public Optional<Link> link(String name) throws KernelException {
        return find(name).map(RtnlLink::link);
    }

    @Override
    public Optional<Link> link(int index) throws KernelException {
        return first(requests.execute(LinkCodec.get(index))).map(RtnlLink::link);
    }

    @Override
    public List<Link> links() throws KernelException {
        List<Link> out = new ArrayList<>();
        for (NlMessage m : requests.dump(LinkCodec.dump())) {
            if (m.type() == Rtnl.RTM_NEWLINK) {
                out.add(LinkCodec.decode(m).link());
            }
        }
        return out;
    }

    /** A link with the driver-only details (macvlan mode). */
    public Optional<RtnlLink> find(String name) throws KernelException {
        return first(requests.execute(LinkCodec.get(name)));
    }

    private static Optional<RtnlLink> first(NlReply reply) throws KernelException {
        if (reply.errno() == Errnos.ENODEV) {
            return Optional.empty();
        }
        reply.check();
        for (NlMessage m : reply.messages()) {
            if (m.type() == Rtnl.RTM_NEWLINK) {
                return Optional.of(LinkCodec.decode(m));
            }
        }
        throw new NetlinkProtocolException(reply.request().description() + ": acked without a link");
    }

    @Override
    public Link createMacvlan(String parent, String name, MacAddress mac) throws KernelException {
        String operation = "create macvlan " + name + " on " + parent;
        Link parentLink = link(parent).orElseThrow(() -> new KernelException(operation, Errnos.ENODEV,
                Errnos.name(Errnos.ENODEV), "no link named " + parent));
        Optional<RtnlLink> existing = find(name);
        if (existing.isPresent()) {
            Link l = existing.get().link();
            boolean same = l.kind().equals("macvlan") && l.parentIndex() == parentLink.index() && l.mac().equals(mac)
                    && existing.get().macvlanMode() == Rtnl.MACVLAN_MODE_BRIDGE;
            if (!same) {
                throw new KernelException(operation, Errnos.EEXIST, Errnos.name(Errnos.EEXIST),
                        "a link of that name exists and is not a bridge-mode macvlan with that parent and MAC: " + l);
            }
            if (!l.adminUp()) {
                requests.execute(LinkCodec.setUp(name)).check();
            }
            LOG.debug("reusing macvlan {} on {} ({})", name, parent, mac);
        } else {
            List<NlReply> replies = requests.executeAll(List.of(
                    LinkCodec.createMacvlan(parentLink.index(), name, mac),
                    LinkCodec.setAddrGenMode(name, Rtnl.IN6_ADDR_GEN_MODE_RANDOM),
                    LinkCodec.setUp(name)));
            replies.get(0).check();
            NlReply addrGen = replies.get(1);
            if (!addrGen.ok()) { // no IPv6 on this host or link: nothing to generate anyway
                LOG.warn("{}: could not set IPv6 address generation to random: {}", name,
                        addrGen.exception().getMessage());
            }
            replies.get(2).check();
            LOG.info("created macvlan {} on {} with MAC {}", name, parent, mac);
        }
        return link(name).orElseThrow(() -> new KernelException(operation, Errnos.ENODEV, Errnos.name(Errnos.ENODEV),
                "the link vanished right after being set up"));
    }

    @Override
    public void deleteLink(String name) throws KernelException {
        NlReply reply = requests.execute(LinkCodec.delete(name));
        if (reply.errno() != Errnos.ENODEV) {
            reply.check();
        }
    }

    @Override
    public AutoCloseable watch(Consumer<LinkEvent> listener) throws KernelException {
        synchronized (watchLock) {
            if (notifications.isClosed()) {
                throw new KernelException("watch links", "the link manager is closed");
            }
            if (watcher == null) {
                for (int group : GROUPS) {
                    notifications.subscribe(group);
                }
                watcher = new Thread(this::watchLoop, "vigil-rtnl-watch");
                watcher.setDaemon(true);
                watcher.start();
            }
            listeners.add(listener);
        }
        return () -> listeners.remove(listener);
    }

    private void watchLoop() {
        int failures = 0;
        while (!notifications.isClosed()) {
            List<NlMessage> messages;
            try {
                messages = notifications.receive(-1);
            } catch (KernelException e) {
                if (notifications.isClosed()) {
                    break;
                }
                if (e.errno() != Errnos.ENOBUFS && ++failures > MAX_FAILURES) {
                    LOG.error("link watcher stops after {} consecutive read failures; link and address changes"
                            + " are no longer reported", failures, e);
                    break;
                }
                if (e.errno() == Errnos.ENOBUFS) {
                    LOG.warn("link notifications were lost (the watcher fell behind); re-reading links and"
                            + " addresses");
                } else {
                    LOG.error("reading link notifications failed; re-reading links and addresses", e);
                }
                resync();
                continue;
            }
            failures = 0;
            for (NlMessage m : messages) {
                try {
                    decode(m).ifPresent(this::deliver);
                } catch (NetlinkProtocolException e) {
                    LOG.warn("skipping a notification vigil cannot read: {}", e.getMessage());
                }
            }
        }
        LOG.debug("link watcher stopped");
    }

    /** Turns a notification into an event; other message types give nothing. */
    static Optional<LinkEvent> decode(NlMessage m) throws NetlinkProtocolException {
        return switch (m.type()) {
            case Rtnl.RTM_NEWLINK -> Optional.of(new LinkChanged(LinkCodec.decode(m).link()));
            case Rtnl.RTM_DELLINK -> {
                Link l = LinkCodec.decode(m).link();
                yield Optional.of(new LinkRemoved(l.index(), l.name()));
            }
            case Rtnl.RTM_NEWADDR -> Optional.of(new AddressAdded(AddressCodec.decode(m).address()));
            case Rtnl.RTM_DELADDR -> Optional.of(new AddressRemoved(AddressCodec.decode(m).address()));
            default -> Optional.empty();
        };
    }

    private void resync() {
        try {
            for (Link l : links()) {
                deliver(new LinkChanged(l));
            }
            for (NlMessage m : requests.dump(AddressCodec.dump(Rtnl.AF_UNSPEC, 0))) {
                if (m.type() == Rtnl.RTM_NEWADDR) {
                    deliver(new AddressAdded(AddressCodec.decode(m).address()));
                }
            }
        } catch (KernelException e) {
            if (!requests.isClosed()) {
                LOG.error("re-reading links and addresses after lost notifications failed", e);
            }
        }
    }

    private void deliver(LinkEvent event) {
        for (Consumer<LinkEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("a link listener failed on {}", event, e);
            }
        }
    }

    /** Closes both sockets and stops the watcher thread (waiting for it at most 5 s). */
    @Override
    public void close() {
        notifications.close();
        requests.close();
        Thread t;
        synchronized (watchLock) {
            t = watcher;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
