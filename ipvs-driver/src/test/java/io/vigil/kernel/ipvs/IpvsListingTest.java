package io.vigil.kernel.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.net.InetAddresses;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.RealServer.Forwarding;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.ServiceKey.Protocol;
import io.vigil.core.port.VirtualService;
import io.vigil.kernel.ipvs.IpvsListing.Format;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of ipvsadm's format a quiet VM table does not show: large counters, rates, flag names, order. */
class IpvsListingTest {

    private static final IpvsInfo INFO = new IpvsInfo(0x010201, 4096);

    @Test
    void largeNumbersAreShortenedAsIpvsadmDoes() {
        assertThat(IpvsListing.large(0)).isEqualTo("        0");
        assertThat(IpvsListing.large(99_999_999)).isEqualTo(" 99999999");
        assertThat(IpvsListing.large(100_000_000)).isEqualTo("  100000K");
        assertThat(IpvsListing.large(1_000_000_000)).isEqualTo("    1000M");
        assertThat(IpvsListing.large(100_000_000_000L)).isEqualTo("     100G");
        assertThat(IpvsListing.large(123_000_000_000_000L)).isEqualTo("     123T");
        assertThat(IpvsListing.large(-1L)).isEqualTo("18446744T");
    }

    @Test
    void schedulerFlagsAreNamedPerScheduler() {
        int f12 = Ipvs.SVC_F_SCHED1 | Ipvs.SVC_F_SCHED2;
        assertThat(IpvsListing.schedulerFlags("sh", f12)).isEqualTo("sh-fallback,sh-port");
        assertThat(IpvsListing.schedulerFlags("mh", Ipvs.SVC_F_SCHED2)).isEqualTo("mh-port");
        assertThat(IpvsListing.schedulerFlags("rr", f12 | Ipvs.SVC_F_SCHED3)).isEqualTo("flag-1,flag-2,flag-3");
    }

    @Test
    void statsAndRatesLineUpInNineColumns() {
        ServiceKey k = ServiceKey.of(Protocol.TCP, InetAddresses.parse("192.0.2.1"), 80);
        RealServer r = RealServer.of(InetAddresses.parse("198.51.100.1"), 80, Forwarding.DR, 1);
        IpvsStats big = new IpvsStats(5, 123_456_789, 7, 2_000_000_000_000L, 9, 1, 2, 3, 4_000_000_000L, 5);
        IpvsService s = new IpvsService(VirtualService.of(k, "rr", List.of(r)), Ipvs.SVC_F_HASHED, "", big,
                List.of(new IpvsDestination(r, 1, 2, 0, big)));
        assertThat(IpvsListing.format(INFO, List.of(s), Format.STATS)).isEqualTo("""
                IP Virtual Server version 1.2.1 (size=4096)
                Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes
                  -> RemoteAddress:Port
                TCP  192.0.2.1:80                        5  123456K        7    2000G        9
                  -> 198.51.100.1:80                     5  123456K        7    2000G        9
                """);
        assertThat(IpvsListing.format(INFO, List.of(s), Format.RATE)).isEqualTo("""
                IP Virtual Server version 1.2.1 (size=4096)
                Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS
                  -> RemoteAddress:Port
                TCP  192.0.2.1:80                        1        2        3    4000M        5
                  -> 198.51.100.1:80                     1        2        3    4000M        5
                """);
    }

    @Test
    void servicesSortAsLibipvsComparesThem() {
        IpvsService fw = service(ServiceKey.fwmark(io.vigil.core.net.AddressFamily.INET, 3));
        IpvsService udp = service(ServiceKey.of(Protocol.UDP, InetAddresses.parse("192.0.2.1"), 53));
        IpvsService tcpHigh = service(ServiceKey.of(Protocol.TCP, InetAddresses.parse("192.0.2.1"), 80));
        IpvsService tcpLow = service(ServiceKey.of(Protocol.TCP, InetAddresses.parse("10.0.0.1"), 80));
        String out = IpvsListing.format(INFO, List.of(fw, udp, tcpLow, tcpHigh), Format.DEFAULT);
        // 192.0.2.1 - 10.0.0.1 overflows a C int in libipvs: the 192 address sorts first, as ipvsadm prints it
        assertThat(out.lines().skip(3).toList()).containsExactly("TCP  192.0.2.1:80 rr", "TCP  10.0.0.1:80 rr",
                "UDP  192.0.2.1:53 rr", "FWM  3 rr");
    }

    private static IpvsService service(ServiceKey k) {
        return new IpvsService(VirtualService.of(k, "rr", List.of()), Ipvs.SVC_F_HASHED, "", IpvsStats.ZERO, List.of());
    }
}
