package io.vigil.kernel.ipvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.RealServer.Forwarding;
import io.vigil.core.port.RealServer.Tunnel;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.ServiceKey.Protocol;
import io.vigil.core.port.VirtualService;
import io.vigil.core.port.VirtualService.SchedulerFlag;
import io.vigil.kernel.netlink.GenericNetlink;
import io.vigil.kernel.netlink.Netlink;
import io.vigil.kernel.netlink.NetlinkProtocolException;
import io.vigil.kernel.netlink.NlAttributes;
import io.vigil.kernel.netlink.NlMessage;
import io.vigil.kernel.netlink.NlRequest;
import io.vigil.kernel.netlink.NlWriter;
import io.vigil.kernel.testing.Bytes;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The IPVS codec against ipvsadm 1.31 (libnl) and the Debian 6.1 kernel, captured in the IPVS VM by
 * {@code capture.sh} ({@code ipvsadm-golden.txt}): service requests are byte-for-byte what ipvsadm sends, the
 * destination part of destination requests too, and the kernel's dump replies decode to what ipvsadm printed.
 * Then malformed replies: each is a {@link NetlinkProtocolException} saying what is wrong.
 */
class IpvsCodecTest {

    private static final IpvsCodec CODEC = new IpvsCodec(0x20);
    private static final List<String[]> GOLDEN = golden();

    private static List<String[]> golden() {
        String text = new String(Bytes.resource(IpvsCodecTest.class, "ipvsadm-golden.txt"), StandardCharsets.UTF_8);
        List<String[]> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length == 4 && !f[3].equals("0f010000") && !f[3].startsWith("0e01")) {
                out.add(f); // name, send|recv, flags, payload (IPVS messages only, not GET_INFO)
            }
        }
        return out;
    }

    private static byte[] sent(String name) {
        return GOLDEN.stream().filter(f -> f[0].equals(name) && f[1].equals("send")).map(f -> Bytes.hex(f[3]))
                .findFirst().orElseThrow(() -> new AssertionError("no capture " + name));
    }

    private static List<NlMessage> received(String name) {
        return GOLDEN.stream().filter(f -> f[0].equals(name) && f[1].equals("recv"))
                .map(f -> message(Bytes.hex(f[3]))).toList();
    }

    private static NlMessage message(byte[] payload) {
        return new NlMessage(0x20, Netlink.NLM_F_MULTI, 1, 0, ByteBuffer.wrap(payload));
    }

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    private static final ServiceKey TCP80 = ServiceKey.of(Protocol.TCP, ip("192.0.2.1"), 80);

    // ------------------------------------------------------------------ requests, byte for byte

    @Test
    void addServiceIsWhatIpvsadmSends() {
        VirtualService s = new VirtualService(TCP80, "wrr", Set.of(), 300, 32, false, List.of());
        assertThat(Bytes.hex(CODEC.service(Ipvs.CMD_NEW_SERVICE, s).payload()))
                .isEqualTo(Bytes.hex(sent("add-service-tcp-wrr-persistent")));
    }

    @Test
    void fwmarkIpv6ServiceWithMhFlagsIsWhatIpvsadmSends() {
        VirtualService s = new VirtualService(ServiceKey.fwmark(AddressFamily.INET6, 7), "mh",
                Set.of(SchedulerFlag.FALLBACK, SchedulerFlag.PORT), 0, 128, false, List.of());
        assertThat(Bytes.hex(CODEC.service(Ipvs.CMD_NEW_SERVICE, s).payload()))
                .isEqualTo(Bytes.hex(sent("add-service-fwmark6-mh")));
    }

    @Test
    void udpIpv6ServiceWithShPortAndOnePacketIsWhatIpvsadmSends() {
        VirtualService s = new VirtualService(ServiceKey.of(Protocol.UDP, ip("2001:db8::1"), 53), "sh",
                Set.of(SchedulerFlag.PORT), 0, 128, true, List.of());
        assertThat(Bytes.hex(CODEC.service(Ipvs.CMD_NEW_SERVICE, s).payload()))
                .isEqualTo(Bytes.hex(sent("add-service-udp6-sh-ops")));
    }

    @Test
    void sctpServiceWithPersistenceNetmaskIsWhatIpvsadmSends() {
        VirtualService s = new VirtualService(ServiceKey.of(Protocol.SCTP, ip("192.0.2.2"), 9), "rr", Set.of(), 60, 24,
                false, List.of());
        assertThat(Bytes.hex(CODEC.service(Ipvs.CMD_NEW_SERVICE, s).payload()))
                .isEqualTo(Bytes.hex(sent("add-service-sctp-netmask")));
    }

    @Test
    void editServiceIsWhatIpvsadmSends() {
        VirtualService s = VirtualService.of(TCP80, "lc", List.of());
        assertThat(Bytes.hex(CODEC.service(Ipvs.CMD_SET_SERVICE, s).payload()))
                .isEqualTo(Bytes.hex(sent("edit-service")));
    }

    @Test
    void destinationAttributesAreWhatIpvsadmSends() throws Exception {
        expectDest("add-dest-nat", Ipvs.CMD_NEW_DEST,
                new RealServer(ip("198.51.100.10"), 8080, Forwarding.NAT, 5, 100, 10, null));
        expectDest("add-dest-tun-weight0", Ipvs.CMD_NEW_DEST,
                new RealServer(ip("198.51.100.11"), 80, Forwarding.TUN, 0, 0, 0, null));
        expectDest("add-dest-dr", Ipvs.CMD_NEW_DEST, RealServer.of(ip("198.51.100.12"), 80, Forwarding.DR, 1));
        expectDest("edit-dest", Ipvs.CMD_SET_DEST, RealServer.of(ip("198.51.100.10"), 8080, Forwarding.NAT, 7));
    }

    /** ipvsadm sends the whole service with a destination request; vigil sends its key, and the same destination. */
    private static void expectDest(String capture, int command, RealServer r) throws Exception {
        NlRequest mine = CODEC.destination(command, TCP80, r);
        NlAttributes theirs = attributes(sent(capture));
        NlAttributes ours = attributes(mine.payload());
        assertThat(mine.payload()[0]).isEqualTo((byte) command);
        assertThat(Bytes.hex(bytes(ours.value(Ipvs.CMD_ATTR_DEST))))
                .as(capture).isEqualTo(Bytes.hex(bytes(theirs.value(Ipvs.CMD_ATTR_DEST))));
        NlAttributes key = ours.nested(Ipvs.CMD_ATTR_SERVICE);
        NlAttributes full = theirs.nested(Ipvs.CMD_ATTR_SERVICE);
        for (int attr : new int[] {Ipvs.SVC_ATTR_AF, Ipvs.SVC_ATTR_PROTOCOL, Ipvs.SVC_ATTR_ADDR, Ipvs.SVC_ATTR_PORT}) {
            assertThat(key.bytes(attr)).as(capture + " service attribute " + attr).isEqualTo(full.bytes(attr));
        }
        assertThat(key.entries()).hasSize(4);
    }

    @Test
    void deleteDestinationNamesServiceAndDestinationOnly() throws Exception {
        NlAttributes ours = attributes(CODEC.deleteDestination(TCP80,
                RealServer.of(ip("198.51.100.11"), 80, Forwarding.DR, 1)).payload());
        NlAttributes theirs = attributes(sent("del-dest"));
        NlAttributes dest = ours.nested(Ipvs.CMD_ATTR_DEST);
        assertThat(dest.entries()).extracting(NlAttributes.Entry::type)
                .containsExactly(Ipvs.DEST_ATTR_ADDR_FAMILY, Ipvs.DEST_ATTR_ADDR, Ipvs.DEST_ATTR_PORT);
        for (int attr : new int[] {Ipvs.DEST_ATTR_ADDR_FAMILY, Ipvs.DEST_ATTR_ADDR, Ipvs.DEST_ATTR_PORT}) {
            assertThat(dest.bytes(attr)).isEqualTo(theirs.nested(Ipvs.CMD_ATTR_DEST).bytes(attr));
        }
    }

    @Test
    void timeoutsAndDaemonStartAreWhatIpvsadmSends() {
        assertThat(Bytes.hex(CODEC.setTimeouts(new IpvsTimeouts(900, 120, 300)).payload()))
                .isEqualTo(Bytes.hex(sent("set-timeouts")));
        assertThat(Bytes.hex(CODEC.startDaemon(SyncDaemon.of(SyncDaemon.State.MASTER, "lo", 5)).payload()))
                .isEqualTo(Bytes.hex(sent("start-daemon")));
    }

    @Test
    void dumpRequestsAreWhatIpvsadmSends() throws Exception {
        assertThat(CODEC.dumpServices().payload()).isEqualTo(sent("list"));
        assertThat(CODEC.dumpServices().isDump()).isTrue();
        assertThat(CODEC.dumpDaemons().payload()).isEqualTo(sent("list-daemon"));
        List<byte[]> destDumps = GOLDEN.stream().filter(f -> f[0].equals("list") && f[1].equals("send")
                && f[3].startsWith("0801")).map(f -> Bytes.hex(f[3])).toList();
        assertThat(Bytes.hex(CODEC.dumpDestinations(TCP80).payload())).isEqualTo(Bytes.hex(destDumps.get(0)));
        assertThat(Bytes.hex(CODEC.dumpDestinations(ServiceKey.fwmark(AddressFamily.INET6, 7)).payload()))
                .isEqualTo(Bytes.hex(destDumps.get(3)));
    }

    @Test
    void stopDaemonNamesTheState() throws Exception {
        NlAttributes d = attributes(CODEC.stopDaemon(SyncDaemon.State.BACKUP).payload()).nested(Ipvs.CMD_ATTR_DAEMON);
        assertThat(d.u32(Ipvs.DAEMON_ATTR_STATE, 0)).isEqualTo(Ipvs.STATE_BACKUP);
        assertThat(attributes(sent("stop-daemon")).nested(Ipvs.CMD_ATTR_DAEMON).u32(Ipvs.DAEMON_ATTR_STATE, 0))
                .isEqualTo(Ipvs.STATE_MASTER);
    }

    @Test
    void requestsOfEveryKindEncodeTunnelOptions() throws Exception {
        RealServer gue = new RealServer(ip("2001:db8::10"), 80, Forwarding.TUN, 3, 0, 0,
                new Tunnel(Tunnel.Type.GUE, 6080, Tunnel.Checksum.REMCSUM));
        NlAttributes d = attributes(CODEC.destination(Ipvs.CMD_NEW_DEST, TCP80, gue).payload())
                .nested(Ipvs.CMD_ATTR_DEST);
        assertThat(d.u16(Ipvs.DEST_ATTR_ADDR_FAMILY, 0)).isEqualTo(10);
        assertThat(d.u8(Ipvs.DEST_ATTR_TUN_TYPE, -1)).isEqualTo(Ipvs.TUNNEL_TYPE_GUE);
        assertThat(d.bytes(Ipvs.DEST_ATTR_TUN_PORT)).containsExactly(0x17, 0xc0);
        assertThat(d.u16(Ipvs.DEST_ATTR_TUN_FLAGS, -1)).isEqualTo(Ipvs.TUNNEL_FLAG_REMCSUM);
        assertThat(d.u32(Ipvs.DEST_ATTR_FWD_METHOD, -1)).isEqualTo(Ipvs.CONN_F_TUNNEL);
    }

    // ------------------------------------------------------------------ replies

    @Test
    void theKernelsServiceDumpDecodes() throws Exception {
        List<IpvsService> services = IpvsCodec.decodeAll(received("list-stats").subList(0, 4), Ipvs.CMD_NEW_SERVICE,
                IpvsCodec::decodeService);
        assertThat(services).extracting(s -> s.service().toString()).containsExactly(
                "UDP [2001:db8::1]:53 sh [PORT] ops []",
                "SCTP 192.0.2.2:9 rr persistent 60 []",
                "TCP 192.0.2.1:80 lc []",
                "FWM 7 IPv6 mh [FALLBACK, PORT] []");
        assertThat(services.get(1).service().persistencePrefix()).isEqualTo(24);
        assertThat(services.get(3).service().persistencePrefix()).isEqualTo(128);
        assertThat(services.get(0).flags() & Ipvs.SVC_F_HASHED).isNotZero();
        assertThat(services).allSatisfy(s -> assertThat(s.stats()).isEqualTo(IpvsStats.ZERO));
    }

    @Test
    void theKernelsDestinationDumpDecodes() throws Exception {
        List<NlMessage> dests = received("list-stats").subList(4, 6);
        assertThat(dests).extracting(m -> uncheckedDest(m).server()).containsExactly(
                RealServer.of(ip("198.51.100.12"), 80, Forwarding.DR, 1),
                RealServer.of(ip("198.51.100.10"), 8080, Forwarding.NAT, 7));
    }

    private static IpvsDestination uncheckedDest(NlMessage m) {
        try {
            return IpvsCodec.decodeDestination(m, AddressFamily.INET);
        } catch (NetlinkProtocolException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theKernelsDaemonDumpDecodes() throws Exception {
        SyncDaemon d = IpvsCodec.decodeDaemon(received("list-daemon").get(0));
        assertThat(d).isEqualTo(new SyncDaemon(SyncDaemon.State.MASTER, "lo", 5, 1472, ip("224.0.0.81"), 8848, 1));
    }

    @Test
    void infoDecodes() throws Exception {
        byte[] info = Bytes.hex("0e01000008000100010201000800020000100000");
        IpvsInfo i = IpvsCodec.decodeInfo(message(info));
        assertThat(i.versionString()).isEqualTo("1.2.1");
        assertThat(i.connectionTableSize()).isEqualTo(4096);
    }

    @Test
    void stats64AreReadAsUnsigned64BitCounters() throws Exception {
        NlWriter w = GenericNetlink.payload(Ipvs.CMD_NEW_DEST, 1);
        int dest = w.beginNested(Ipvs.CMD_ATTR_DEST);
        w.attr(Ipvs.DEST_ATTR_ADDR, Arrays.copyOf(ip("198.51.100.1").getAddress(), 16)).attr(Ipvs.DEST_ATTR_PORT,
                new byte[] {0, 80}).attrU32(Ipvs.DEST_ATTR_FWD_METHOD, 3).attrU32(Ipvs.DEST_ATTR_WEIGHT, 1)
                .attrU32(Ipvs.DEST_ATTR_ACTIVE_CONNS, 12).attrU32(Ipvs.DEST_ATTR_INACT_CONNS, 3);
        int st = w.beginNested(Ipvs.DEST_ATTR_STATS64);
        for (int a = 1; a <= 10; a++) {
            w.attr(a, ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(a == 4 ? -1L : a * 1_000_000_000L)
                    .array());
        }
        w.endNested(st).endNested(dest);
        IpvsDestination d = IpvsCodec.decodeDestination(message(w.toBytes()), AddressFamily.INET);
        assertThat(d.activeConnections()).isEqualTo(12);
        assertThat(d.stats().connections()).isEqualTo(1_000_000_000L);
        assertThat(d.stats().inBytes()).isEqualTo(-1L); // 2^64 - 1, printed unsigned by the listing
        assertThat(d.stats().outBps()).isEqualTo(10_000_000_000L);
    }

    // ------------------------------------------------------------------ malformed replies

    @Test
    void aTruncatedAttributeIsAProtocolError() {
        byte[] svc = Bytes.hex(GOLDEN.stream().filter(f -> f[0].equals("list") && f[1].equals("recv")).findFirst()
                .orElseThrow()[3]);
        byte[] cut = Arrays.copyOf(svc, 40);
        assertThatThrownBy(() -> IpvsCodec.decodeService(message(cut)))
                .isInstanceOf(NetlinkProtocolException.class).hasMessageContaining("claims");
    }

    @Test
    void missingMandatoryAttributesAreNamed() {
        assertThatThrownBy(() -> IpvsCodec.decodeService(message(service(w -> w.attrU16(Ipvs.SVC_ATTR_PROTOCOL, 6)))))
                .isInstanceOf(NetlinkProtocolException.class).hasMessageContaining("attribute " + Ipvs.SVC_ATTR_AF
                        + " missing");
        assertThatThrownBy(() -> IpvsCodec.decodeService(message(GenericNetlink.payload(1, 1).toBytes())))
                .isInstanceOf(NetlinkProtocolException.class).hasMessageContaining("without IPVS_CMD_ATTR_SERVICE");
        assertThatThrownBy(() -> IpvsCodec.decodeService(message(service(w -> w.attrU16(Ipvs.SVC_ATTR_AF, 2)
                .attrU16(Ipvs.SVC_ATTR_PROTOCOL, 6).attr(Ipvs.SVC_ATTR_ADDR, new byte[16])
                .attr(Ipvs.SVC_ATTR_PORT, new byte[2])))))
                .isInstanceOf(NetlinkProtocolException.class).hasMessageContaining("SCHED_NAME");
    }

    @Test
    void unknownFamiliesProtocolsAndForwardingMethodsAreProtocolErrors() {
        assertThatThrownBy(() -> IpvsCodec.decodeService(message(service(w -> w.attrU16(Ipvs.SVC_ATTR_AF, 7)))))
                .isInstanceOf(NetlinkProtocolException.class).hasMessageContaining("unknown address family 7");
        assertThatThrownBy(() -> IpvsCodec.decodeService(message(service(w -> w.attrU16(Ipvs.SVC_ATTR_AF, 2)
                .attrU16(Ipvs.SVC_ATTR_PROTOCOL, 99)))))
                .isInstanceOf(NetlinkProtocolException.class).hasMessageContaining("unknown protocol 99");
        NlWriter w = GenericNetlink.payload(Ipvs.CMD_NEW_DEST, 1);
        int dest = w.beginNested(Ipvs.CMD_ATTR_DEST);
        w.attr(Ipvs.DEST_ATTR_ADDR, new byte[16]).attr(Ipvs.DEST_ATTR_PORT, new byte[2])
                .attrU32(Ipvs.DEST_ATTR_FWD_METHOD, 6).attrU32(Ipvs.DEST_ATTR_WEIGHT, 1);
        w.endNested(dest);
        assertThatThrownBy(() -> IpvsCodec.decodeDestination(message(w.toBytes()), AddressFamily.INET))
                .isInstanceOf(NetlinkProtocolException.class).hasMessageContaining("unknown forwarding method 6");
    }

    @Test
    void aNonContiguousNetmaskAndAShortAddressAreProtocolErrors() {
        byte[] bad = service(w -> tcpKey(w).attrString(Ipvs.SVC_ATTR_SCHED_NAME, "rr")
                .attr(Ipvs.SVC_ATTR_FLAGS, new byte[8]).attr(Ipvs.SVC_ATTR_NETMASK, new byte[] {-1, 0, -1, 0}));
        assertThatThrownBy(() -> IpvsCodec.decodeService(message(bad)))
                .isInstanceOf(NetlinkProtocolException.class).hasMessageContaining("not contiguous");
        byte[] shortAddr = service(w -> w.attrU16(Ipvs.SVC_ATTR_AF, 10).attrU16(Ipvs.SVC_ATTR_PROTOCOL, 6)
                .attr(Ipvs.SVC_ATTR_ADDR, new byte[4]).attr(Ipvs.SVC_ATTR_PORT, new byte[2]));
        assertThatThrownBy(() -> IpvsCodec.decodeService(message(shortAddr)))
                .isInstanceOf(NetlinkProtocolException.class).hasMessageContaining("has 4 bytes, expected 16");
    }

    @Test
    void unknownAttributesAreSkipped() throws Exception {
        byte[] ok = service(w -> tcpKey(w).attrString(Ipvs.SVC_ATTR_SCHED_NAME, "rr")
                .attr(Ipvs.SVC_ATTR_FLAGS, new byte[8]).attrU32(99, 1).attr(200, new byte[] {1, 2, 3}));
        assertThat(IpvsCodec.decodeService(message(ok)).service().key()).isEqualTo(TCP80);
    }

    @Test
    void aReplyShorterThanTheGenericHeaderIsAProtocolError() {
        assertThatThrownBy(() -> IpvsCodec.decodeInfo(message(new byte[] {14})))
                .isInstanceOf(NetlinkProtocolException.class).hasMessageContaining("shorter than");
    }

    private static NlWriter tcpKey(NlWriter w) {
        return w.attrU16(Ipvs.SVC_ATTR_AF, 2).attrU16(Ipvs.SVC_ATTR_PROTOCOL, 6)
                .attr(Ipvs.SVC_ATTR_ADDR, Arrays.copyOf(ip("192.0.2.1").getAddress(), 16))
                .attr(Ipvs.SVC_ATTR_PORT, new byte[] {0, 80});
    }

    private static byte[] service(java.util.function.Consumer<NlWriter> attrs) {
        NlWriter w = GenericNetlink.payload(Ipvs.CMD_NEW_SERVICE, 1);
        int n = w.beginNested(Ipvs.CMD_ATTR_SERVICE);
        attrs.accept(w);
        w.endNested(n);
        return w.toBytes();
    }

    private static NlAttributes attributes(byte[] genlPayload) throws NetlinkProtocolException {
        return message(genlPayload).attributes(GenericNetlink.GENL_HDRLEN, "test");
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
