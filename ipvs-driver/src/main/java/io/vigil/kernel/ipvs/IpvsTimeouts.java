package io.vigil.kernel.ipvs;

/**
 * The connection timeouts of IPVS in seconds ({@code ipvsadm --set TCP TCPFIN UDP}); 0 in a change leaves that
 * timeout as it is.
 */
public record IpvsTimeouts(int tcp, int tcpFin, int udp) {

    public IpvsTimeouts {
        if (tcp < 0 || tcpFin < 0 || udp < 0) {
            throw new IllegalArgumentException("timeouts cannot be negative");
        }
    }
}
