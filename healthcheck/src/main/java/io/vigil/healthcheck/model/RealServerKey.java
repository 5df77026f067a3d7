package io.vigil.healthcheck.model;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Names one real server of one virtual server: events, status lines and the datapath refer to it by this key. The
 * virtual server is an opaque name chosen by the caller (keepalived's {@code 203.0.113.10 80} or {@code fwmark 5}).
 *
 * @param virtualServer the virtual server's name
 * @param address the real server's address
 * @param port the real server's port; 0 when the virtual server has none (fwmark, ICMP-only checks)
 */
public record RealServerKey(String virtualServer, InetAddress address, int port) {

    public RealServerKey {
        Objects.requireNonNull(virtualServer, "virtualServer");
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    @Override
    public String toString() {
        String a = address.getHostAddress();
        return virtualServer + "/" + (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + port;
    }
}
