package io.vigil.kernel.rtnl;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.port.AddressManager;
import io.vigil.core.port.InterfaceAddress;
import io.vigil.core.port.KernelException;
import io.vigil.kernel.nativ.Errnos;
import io.vigil.kernel.netlink.Netlink;
import io.vigil.kernel.netlink.NetlinkSocket;
import io.vigil.kernel.netlink.NlMessage;
import io.vigil.kernel.netlink.NlReply;
import io.vigil.kernel.netlink.NlRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link AddressManager} over rtnetlink. A whole list of changes goes to the kernel as one batch (a few sendmsg
 * and recvmmsg calls for hundreds of VIPs, see {@link NetlinkSocket#executeAll}); the kernel acks each change,
 * and EEXIST on add / EADDRNOTAVAIL on remove are reported as outcomes rather than errors.
 *
 * <p>Works on the network namespace its socket was opened in ({@link #open()} uses the calling thread's), from
 * any thread afterwards. Thread-safe.
 */
public final class RtnlAddressManager implements AddressManager, AutoCloseable {

    private final NetlinkSocket socket;

    /** Uses (and will close) an rtnetlink socket. */
    public RtnlAddressManager(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Opens an rtnetlink socket in the calling thread's network namespace. */
    public static RtnlAddressManager open() throws KernelException {
        return new RtnlAddressManager(NetlinkSocket.open(Netlink.NETLINK_ROUTE, "rtnetlink addresses"));
    }

    /** The socket, e.g. to read its system-call counters. */
    public NetlinkSocket socket() {
        return socket;
    }

    @Override
    public List<Outcome> add(List<InterfaceAddress> addresses) throws KernelException {
        return apply(addRequests(addresses), Errnos.EEXIST, Outcome.ALREADY_PRESENT);
    }

    private static List<NlRequest> addRequests(List<InterfaceAddress> addresses) {
        return addresses.stream().map(AddressCodec::add).toList();
    }

    private static List<NlRequest> removeRequests(List<InterfaceAddress> addresses) {
        return addresses.stream().map(AddressCodec::remove).toList();
    }

    @Override
    public void rehearse(List<InterfaceAddress> addresses) {
        for (NlRequest r : addRequests(addresses)) {
            r.encode(0, 0);
        }
        for (NlRequest r : removeRequests(addresses)) {
            r.encode(0, 0);
        }
    }

    @Override
    public List<Outcome> remove(List<InterfaceAddress> addresses) throws KernelException {
        return apply(removeRequests(addresses), Errnos.EADDRNOTAVAIL,
                Outcome.ALREADY_ABSENT);
    }

    /**
     * Sends the batch; the kernel applies every request it can, so when one fails the others still took effect.
     * The exception names the first failure and counts the rest.
     */
    private List<Outcome> apply(List<NlRequest> requests, int benignErrno, Outcome benign) throws KernelException {
        List<NlReply> replies = socket.executeAll(requests);
        List<Outcome> outcomes = new ArrayList<>(replies.size());
        NlReply firstFailure = null;
        int failures = 0;
        for (NlReply r : replies) {
            if (r.ok()) {
                outcomes.add(Outcome.DONE);
            } else if (r.errno() == benignErrno) {
                outcomes.add(benign);
            } else {
                failures++;
                if (firstFailure == null) {
                    firstFailure = r;
                }
            }
        }
        if (firstFailure != null) {
            KernelException e = firstFailure.exception();
            if (failures == 1) {
                throw e;
            }
            throw new KernelException(e.operation(), e.errno(), e.errnoName(), NlReply.detail(firstFailure.status())
                    + " (and " + (failures - 1) + " more of " + replies.size() + " changes failed; the others were"
                    + " applied)");
        }
        return outcomes;
    }

    @Override
    public List<InterfaceAddress> list(int ifindex) throws KernelException {
        return kernelAddresses(ifindex).stream().map(RtnlAddress::address).toList();
    }

    /**
     * Every address of an interface (0: all) with the kernel's flags; none for an interface that does not exist
     * (kernels with strict dump checking answer ENODEV, older ones an empty dump: both give an empty list).
     */
    public List<RtnlAddress> kernelAddresses(int ifindex) throws KernelException {
        List<RtnlAddress> out = new ArrayList<>();
        NlRequest request = AddressCodec.dump(Rtnl.AF_UNSPEC, ifindex);
        List<NlMessage> messages;
        try {
            messages = socket.dump(request);
        } catch (KernelException e) {
            if (ifindex != 0 && e.errno() == Errnos.ENODEV) {
                return out;
            }
            throw e;
        }
        for (NlMessage m : messages) {
            if (m.type() != Rtnl.RTM_NEWADDR) {
                continue;
            }
            RtnlAddress a = AddressCodec.decode(m);
            if (ifindex == 0 || a.address().ifindex() == ifindex) { // old kernels ignore the dump filter
                out.add(a);
            }
        }
        return out;
    }

    /** The first IPv4 address of the interface that is not a secondary. */
    @Override
    public Optional<InetAddress> primaryIpv4(int ifindex) throws KernelException {
        return kernelAddresses(ifindex).stream()
                .filter(a -> a.address().prefix().family() == AddressFamily.INET && !a.isSecondary())
                .map(a -> a.address().address()).findFirst();
    }

    /** The first usable (not tentative, DAD not failed) fe80::/10 address of the interface. */
    @Override
    public Optional<InetAddress> ipv6LinkLocal(int ifindex) throws KernelException {
        return kernelAddresses(ifindex).stream()
                .filter(a -> InetAddresses.isLinkLocal(a.address().address()) && a.isUsable())
                .map(a -> a.address().address()).findFirst();
    }

    @Override
    public void close() {
        socket.close();
    }
}
