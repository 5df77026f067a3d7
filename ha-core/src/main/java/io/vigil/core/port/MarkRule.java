package io.vigil.core.port;

import io.vigil.core.net.MacAddress;
import java.util.List;
import java.util.Objects;

/**
 * One rule of the fwmark rule manager: packets to a virtual service ({@code protocol}, {@code address},
 * {@code port}; port 0 for every port) get the firewall mark {@code mark}, unless their Ethernet source is one of
 * {@code notFrom} (the peer director's MACs). The datapath then balances the service as {@code fwmark mark}, so a
 * packet the peer director has already balanced to this one is delivered locally instead of being balanced again.
 *
 * @param service        the virtual service whose packets are marked (an address service, not a fwmark one)
 * @param mark           the mark, non-zero
 * @param notFrom        the source MACs whose packets are left unmarked; empty to mark every packet (peer not
 *                       known yet)
 * @param inputInterface the interface the service's packets arrive on (where an ingress-hook layout puts the rule),
 *                       or {@code null} when unknown
 */
public record MarkRule(ServiceKey service, int mark, List<MacAddress> notFrom, String inputInterface) {

    public MarkRule {
        Objects.requireNonNull(service, "service");
        if (service.isFwmark()) {
            throw new IllegalArgumentException("a mark rule marks an address service, not " + service);
        }
        if (mark == 0) {
            throw new IllegalArgumentException(service + ": the mark cannot be 0");
        }
        notFrom = List.copyOf(notFrom);
    }

    /** {@code TCP 192.0.2.100:80 -> mark 0x76670001 unless from [02:00:00:00:00:01]}. */
    @Override
    public String toString() {
        return service + " -> mark 0x" + Integer.toHexString(mark) + (notFrom.isEmpty() ? " (peer not known)"
                : " unless from " + notFrom) + (inputInterface == null ? "" : " on " + inputInterface);
    }
}
