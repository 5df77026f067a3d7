package io.vigil.vrrp.runtime;

import io.vigil.core.event.VrrpState;
import io.vigil.core.net.MacAddress;
import java.net.InetAddress;

/**
 * A snapshot of one instance for {@code vigil status} and tests.
 *
 * @param masterAddress  the master last heard (this router when MASTER), or {@code null}
 * @param peerMac        the MAC of the last other router heard, or {@code null}
 * @param faults         what holds the instance in FAULT (interface names, "group:NAME"), empty otherwise
 */
public record InstanceView(String name, int vrid, String interfaceName, VrrpState state, int basePriority,
                           int effectivePriority, InetAddress masterAddress, int masterPriority, MacAddress peerMac,
                           java.util.List<String> faults, long advertsReceived, long advertsSent) {
}
