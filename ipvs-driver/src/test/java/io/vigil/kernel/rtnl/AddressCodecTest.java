package io.vigil.kernel.rtnl;

import static io.vigil.kernel.testing.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.net.InetAddresses;
import io.vigil.core.net.IpPrefix;
import io.vigil.core.port.InterfaceAddress;
import io.vigil.kernel.netlink.NetlinkProtocolException;
import io.vigil.kernel.netlink.NlMessage;
import io.vigil.kernel.netlink.NlWriter;
import io.vigil.kernel.testing.Bytes;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Address requests against the bytes iproute2 sends for the same change (captured with
 * {@code strace -e trace=sendmsg -e write=3 -xx ip addr ...}, ifindex 3, sequence 0x6b07c12f), and decoding of a
 * captured RTM_GETADDR dump (see the resources' README).
 */
class AddressCodecTest {

    private static final int SEQ = 0x6b07c12f;

    @Test
    void addWithLabelMatchesIproute2() {
        // ip addr add 192.0.2.10/24 dev X label X:1
        byte[] golden = hex("""
                30 00 00 00 14 00 05 06 2f c1 07 6b 00 00 00 00
                02 18 00 00 03 00 00 00 08 00 02 00 c0 00 02 0a
                08 00 03 00 58 3a 31 00 08 00 01 00 c0 00 02 0a""");
        InterfaceAddress a = new InterfaceAddress(3, IpPrefix.parse("192.0.2.10/24"), 0, "X:1", null, false, false);
        assertThat(hex(AddressCodec.add(a).encode(SEQ, 0))).isEqualTo(hex(golden));
    }

    @Test
    void addIpv6NoDadNoPrefixRouteMatchesIproute2() {
        // ip -6 addr add 2001:db8::10/64 dev X nodad noprefixroute: flags only in IFA_FLAGS (0x202)
        byte[] golden = hex("""
                48 00 00 00 14 00 05 06 2f c1 07 6b 00 00 00 00
                0a 40 00 00 03 00 00 00 14 00 02 00 20 01 0d b8
                00 00 00 00 00 00 00 00 00 00 00 10 08 00 08 00
                02 02 00 00 14 00 01 00 20 01 0d b8 00 00 00 00
                00 00 00 00 00 00 00 10""");
        InterfaceAddress a = new InterfaceAddress(3, IpPrefix.parse("2001:db8::10/64"), 0, null, null, true, true);
        assertThat(hex(AddressCodec.add(a).encode(SEQ, 0))).isEqualTo(hex(golden));
    }

    @Test
    void addWithBroadcastAndScopeMatchesIproute2() {
        // ip addr add 198.51.100.7/24 brd + dev X scope link (sequence 0x6b07c135)
        byte[] golden = hex("""
                30 00 00 00 14 00 05 06 35 c1 07 6b 00 00 00 00
                02 18 00 fd 03 00 00 00 08 00 02 00 c6 33 64 07
                08 00 01 00 c6 33 64 07 08 00 04 00 c6 33 64 ff""");
        InterfaceAddress a = new InterfaceAddress(3, IpPrefix.parse("198.51.100.7/24"), Rtnl.RT_SCOPE_LINK, null,
                InetAddresses.parse("198.51.100.255"), false, false);
        assertThat(hex(AddressCodec.add(a).encode(0x6b07c135, 0))).isEqualTo(hex(golden));
    }

    @Test
    void removeMatchesIproute2() {
        // ip addr del 192.0.2.10/24 dev X: no label, no NLM_F_CREATE/EXCL
        byte[] golden = hex("""
                28 00 00 00 15 00 05 00 35 c1 07 6b 00 00 00 00
                02 18 00 00 03 00 00 00 08 00 02 00 c0 00 02 0a
                08 00 01 00 c0 00 02 0a""");
        InterfaceAddress a = new InterfaceAddress(3, IpPrefix.parse("192.0.2.10/24"), 0, "X:1", null, false, false);
        assertThat(hex(AddressCodec.remove(a).encode(0x6b07c135, 0))).isEqualTo(hex(golden));
    }

    @Test
    void requestsAreNamedAfterTheAddress() {
        InterfaceAddress a = new InterfaceAddress(7, IpPrefix.parse("203.0.113.9/32"), 0, "eth0:vip", null, false,
                false);
        assertThat(AddressCodec.add(a).description()).isEqualTo("RTM_NEWADDR 203.0.113.9/32 dev #7 label eth0:vip");
        assertThat(AddressCodec.remove(a).description()).isEqualTo("RTM_DELADDR 203.0.113.9/32 dev #7 label eth0:vip");
    }

    @Test
    void labelLongerThanAnInterfaceNameIsRefused() {
        InterfaceAddress a = new InterfaceAddress(3, IpPrefix.parse("192.0.2.1/24"), 0, "eth0:much-too-long", null,
                false, false);
        assertThatThrownBy(() -> AddressCodec.add(a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1-15 characters");
    }

    @Test
    void decodesACapturedDump() throws Exception {
        List<NlMessage> messages = NlMessage.parseAll(
                ByteBuffer.wrap(Bytes.resource(AddressCodecTest.class, "getaddr-dump.bin")));
        assertThat(messages).hasSize(10);
        assertThat(messages.get(9).type()).isEqualTo(3); // NLMSG_DONE
        List<RtnlAddress> addresses = messages.subList(0, 9).stream().map(m -> {
            try {
                return AddressCodec.decode(m);
            } catch (NetlinkProtocolException e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertThat(addresses).extracting(a -> a.address().prefix().toString()).containsExactly(
                "127.0.0.1/8", "198.51.100.7/24", "192.0.2.10/24", "203.0.113.5/32",
                "::1/128", "fe80::3014:b8ff:fe4c:84c2/64", "2001:db8::10/64", "fe80::ccea:32ff:fe04:2802/64",
                "fe80::200:5eff:fe00:133/64");

        InterfaceAddress labelled = addresses.get(2).address();
        assertThat(labelled.ifindex()).isEqualTo(3);
        assertThat(labelled.label()).isEqualTo("X:1");
        assertThat(labelled.broadcast()).isEqualTo(InetAddresses.parse("192.0.2.255"));
        assertThat(labelled.scope()).isEqualTo(Rtnl.RT_SCOPE_UNIVERSE);
        // a second prefix on X, so a primary of its own
        assertThat(addresses.get(2).isSecondary()).isFalse();

        InterfaceAddress linkScoped = addresses.get(1).address();
        assertThat(linkScoped.scope()).isEqualTo(Rtnl.RT_SCOPE_LINK);
        assertThat(linkScoped.label()).isEqualTo("X");

        InterfaceAddress vip = addresses.get(3).address();
        assertThat(vip.ifindex()).isEqualTo(4);
        assertThat(vip.label()).isEqualTo("vmac1:v");

        InterfaceAddress v6 = addresses.get(6).address();
        assertThat(v6.noDad()).isTrue();
        assertThat(v6.noPrefixRoute()).isTrue();
        assertThat(v6.label()).isNull();
        assertThat(v6.broadcast()).isNull();
        assertThat(addresses.get(0).address().scope()).isEqualTo(Rtnl.RT_SCOPE_HOST);
        assertThat(addresses).allMatch(RtnlAddress::isUsable);
    }

    @Test
    void addressOfTheWrongSizeIsAClearError() {
        byte[] body = new NlWriter().u8(Rtnl.AF_INET).u8(24).u8(0).u8(0).u32(3)
                .attr(Rtnl.IFA_LOCAL, new byte[] {(byte) 192, 0, 2}).toBytes();
        NlMessage m = new NlMessage(Rtnl.RTM_NEWADDR, 0, 0, 0, ByteBuffer.wrap(body));
        assertThatThrownBy(() -> AddressCodec.decode(m)).isInstanceOf(NetlinkProtocolException.class)
                .hasMessageContaining("RTM_NEWADDR: attribute 2 has 3 bytes, expected 4");
    }

    @Test
    void messageWithoutAnAddressIsAClearError() {
        byte[] body = new NlWriter().u8(Rtnl.AF_INET6).u8(64).u8(0).u8(0).u32(3).toBytes();
        NlMessage m = new NlMessage(Rtnl.RTM_DELADDR, 0, 0, 0, ByteBuffer.wrap(body));
        assertThatThrownBy(() -> AddressCodec.decode(m)).isInstanceOf(NetlinkProtocolException.class)
                .hasMessageContaining("RTM_DELADDR dev #3: neither IFA_LOCAL nor IFA_ADDRESS");
    }

    @Test
    void truncatedHeaderAndImpossiblePrefixAreClearErrors() {
        NlMessage shortHeader = new NlMessage(Rtnl.RTM_NEWADDR, 0, 0, 0, ByteBuffer.wrap(new byte[] {2, 24, 0}));
        assertThatThrownBy(() -> AddressCodec.decode(shortHeader)).isInstanceOf(NetlinkProtocolException.class)
                .hasMessageContaining("payload of 3 bytes, shorter than its 8-byte header");
        byte[] body = new NlWriter().u8(Rtnl.AF_INET).u8(33).u8(0).u8(0).u32(3)
                .attr(Rtnl.IFA_LOCAL, new byte[4]).toBytes();
        NlMessage badPrefix = new NlMessage(Rtnl.RTM_NEWADDR, 0, 0, 0, ByteBuffer.wrap(body));
        assertThatThrownBy(() -> AddressCodec.decode(badPrefix)).isInstanceOf(NetlinkProtocolException.class)
                .hasMessageContaining("prefix length 33");
        byte[] unknownFamily = new NlWriter().u8(7).u8(0).u8(0).u8(0).u32(3).toBytes();
        assertThatThrownBy(() -> AddressCodec.decode(new NlMessage(Rtnl.RTM_NEWADDR, 0, 0, 0,
                ByteBuffer.wrap(unknownFamily)))).isInstanceOf(NetlinkProtocolException.class)
                .hasMessageContaining("address family 7");
    }
}
