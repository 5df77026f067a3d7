package io.vigil.healthcheck.model;

import java.net.InetAddress;

/**
 * keepalived's generic connection options of a checker. {@code null} means "not set": the real server's address
 * and port are used and the kernel picks the source. {@code bindto}/{@code bind_port} make probes leave from the
 * director's own address (the DIP), which is what the real servers' firewalls and the return path expect.
 *
 * @param connectIp {@code connect_ip}
 * @param connectPort {@code connect_port}
 * @param bindTo {@code bindto}
 * @param bindIf {@code bind_if}: the interface to bind to (needed for an IPv6 link-local {@code bindto})
 * @param bindPort {@code bind_port}
 * @param fwmark {@code fwmark}: mark put on the checker's packets (SO_MARK)
 */
public record ConnectOptions(InetAddress connectIp, Integer connectPort, InetAddress bindTo, String bindIf,
        Integer bindPort, Integer fwmark) {

    /** Nothing set. */
    public static final ConnectOptions DEFAULT = new ConnectOptions(null, null, null, null, null, null);

    public ConnectOptions {
        checkPort(connectPort, "connect_port");
        checkPort(bindPort, "bind_port");
        if (bindIf != null && (bindIf.isEmpty() || bindIf.length() > 15)) {
            throw new IllegalArgumentException("bind_if must be an interface name of 1..15 characters: " + bindIf);
        }
        if (connectIp != null && bindTo != null && connectIp.getClass() != bindTo.getClass()) {
            throw new IllegalArgumentException("bindto " + bindTo.getHostAddress() + " and connect_ip "
                    + connectIp.getHostAddress() + " are of different address families");
        }
    }

    private static void checkPort(Integer p, String name) {
        if (p != null && (p < 0 || p > 65535)) {
            throw new IllegalArgumentException(name + " out of range: " + p);
        }
    }

    public ConnectOptions withBindTo(InetAddress address) {
        return new ConnectOptions(connectIp, connectPort, address, bindIf, bindPort, fwmark);
    }

    public ConnectOptions withBindPort(Integer port) {
        return new ConnectOptions(connectIp, connectPort, bindTo, bindIf, port, fwmark);
    }

    public ConnectOptions withConnectIp(InetAddress address) {
        return new ConnectOptions(address, connectPort, bindTo, bindIf, bindPort, fwmark);
    }

    public ConnectOptions withConnectPort(Integer port) {
        return new ConnectOptions(connectIp, port, bindTo, bindIf, bindPort, fwmark);
    }
}
