package io.vigil.kernel.testing;

import io.vigil.core.port.KernelException;
import io.vigil.core.netns.NetnsLab;
import io.vigil.kernel.nativ.Interfaces;
import io.vigil.kernel.nativ.NetNamespace;

/**
 * The lab most driver tests need: one host namespace "a" whose interface sits on a segment "lan", set up once per
 * test class.
 */
public final class OneHost implements AutoCloseable {

    private final NetnsLab lab;
    private final String ns;
    private final int ifindex;

    private OneHost(NetnsLab lab, String ns, int ifindex) {
        this.lab = lab;
        this.ns = ns;
        this.ifindex = ifindex;
    }

    /** Creates the namespace and the interface {@code ifname} (up) with the given CIDR addresses. */
    public static OneHost create(String ifname, String... addresses) throws KernelException {
        NetnsLab lab = NetnsLab.create();
        try {
            String ns = lab.addHost("a");
            lab.addSegment("lan");
            lab.connect("a", "lan", ifname, addresses);
            return new OneHost(lab, ns, NetNamespace.call(ns, () -> Interfaces.index(ifname)));
        } catch (KernelException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    public NetnsLab lab() {
        return lab;
    }

    /** The namespace's full name. */
    public String ns() {
        return ns;
    }

    /** The ifindex of the interface. */
    public int ifindex() {
        return ifindex;
    }

    /** Runs a command in the namespace; see {@link NetnsLab#exec}. */
    public String exec(String... command) {
        return lab.exec("a", command);
    }

    /** Runs code (opens sockets...) in the namespace. */
    public <T, E extends Exception> T call(NetNamespace.Body<T, E> body) throws E, KernelException {
        return NetNamespace.call(ns, body);
    }

    @Override
    public void close() {
        lab.close();
    }
}
