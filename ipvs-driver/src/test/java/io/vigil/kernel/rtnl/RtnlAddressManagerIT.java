package io.vigil.kernel.rtnl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.net.InetAddresses;
import io.vigil.core.net.IpPrefix;
import io.vigil.core.port.AddressManager.Outcome;
import io.vigil.core.port.InterfaceAddress;
import io.vigil.core.port.KernelException;
import io.vigil.kernel.testing.OneHost;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Addresses through rtnetlink in a namespace (host a: eth0 192.0.2.1/24, 2001:db8::1/64), checked with iproute2. */
@Tag("netns")
class RtnlAddressManagerIT {

    private static OneHost host;
    private static RtnlAddressManager manager;
    private static int eth0;

    @BeforeAll
    static void lab() throws KernelException {
        host = OneHost.create("eth0", "192.0.2.1/24", "2001:db8::1/64");
        manager = host.call(RtnlAddressManager::open);
        eth0 = host.ifindex();
    }

    @AfterAll
    static void close() {
        if (manager != null) {
            manager.close();
        }
        if (host != null) {
            host.close();
        }
    }

    private static List<String> ipAddr(String... filter) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-o"));
        Collections.addAll(cmd, filter);
        return host.exec(cmd.toArray(String[]::new)).lines().toList();
    }

    private static List<InterfaceAddress> vips(String prefix, int count, String label) {
        List<InterfaceAddress> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new InterfaceAddress(eth0, IpPrefix.parse(prefix + i + "/32"), 0, label, null, false, false));
        }
        return out;
    }

    @Test
    void twoHundredFiftyFiveVipsInOneBatchThenOut() throws Exception {
        List<InterfaceAddress> vips = vips("203.0.113.", 255, "eth0:vip");
        long sends = manager.socket().sendCalls();
        long receives = manager.socket().receiveCalls();

        assertThat(manager.add(vips)).hasSize(255).containsOnly(Outcome.DONE);
        assertThat(manager.socket().sendCalls() - sends).as("sendmsg calls for 255 adds").isLessThanOrEqualTo(2);
        assertThat(manager.socket().receiveCalls() - receives).as("recvmmsg calls for 255 acks")
                .isLessThanOrEqualTo(40);
        List<String> lines = ipAddr("-4", "addr", "show", "dev", "eth0");
        assertThat(lines.stream().filter(l -> l.contains(" 203.0.113.")).count()).isEqualTo(255);
        assertThat(lines).anyMatch(l -> l.contains("inet 203.0.113.254/32") && l.contains("eth0:vip"));

        assertThat(manager.add(vips)).containsOnly(Outcome.ALREADY_PRESENT);
        assertThat(manager.remove(vips)).hasSize(255).containsOnly(Outcome.DONE);
        assertThat(ipAddr("-4", "addr", "show", "dev", "eth0")).noneMatch(l -> l.contains(" 203.0.113."));
        assertThat(manager.remove(vips)).containsOnly(Outcome.ALREADY_ABSENT);
    }

    @Test
    void mixedOutcomesInOneBatch() throws Exception {
        InterfaceAddress present = new InterfaceAddress(eth0, IpPrefix.parse("198.51.100.1/32"), 0, null, null,
                false, false);
        InterfaceAddress fresh = new InterfaceAddress(eth0, IpPrefix.parse("198.51.100.2/32"), 0, null, null,
                false, false);
        manager.add(List.of(present));
        try {
            assertThat(manager.add(List.of(present, fresh))).containsExactly(Outcome.ALREADY_PRESENT, Outcome.DONE);
            assertThat(manager.remove(List.of(fresh, fresh))).containsExactly(Outcome.DONE, Outcome.ALREADY_ABSENT);
        } finally {
            manager.remove(List.of(present, fresh));
        }
    }

    @Test
    void anotherErrorNamesTheAddressAndTheRestIsApplied() throws Exception {
        InterfaceAddress ok = new InterfaceAddress(eth0, IpPrefix.parse("198.51.100.20/32"), 0, null, null, false,
                false);
        InterfaceAddress noSuchLink = new InterfaceAddress(9999, IpPrefix.parse("198.51.100.21/32"), 0, null, null,
                false, false);
        try {
            assertThatThrownBy(() -> manager.add(List.of(noSuchLink, ok))).isInstanceOf(KernelException.class)
                    .hasMessageContaining("RTM_NEWADDR 198.51.100.21/32 dev #9999")
                    .satisfies(e -> assertThat(((KernelException) e).errnoName()).isEqualTo("ENODEV"));
            assertThat(ipAddr("-4", "addr", "show", "dev", "eth0")).anyMatch(l -> l.contains("198.51.100.20/32"));
        } finally {
            manager.remove(List.of(ok));
        }
    }

    @Test
    void ipv6NoDadAndLabelsAndBroadcast() throws Exception {
        InterfaceAddress v6 = new InterfaceAddress(eth0, IpPrefix.parse("2001:db8::100/128"), 0, null, null, true,
                true);
        InterfaceAddress v4 = new InterfaceAddress(eth0, IpPrefix.parse("192.0.2.77/24"), 0, "eth0:x",
                InetAddresses.parse("192.0.2.255"), false, false);
        assertThat(manager.add(List.of(v6, v4))).containsOnly(Outcome.DONE);
        try {
            assertThat(ipAddr("-6", "addr", "show", "dev", "eth0"))
                    .anyMatch(l -> l.contains("2001:db8::100/128") && l.contains("nodad") && l.contains("noprefixroute"));
            assertThat(ipAddr("-4", "addr", "show", "dev", "eth0"))
                    .anyMatch(l -> l.contains("192.0.2.77/24 brd 192.0.2.255") && l.contains("secondary eth0:x"));
            List<InterfaceAddress> listed = manager.list(eth0);
            assertThat(listed).contains(v6, v4);
            assertThat(manager.list(0)).contains(v6, v4).anyMatch(a -> a.ifindex() == 1); // lo too
        } finally {
            assertThat(manager.remove(List.of(v6, v4))).containsOnly(Outcome.DONE);
        }
    }

    @Test
    void advertSources() throws Exception {
        InterfaceAddress secondary = new InterfaceAddress(eth0, IpPrefix.parse("192.0.2.9/24"), 0, null, null, false,
                false);
        manager.add(List.of(secondary));
        try {
            assertThat(manager.primaryIpv4(eth0)).contains(InetAddresses.parse("192.0.2.1"));
            String linkLocal = host.exec("ip", "-6", "-o", "addr", "show", "dev", "eth0", "scope", "link")
                    .split("\\s+")[3].split("/")[0];
            assertThat(manager.ipv6LinkLocal(eth0)).contains(InetAddresses.parse(linkLocal));
            assertThat(manager.primaryIpv4(9999)).isEmpty();
            assertThat(manager.list(9999)).isEmpty();
        } finally {
            manager.remove(List.of(secondary));
        }
    }
}
