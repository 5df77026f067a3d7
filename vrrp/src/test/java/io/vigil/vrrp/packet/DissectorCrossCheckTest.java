package io.vigil.vrrp.packet;

import static io.vigil.vrrp.packet.TestPackets.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.MacAddress;
import io.vigil.vrrp.announce.AnnouncementFrames;
import io.vigil.vrrp.announce.MulticastMacs;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vigil's bytes judged by independent dissectors: Wireshark's (tshark) must find the VRRP checksums of every form
 * vigil sends correct, and the GARP and NA frames valid (ICMPv6 checksum good, no malformed or warning expert
 * info); scapy must recompute the same VRRP checksums, and vigil must accept the adverts scapy builds. A frame
 * with a corrupted checksum shows that the tools do reject. Needs the Debian packages tshark and python3-scapy;
 * fails when they are missing.
 */
class DissectorCrossCheckTest {

    private static final MacAddress VMAC = MacAddress.vrrpVirtual(AddressFamily.INET, 51);
    private static final MacAddress VMAC6 = MacAddress.vrrpVirtual(AddressFamily.INET6, 51);
    private static final MacAddress PEER_MAC = MacAddress.parse("02:00:00:00:00:02");
    private static final InetAddress SRC4 = ip("192.0.2.10");
    private static final InetAddress PEER4 = ip("192.0.2.11");
    private static final InetAddress GROUP4 = ip("224.0.0.18");
    private static final InetAddress SRC6 = ip("fe80::a");
    private static final InetAddress GROUP6 = ip("ff02::12");
    private static final List<InetAddress> VIPS4 = List.of(ip("192.0.2.254"), ip("192.0.2.253"));
    private static final List<InetAddress> VIPS6 = List.of(ip("fe80::1"), ip("2001:db8::1"));

    /** Fields asked of tshark, one column each. */
    private static final List<String> FIELDS = List.of("frame.number", "vrrp.version", "vrrp.checksum.status",
            "vrrp.prio", "vrrp.auth_string", "ip.checksum.status", "arp.isgratuitous", "arp.opcode",
            "arp.src.hw_mac", "arp.src.proto_ipv4", "arp.dst.proto_ipv4", "icmpv6.checksum.status",
            "icmpv6.nd.na.flag.r", "icmpv6.nd.na.flag.s", "icmpv6.nd.na.flag.o", "icmpv6.nd.na.target_address",
            "icmpv6.opt.linkaddr", "ipv6.hlim", "_ws.malformed", "_ws.expert.severity");

    /** Expert severities from PI_WARN (0x00600000) up are problems. */
    private static final int PI_WARN = 0x00600000;

    /** One frame to dissect, with its name and the IP packet inside (null for ARP). */
    private record Frame(String name, byte[] frame, byte[] ipPacket) {
    }

    private static Frame vrrp(String name, MacAddress dstMac, MacAddress srcMac, InetAddress src, InetAddress dst,
                              byte[] message) {
        byte[] ipPacket = TestPackets.ipPacket(src, dst, message);
        int etherType = src instanceof Inet4Address ? 0x0800 : 0x86dd;
        return new Frame(name, TestPackets.ethernet(dstMac, srcMac, etherType, ipPacket), ipPacket);
    }

    private static List<Frame> frames() {
        VrrpAdvertisement v3 = VrrpAdvertisement.v3(51, 100, 100, VIPS4);
        AdvertTemplate v3pseudo = AdvertTemplate.of(v3, ChecksumForm.PSEUDO_HEADER, SRC4);
        AdvertTemplate v6 = AdvertTemplate.of(VrrpAdvertisement.v3(51, 100, 100, VIPS6), ChecksumForm.PSEUDO_HEADER,
                SRC6);
        byte[] corrupted = v3pseudo.message(100, GROUP4).clone();
        corrupted[7] ^= 0x01;
        List<Frame> f = new ArrayList<>();
        f.add(vrrp("v2-none", MulticastMacs.VRRP_IPV4, VMAC, SRC4, GROUP4, VrrpEncoder.encode(
                VrrpAdvertisement.v2(51, 100, 1, VIPS4, V2Auth.NONE), ChecksumForm.PSEUDO_HEADER, SRC4, GROUP4)));
        f.add(vrrp("v2-pass", MulticastMacs.VRRP_IPV4, VMAC, SRC4, GROUP4, AdvertTemplate.of(
                VrrpAdvertisement.v2(51, 100, 1, VIPS4, V2Auth.pass("secret")), ChecksumForm.PSEUDO_HEADER, SRC4)
                .message(150, GROUP4)));
        f.add(vrrp("v3-ipv4-pseudo", MulticastMacs.VRRP_IPV4, VMAC, SRC4, GROUP4, v3pseudo.message(100, GROUP4)));
        f.add(vrrp("v3-ipv4-pseudo-prio0", MulticastMacs.VRRP_IPV4, VMAC, SRC4, GROUP4, v3pseudo.message(0, GROUP4)));
        f.add(vrrp("v3-ipv4-unicast", PEER_MAC, VMAC, SRC4, PEER4, v3pseudo.message(100, PEER4)));
        f.add(vrrp("v3-ipv6", MulticastMacs.VRRP_IPV6, VMAC6, SRC6, GROUP6, v6.message(254, GROUP6)));
        f.add(vrrp("v3-ipv6-unicast", PEER_MAC, VMAC6, SRC6, ip("fe80::b"), v6.message(254, ip("fe80::b"))));
        f.add(vrrp("v3-ipv4-message-only", MulticastMacs.VRRP_IPV4, VMAC, SRC4, GROUP4,
                AdvertTemplate.of(v3, ChecksumForm.MESSAGE_ONLY, null).message(100, GROUP4)));
        f.add(vrrp("corrupted", MulticastMacs.VRRP_IPV4, VMAC, SRC4, GROUP4, corrupted));
        f.add(new Frame("garp", AnnouncementFrames.gratuitousArp(VMAC, (Inet4Address) ip("192.0.2.254")), null));
        f.add(new Frame("na-router", AnnouncementFrames.unsolicitedNeighborAdvertisement(VMAC6,
                (Inet6Address) SRC6, (Inet6Address) ip("2001:db8::1"), true), null));
        f.add(new Frame("na-host", AnnouncementFrames.unsolicitedNeighborAdvertisement(VMAC6,
                (Inet6Address) SRC6, (Inet6Address) ip("2001:db8::2"), false), null));
        return f;
    }

    /** Runs tshark over the frames and returns each frame's fields by frame name. */
    private static Map<String, Map<String, String>> tshark(Path dir, List<Frame> frames, String... prefs)
            throws IOException, InterruptedException {
        Path tshark = ExternalTool.require("tshark", "tshark");
        Path pcap = dir.resolve("vigil.pcap");
        List<byte[]> raw = new ArrayList<>();
        frames.forEach(f -> raw.add(f.frame()));
        Pcap.write(pcap, raw);
        List<String> cmd = new ArrayList<>(List.of(tshark.toString(), "-n", "-r", pcap.toString(), "-T", "fields",
                "-E", "separator=|", "-E", "occurrence=a", "-E", "aggregator=,"));
        for (String pref : prefs) {
            cmd.add("-o");
            cmd.add(pref);
        }
        for (String field : FIELDS) {
            cmd.add("-e");
            cmd.add(field);
        }
        String out = ExternalTool.run(dir, "", cmd);
        Map<String, Map<String, String>> byName = new HashMap<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\\|", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < FIELDS.size(); i++) {
                row.put(FIELDS.get(i), i < cols.length ? cols[i] : "");
            }
            byName.put(frames.get(Integer.parseInt(row.get("frame.number")) - 1).name(), row);
        }
        assertThat(byName).as("tshark output:\n%s", out).hasSize(frames.size());
        return byName;
    }

    private static void assertClean(Map<String, String> row) {
        assertThat(row.get("_ws.malformed")).as("malformed %s", row).isEmpty();
        for (String s : row.get("_ws.expert.severity").split(",")) {
            if (!s.isEmpty()) {
                assertThat(Integer.parseInt(s)).as("expert info %s", row).isLessThan(PI_WARN);
            }
        }
    }

    @Test
    void wiresharkFindsVigilsChecksumsCorrect(@TempDir Path dir) throws Exception {
        Map<String, Map<String, String>> rows = tshark(dir, frames(), "ip.check_checksum:TRUE");
        for (String name : List.of("v2-none", "v2-pass", "v3-ipv4-pseudo", "v3-ipv4-pseudo-prio0",
                "v3-ipv4-unicast", "v3-ipv6", "v3-ipv6-unicast")) {
            Map<String, String> row = rows.get(name);
            assertThat(row.get("vrrp.checksum.status")).as("%s: %s", name, row).isEqualTo("1");
            assertClean(row);
        }
        assertThat(rows.get("v2-none").get("vrrp.version")).isEqualTo("2");
        assertThat(rows.get("v2-pass").get("vrrp.auth_string")).isEqualTo("secret");
        assertThat(rows.get("v2-pass").get("vrrp.prio")).isEqualTo("150");
        assertThat(rows.get("v3-ipv4-pseudo-prio0").get("vrrp.prio")).isEqualTo("0");
        assertThat(rows.get("v3-ipv6").get("vrrp.version")).isEqualTo("3");
        assertThat(rows.get("v3-ipv4-pseudo").get("ip.checksum.status")).as("the test's IPv4 header").isEqualTo("1");
        // Wireshark's default reading is the pseudo-header one: the RFC 9568 form and the corrupted frame fail
        assertThat(rows.get("v3-ipv4-message-only").get("vrrp.checksum.status")).isEqualTo("0");
        assertThat(rows.get("corrupted").get("vrrp.checksum.status")).isEqualTo("0");
    }

    @Test
    void wiresharkInRfc9568ModeAcceptsTheMessageOnlyForm(@TempDir Path dir) throws Exception {
        Map<String, Map<String, String>> rows = tshark(dir, frames(), "vrrp.v3_checksum_as_in_v2:TRUE");
        assertThat(rows.get("v3-ipv4-message-only").get("vrrp.checksum.status")).isEqualTo("1");
        assertClean(rows.get("v3-ipv4-message-only"));
        assertThat(rows.get("v3-ipv4-pseudo").get("vrrp.checksum.status")).isEqualTo("0");
        assertThat(rows.get("v2-none").get("vrrp.checksum.status")).isEqualTo("1");
    }

    @Test
    void wiresharkFindsTheAnnouncementsValid(@TempDir Path dir) throws Exception {
        Map<String, Map<String, String>> rows = tshark(dir, frames());
        Map<String, String> garp = rows.get("garp");
        assertClean(garp);
        assertThat(garp.get("arp.isgratuitous")).as("%s", garp).isEqualTo("1");
        assertThat(garp.get("arp.opcode")).isEqualTo("1");
        assertThat(garp.get("arp.src.hw_mac")).isEqualTo("00:00:5e:00:01:33");
        assertThat(garp.get("arp.src.proto_ipv4")).isEqualTo("192.0.2.254");
        assertThat(garp.get("arp.dst.proto_ipv4")).isEqualTo("192.0.2.254");
        for (String name : List.of("na-router", "na-host")) {
            Map<String, String> na = rows.get(name);
            assertClean(na);
            assertThat(na.get("icmpv6.checksum.status")).as("%s", na).isEqualTo("1");
            assertThat(na.get("icmpv6.nd.na.flag.s")).isEqualTo("0");
            assertThat(na.get("icmpv6.nd.na.flag.o")).isEqualTo("1");
            assertThat(na.get("icmpv6.opt.linkaddr")).isEqualTo("00:00:5e:00:02:33");
            assertThat(na.get("ipv6.hlim")).isEqualTo("255");
        }
        assertThat(rows.get("na-router").get("icmpv6.nd.na.flag.r")).isEqualTo("1");
        assertThat(rows.get("na-host").get("icmpv6.nd.na.flag.r")).isEqualTo("0");
        assertThat(rows.get("na-router").get("icmpv6.nd.na.target_address")).isEqualTo("2001:db8::1");
    }

    private static String scapy(Path dir, List<Frame> input) throws IOException, InterruptedException {
        Path python = ExternalTool.require("/usr/bin/python3", "python3 python3-scapy");
        Path script = dir.resolve("scapy_vrrp.py");
        try (InputStream in = DissectorCrossCheckTest.class.getResourceAsStream("scapy_vrrp.py")) {
            java.nio.file.Files.write(script, in.readAllBytes());
        }
        StringBuilder stdin = new StringBuilder();
        for (Frame f : input) {
            stdin.append(f.name()).append(' ').append(TestPackets.hex(f.ipPacket())).append('\n');
        }
        return ExternalTool.run(dir, stdin.toString(), List.of(python.toString(), script.toString()));
    }

    @Test
    void scapyRecomputesVigilsChecksumsAndVigilAcceptsScapysAdverts(@TempDir Path dir) throws Exception {
        List<Frame> input = new ArrayList<>();
        for (Frame f : frames()) {
            // scapy knows the pseudo-header reading only; it has no option for the RFC 9568 form
            if (f.ipPacket() != null && !f.name().equals("v3-ipv4-message-only")) {
                input.add(f);
            }
        }
        String out = scapy(dir, input);
        int checksums = 0;
        Map<String, DecodeResult.Accepted> decoded = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] w = line.trim().split(" ");
            if (w[0].equals("checksum")) {
                checksums++;
                if (w[1].equals("corrupted")) {
                    assertThat(w[2]).as("scapy sees the corruption").isNotEqualTo(w[3]);
                } else {
                    assertThat(w[2]).as("scapy's checksum of %s", w[1]).isEqualTo(w[3]);
                }
            } else if (w[0].equals("packet")) {
                DecodeResult r = VrrpDecoder.decode(TestPackets.hex(w[2]), DecodeOptions.DEFAULT);
                assertThat(r).as("scapy's %s: %s", w[1], r).isInstanceOf(DecodeResult.Accepted.class);
                decoded.put(w[1], (DecodeResult.Accepted) r);
            }
        }
        assertThat(checksums).as("scapy output:\n%s", out).isEqualTo(input.size());
        assertThat(decoded).hasSize(5);
        assertThat(decoded.get("v2-none").advertisement())
                .isEqualTo(VrrpAdvertisement.v2(51, 100, 1, List.of(ip("192.0.2.254")), V2Auth.NONE));
        assertThat(decoded.get("v2-pass").advertisement()).isEqualTo(VrrpAdvertisement.v2(52, 200, 3,
                List.of(ip("192.0.2.254"), ip("192.0.2.253")), V2Auth.pass("secret")));
        assertThat(decoded.get("v3-ipv4").advertisement())
                .isEqualTo(VrrpAdvertisement.v3(53, 0, 250, List.of(ip("192.0.2.254"))));
        assertThat(decoded.get("v3-ipv4").checksumForm()).isEqualTo(ChecksumForm.PSEUDO_HEADER);
        assertThat(decoded.get("v3-ipv4-unicast").checksumForm()).isEqualTo(ChecksumForm.PSEUDO_HEADER);
        assertThat(decoded.get("v3-ipv4-unicast").destination()).isEqualTo(PEER4);
        assertThat(decoded.get("v3-ipv6").advertisement()).isEqualTo(VrrpAdvertisement.v3(55, 100, 100,
                List.of(ip("fe80::1"), ip("2001:db8::1"), ip("2001:db8::2"))));
        // the decoded bytes, as a sanity check on the test itself
        assertThat(new String(decoded.get("v2-pass").advertisement().authData(), StandardCharsets.US_ASCII))
                .startsWith("secret");
    }
}
