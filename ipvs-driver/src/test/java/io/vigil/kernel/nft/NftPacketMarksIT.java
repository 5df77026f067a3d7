package io.vigil.kernel.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.net.MacAddress;
import io.vigil.core.port.Datapath.Read;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.MarkRule;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.VirtualService;
import io.vigil.kernel.nativ.NetNamespace;
import io.vigil.kernel.testing.LoopLab;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * The fwmark rule manager's nftables side on a real kernel ({@link LoopLab}'s d1): its rules mark the client's
 * packets for the VIP and not the peer's, a replaced peer is one transaction, drift is repaired, a restart takes
 * over (or removes) what the previous run left, and the datapath's chains are never touched.
 */
@Tag("netns")
class NftPacketMarksIT {

    static final int MARK = 0x76670001;
    static final Pattern COUNTER = Pattern.compile("counter packets (\\d+)");

    static LoopLab lab;

    @BeforeAll
    static void topology() throws Exception {
        lab = LoopLab.create();
        // what reads the marks: a counter after the mark chain (priority -140), in a table of the test's own
        lab.lab().exec("d1", "nft", "add table ip markcheck; add chain ip markcheck pre { type filter hook prerouting"
                + " priority -140; policy accept; }; add rule ip markcheck pre ip daddr " + LoopLab.VIP
                + " tcp dport 80 meta mark " + MARK + " counter");
    }

    @AfterAll
    static void teardown() {
        if (lab != null) {
            lab.close();
        }
    }

    static long marked() {
        Matcher m = COUNTER.matcher(lab.lab().exec("d1", "nft", "list", "chain", "ip", "markcheck", "pre"));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    static MarkRule rule(MacAddress notFrom, String input) {
        return new MarkRule(LoopLab.WEB, MARK, notFrom == null ? List.of() : List.of(notFrom), input);
    }

    @Test
    void packetsAreMarkedUnlessTheyComeFromThePeerAndAReplacedPeerIsOneTransaction() throws Exception {
        // the datapath's chain in the same table, to show it is left alone
        try (NftDatapath datapath = NftDatapath.open(NftOptions.defaults(), NetNamespace.path(lab.ns("d1")));
             NftPacketMarks marks = NftPacketMarks.open("vigil", NftPacketMarks.Hook.PREROUTING,
                     NetNamespace.path(lab.ns("d1")))) {
            ServiceKey other = ServiceKey.of(ServiceKey.Protocol.TCP, io.vigil.core.net.InetAddresses.parse(
                    "203.0.113.99"), 80);
            datapath.apply(new DatapathState(List.of(VirtualService.of(other, "rr", List.of()))));
            String lbNat = lab.lab().exec("d1", "nft", "list", "chain", "ip", "vigil", "lb_nat");

            marks.apply(List.of(rule(lab.mac("d2"), "eth0")), Read.CACHED);
            assertThat(lab.lab().exec("d1", "nft", "list", "chain", "ip", "vigil", "marks"))
                    .contains("type filter hook prerouting priority mangle; policy accept;")
                    .contains("ether saddr != " + lab.mac("d2") + " ip daddr " + LoopLab.VIP + " tcp dport 80 meta mark"
                            + " set 0x76670001 comment \"vigil mark TCP 203.0.113.50:80\"");
            long before = marked();
            assertThat(lab.ask(0, 2000)).isEqualTo("d1");
            long fromClient = marked() - before;
            assertThat(fromClient).as("a connection's packets, marked").isGreaterThanOrEqualTo(3);

            // "the peer" replaced by a machine with the client's MAC: one transaction, the client's packets unmarked
            long tx = marks.transactions();
            marks.apply(List.of(rule(lab.mac("client"), "eth0")), Read.CACHED);
            assertThat(marks.transactions()).isEqualTo(tx + 1);
            before = marked();
            assertThat(lab.ask(0, 2000)).isEqualTo("d1");
            assertThat(marked()).isEqualTo(before);
            marks.apply(List.of(rule(lab.mac("client"), "eth0")), Read.CACHED);
            assertThat(marks.transactions()).as("nothing changed, nothing sent").isEqualTo(tx + 1);

            // drift: someone flushes the chain; the next kernel read finds and repairs it
            lab.lab().exec("d1", "nft", "flush", "chain", "ip", "vigil", "marks");
            assertThat(marks.apply(List.of(rule(lab.mac("client"), "eth0")), Read.KERNEL))
                    .containsExactly("marks: vigil mark TCP 203.0.113.50:80: rule missing");
            assertThat(lab.lab().exec("d1", "nft", "list", "chain", "ip", "vigil", "marks")).contains("meta mark set");
            assertThat(marks.apply(List.of(rule(lab.mac("client"), "eth0")), Read.KERNEL)).isEmpty();
            assertThat(lab.lab().exec("d1", "nft", "list", "chain", "ip", "vigil", "lb_nat")).isEqualTo(lbNat);
        }

        // a restart with the ingress layout: the prerouting chain the previous run left is removed, the rule moves
        // to eth0's ingress, and marks set there are seen at prerouting too
        try (NftPacketMarks marks = NftPacketMarks.open("vigil", NftPacketMarks.Hook.INGRESS,
                NetNamespace.path(lab.ns("d1")))) {
            marks.apply(List.of(rule(lab.mac("d2"), "eth0")), Read.CACHED);
            assertThat(lab.lab().exec("d1", "nft", "list", "table", "ip", "vigil")).doesNotContain("chain marks")
                    .contains("chain lb_nat");
            assertThat(lab.lab().exec("d1", "nft", "list", "chain", "netdev", "vigil", "marks_eth0"))
                    .contains("type filter hook ingress device \"eth0\" priority -150; policy accept;")
                    .contains("ether saddr != " + lab.mac("d2"));
            long before = marked();
            assertThat(lab.ask(0, 2000)).isEqualTo("d1");
            assertThat(marked() - before).isGreaterThanOrEqualTo(3);
        }
        // and a restart with the same layout takes its chain over (the kernel's listing of it may lack the device)
        try (NftPacketMarks marks = NftPacketMarks.open("vigil", NftPacketMarks.Hook.INGRESS,
                NetNamespace.path(lab.ns("d1")))) {
            marks.apply(List.of(rule(lab.mac("client"), "eth0")), Read.CACHED);
            assertThat(lab.lab().exec("d1", "nft", "list", "chain", "netdev", "vigil", "marks_eth0"))
                    .contains("ether saddr != " + lab.mac("client")).doesNotContain(lab.mac("d2").toString());
            marks.clear();
            assertThat(lab.lab().execUnchecked("d1", "nft", "list", "table", "netdev", "vigil"))
                    .doesNotContain("marks_eth0");
        }
    }
}
