package io.vigil.core.config.lvs;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Where a checker connects and from where: {@code connect_ip} and {@code connect_port} (default: the real server's),
 * {@code bindto}, {@code bind_if}, {@code bind_port}, {@code fwmark} (SO_MARK) and {@code connect_timeout}.
 *
 * @param bindPort  the source port, or {@code null}
 * @param fwmark    the mark of outgoing check packets, or {@code null}
 */
public record ConnectionOptions(InetAddress connectIp, int connectPort, InetAddress bindTo, String bindInterface,
                                Integer bindPort, Long fwmark, long connectTimeoutNanos) {

    public ConnectionOptions {
        Objects.requireNonNull(connectIp, "connectIp");
        if (connectPort < 0 || connectPort > 65535) {
            throw new IllegalArgumentException("port " + connectPort);
        }
    }
}
