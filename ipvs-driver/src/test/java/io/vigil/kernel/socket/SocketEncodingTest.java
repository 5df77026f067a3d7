package io.vigil.kernel.socket;

import static io.vigil.kernel.testing.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.net.InetAddresses;
import io.vigil.core.net.MacAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The kernel structures the socket layer writes by hand, against layouts worked out from the Linux headers
 * (x86-64 / aarch64: little endian, 8-byte size_t).
 */
class SocketEncodingTest {

    @Test
    void sockaddrIn() {
        // sa_family 2 (host order), port 0, 192.0.2.2, 8 bytes of zero
        assertThat(hex(SockAddrs.inet(InetAddresses.parse("192.0.2.2"), 5)))
                .isEqualTo("02 00 00 00 c0 00 02 02 00 00 00 00 00 00 00 00");
    }

    @Test
    void sockaddrIn6WithScope() {
        // family 10, port 0, flowinfo 0, ff02::12, scope id 5
        assertThat(hex(SockAddrs.inet(InetAddresses.parse("ff02::12"), 5))).isEqualTo(
                "0a 00 00 00 00 00 00 00 ff 02 00 00 00 00 00 00 00 00 00 00 00 00 00 12 05 00 00 00");
    }

    @Test
    void sockaddrLlForSendingAndReceiving() {
        // family 17, protocol 0x0806 big endian, ifindex 3, hatype 0, pkttype 0, halen 6, ff:ff:ff:ff:ff:ff, 2 pad
        byte[] ll = SockAddrs.packet(0x0806, 3, MacAddress.BROADCAST);
        assertThat(hex(ll)).isEqualTo("11 00 08 06 03 00 00 00 00 00 00 06 ff ff ff ff ff ff 00 00");
        // as the kernel fills it for a received multicast (pkttype 2) from 00:00:5e:00:01:07 on #4, hatype 1
        byte[] received = hex("11 00 08 00 04 00 00 00 01 00 02 06 00 00 5e 00 01 07 00 00");
        SockAddrs.LinkSource s = SockAddrs.parsePacket(received);
        assertThat(s).isEqualTo(new SockAddrs.LinkSource(0x0800, 4, 2, MacAddress.parse("00:00:5e:00:01:07")));
        assertThatThrownBy(() -> SockAddrs.parsePacket(new byte[8])).isInstanceOf(IllegalArgumentException.class);
        byte[] noMac = hex("11 00 08 00 04 00 00 00 01 00 02 00");
        assertThat(SockAddrs.parsePacket(noMac).mac()).isEqualTo(MacAddress.ZERO);
    }

    @Test
    void ipv4PacketInfoControlMessage() {
        // cmsg_len 28 (size_t), level IPPROTO_IP 0, type IP_PKTINFO 8; in_pktinfo {ifindex 3, spec_dst
        // 192.0.2.11, addr 0}; padded to CMSG_SPACE(12) = 32
        byte[] data = hex("03 00 00 00 c0 00 02 0b 00 00 00 00");
        assertThat(hex(ControlMessages.cmsg(0, 8, data, 8))).isEqualTo(
                "1c 00 00 00 00 00 00 00 00 00 00 00 08 00 00 00 03 00 00 00 c0 00 02 0b 00 00 00 00 00 00 00 00");
        assertThat(ControlMessages.IP_PKTINFO).isEqualTo(8);
    }

    @Test
    void ipv6PacketInfoControlMessage() {
        // cmsg_len 36, level IPPROTO_IPV6 41, type IPV6_PKTINFO 50; in6_pktinfo {fe80::1, ifindex 3}; CMSG_SPACE 40
        byte[] data = new byte[20];
        System.arraycopy(InetAddresses.parse("fe80::1").getAddress(), 0, data, 0, 16);
        data[16] = 3;
        assertThat(hex(ControlMessages.cmsg(41, 50, data, 8))).isEqualTo("24 00 00 00 00 00 00 00 29 00 00 00"
                + " 32 00 00 00 fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01 03 00 00 00 00 00 00 00");
        // a 32-bit size_t: 12-byte header, 4-byte alignment
        assertThat(ControlMessages.cmsg(41, 50, data, 4)).hasSize(32);
    }

    @Test
    void protocolFilterProgram() {
        // ld [-4092] (pkttype); jge #4 jt 3; ldb [9]; jeq #112 jf 1; ret #0x40000; ret #0
        assertThat(hex(ClassicBpf.ipProtocol(9, 112))).isEqualTo("""
                20 00 00 00 04 f0 ff ff \
                35 00 03 00 04 00 00 00 \
                30 00 00 00 09 00 00 00 \
                15 00 00 01 70 00 00 00 \
                06 00 00 00 00 00 04 00 \
                06 00 00 00 00 00 00 00""");
        assertThat(hex(ClassicBpf.dropAll())).isEqualTo("06 00 00 00 00 00 00 00");
    }

    @Test
    void packetMembershipRequest() {
        // packet_mreq {ifindex 3, type PACKET_MR_MULTICAST 0, alen 6, 01:00:5e:00:00:12 + 2 pad}
        assertThat(hex(AfPacketSocketFactory.packetMreq(3, MacAddress.parse("01:00:5e:00:00:12"))))
                .isEqualTo("03 00 00 00 00 00 06 00 01 00 5e 00 00 12 00 00");
    }

    @Test
    void ipMreqn() {
        assertThat(hex(RawIpSocketFactory.ipMreqn(InetAddresses.parse("224.0.0.18").getAddress(), 3)))
                .isEqualTo("e0 00 00 12 00 00 00 00 03 00 00 00");
    }

    @Test
    void ethernetPaddingIsTrimmed() {
        // a 28-byte IPv4 packet padded to the 46-byte Ethernet minimum
        byte[] v4 = new byte[46];
        v4[0] = 0x45;
        v4[3] = 28;
        assertThat(AfPacketSocket.trim(v4)).hasSize(28);
        // IPv6 with an 8-byte payload, padded
        byte[] v6 = new byte[60];
        v6[0] = 0x60;
        v6[5] = 8;
        assertThat(AfPacketSocket.trim(v6)).hasSize(48);
        // a header claiming more than arrived is left whole for validation to reject
        byte[] lying = Arrays.copyOf(v4, 46);
        lying[2] = 1;
        assertThat(AfPacketSocket.trim(lying)).hasSize(46);
        assertThat(AfPacketSocket.trim(new byte[] {0x45, 0})).hasSize(2);
    }

    @Test
    void echoRequestsLeaveTheIdentifierAndChecksumToTheKernel() {
        // type 8, code 0, checksum 0, identifier 0, sequence 0x0102 big endian, payload
        assertThat(hex(IcmpPingSocket.request(io.vigil.core.net.AddressFamily.INET, 0x0102, new byte[] {0x41})))
                .isEqualTo("08 00 00 00 00 00 01 02 41");
        assertThat(hex(IcmpPingSocket.request(io.vigil.core.net.AddressFamily.INET6, 7, new byte[0])))
                .isEqualTo("80 00 00 00 00 00 00 07");
        assertThatThrownBy(() -> IcmpPingSocket.request(io.vigil.core.net.AddressFamily.INET, 65536, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void echoRepliesAreMatchedByTypeWithTheirSourceAndSequence() {
        byte[] from4 = SockAddrs.inet(InetAddresses.parse("192.0.2.7"), 0);
        byte[] from6 = SockAddrs.inet(InetAddresses.parse("2001:db8::7"), 3);
        assertThat(IcmpPingSocket.reply(io.vigil.core.net.AddressFamily.INET, hex("00 00 ab cd 12 34 00 09 41"),
                from4)).isEqualTo(new io.vigil.core.port.PingSocket.EchoReply(InetAddresses.parse("192.0.2.7"), 9));
        assertThat(IcmpPingSocket.reply(io.vigil.core.net.AddressFamily.INET6, hex("81 00 ab cd 12 34 01 00"),
                from6)).isEqualTo(new io.vigil.core.port.PingSocket.EchoReply(InetAddresses.parse("2001:db8::7"),
                        256));
        // a destination unreachable, a short message: not replies
        assertThat(IcmpPingSocket.reply(io.vigil.core.net.AddressFamily.INET, hex("03 03 00 00 00 00 00 00"),
                from4)).isNull();
        assertThat(IcmpPingSocket.reply(io.vigil.core.net.AddressFamily.INET, hex("00 00 00"), from4)).isNull();
        assertThat(SockAddrs.parseInet(new byte[] {1})).isNull();
    }
}
