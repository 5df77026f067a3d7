package io.vigil.kernel.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.port.ConnectionCount;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.RealServer.Forwarding;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.VirtualService;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Counting the nftables datapath's connections from conntrack's text. */
class ConntrackTest {

    static final ServiceKey WEB = ServiceKey.of(ServiceKey.Protocol.TCP, InetAddresses.parse("203.0.113.10"), 80);
    static final ServiceKey DNS = ServiceKey.of(ServiceKey.Protocol.UDP, InetAddresses.parse("203.0.113.10"), 53);
    static final ServiceKey MARK = ServiceKey.fwmark(AddressFamily.INET, 5);

    static final List<String> TABLE = List.of(
            "ipv4     2 tcp      6 431999 ESTABLISHED src=192.0.2.100 dst=203.0.113.10 sport=40001 dport=80"
                    + " src=198.51.100.11 dst=192.0.2.100 sport=8080 dport=40001 [ASSURED] mark=0 zone=0 use=2",
            "ipv4     2 tcp      6 431998 ESTABLISHED src=192.0.2.101 dst=203.0.113.10 sport=40002 dport=80"
                    + " src=198.51.100.11 dst=192.0.2.101 sport=8080 dport=40002 [ASSURED] mark=0 zone=0 use=2",
            "ipv4     2 tcp      6 110 TIME_WAIT src=192.0.2.100 dst=203.0.113.10 sport=40003 dport=80"
                    + " src=198.51.100.12 dst=192.0.2.100 sport=8080 dport=40003 [ASSURED] mark=0 zone=0 use=2",
            "ipv4     2 udp      17 25 src=192.0.2.100 dst=203.0.113.10 sport=5353 dport=53 src=198.51.100.12"
                    + " dst=192.0.2.100 sport=53 dport=5353 mark=0 zone=0 use=2",
            "ipv4     2 tcp      6 300 ESTABLISHED src=192.0.2.100 dst=203.0.113.30 sport=40004 dport=80"
                    + " src=198.51.100.13 dst=192.0.2.100 sport=80 dport=40004 [ASSURED] mark=5 zone=0 use=2",
            "ipv4     2 tcp      6 300 ESTABLISHED src=192.0.2.100 dst=192.0.2.1 sport=22 dport=40005"
                    + " src=192.0.2.1 dst=192.0.2.100 sport=40005 dport=22 [ASSURED] mark=0 zone=0 use=2",
            "garbage");

    @Test
    void countsPerRealServerByOriginalDestinationOrMark() {
        DatapathState state = new DatapathState(List.of(
                VirtualService.of(WEB, "rr", List.of(rs("198.51.100.11", 8080), rs("198.51.100.12", 8080))),
                VirtualService.of(DNS, "rr", List.of(rs("198.51.100.12", 53))),
                VirtualService.of(MARK, "rr", List.of(rs("198.51.100.13", 0)))));
        assertThat(Conntrack.count(TABLE, state)).containsExactly(
                new ConnectionCount(WEB, InetAddresses.parse("198.51.100.11"), 8080, 2, 0, 0),
                new ConnectionCount(WEB, InetAddresses.parse("198.51.100.12"), 8080, 0, 1, 0),
                new ConnectionCount(DNS, InetAddresses.parse("198.51.100.12"), 53, 0, 1, 0),
                new ConnectionCount(MARK, InetAddresses.parse("198.51.100.13"), 0, 1, 0, 0));
    }

    @Test
    void drServicesHaveNoEntries() {
        DatapathState dr = new DatapathState(List.of(VirtualService.of(WEB, "rr",
                List.of(RealServer.of(InetAddresses.parse("192.0.2.11"), 80, Forwarding.DR, 1)))));
        assertThat(Conntrack.count(TABLE, dr)).isEmpty();
    }

    static RealServer rs(String address, int port) {
        return RealServer.of(InetAddresses.parse(address), port, Forwarding.NAT, 1);
    }
}
