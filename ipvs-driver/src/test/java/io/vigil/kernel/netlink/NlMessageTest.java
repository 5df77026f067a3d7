package io.vigil.kernel.netlink;

import static io.vigil.kernel.testing.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting datagrams into messages, and the attribute parser, on well-formed and malformed input. */
class NlMessageTest {

    private static List<NlMessage> parse(String hex) throws NetlinkProtocolException {
        return NlMessage.parseAll(ByteBuffer.wrap(hex(hex)));
    }

    @Test
    void splitsADatagramWithPadding() throws Exception {
        // two messages: 17 bytes (padded to 20) then 16 bytes
        List<NlMessage> ms = parse("""
                11 00 00 00 10 00 02 00 07 00 00 00 00 00 00 00 aa 00 00 00
                10 00 00 00 03 00 02 00 07 00 00 00 00 00 00 00""");
        assertThat(ms).hasSize(2);
        assertThat(ms.get(0).type()).isEqualTo(16);
        assertThat(ms.get(0).flags()).isEqualTo(Netlink.NLM_F_MULTI);
        assertThat(ms.get(0).seq()).isEqualTo(7);
        assertThat(ms.get(0).payload().remaining()).isEqualTo(1);
        assertThat(ms.get(1).type()).isEqualTo(Netlink.NLMSG_DONE);
    }

    @Test
    void lastMessageMayLackItsPadding() throws Exception {
        assertThat(parse("11 00 00 00 10 00 00 00 01 00 00 00 00 00 00 00 aa")).hasSize(1);
    }

    @Test
    void lengthBeyondTheDatagramIsAClearError() {
        assertThatThrownBy(() -> parse("40 00 00 00 10 00 00 00 01 00 00 00 00 00 00 00 aa bb"))
                .isInstanceOf(NetlinkProtocolException.class)
                .hasMessageContaining("message at offset 0 claims 64 bytes, 18 left in the datagram");
    }

    @Test
    void lengthShorterThanAHeaderIsAClearError() {
        assertThatThrownBy(() -> parse("08 00 00 00 10 00 00 00 01 00 00 00 00 00 00 00"))
                .isInstanceOf(NetlinkProtocolException.class).hasMessageContaining("claims 8 bytes");
        // a huge unsigned length must not overflow into a negative one
        assertThatThrownBy(() -> parse("ff ff ff ff 10 00 00 00 01 00 00 00 00 00 00 00"))
                .isInstanceOf(NetlinkProtocolException.class).hasMessageContaining("claims 4294967295 bytes");
    }

    @Test
    void trailingBytesAreAClearError() {
        assertThatThrownBy(() -> parse("10 00 00 00 03 00 00 00 01 00 00 00 00 00 00 00 01 02 03"))
                .isInstanceOf(NetlinkProtocolException.class)
                .hasMessageContaining("3 trailing bytes at offset 16, less than a message header");
    }

    @Test
    void attributesWithNestingFlagsAndUnknownTypes() throws Exception {
        // u32 type 4 = 1500, nested type 18 (NLA_F_NESTED) holding string type 1 "veth", unknown type 0x3ff0
        NlAttributes a = NlAttributes.parse(ByteBuffer.wrap(hex("""
                08 00 04 00 dc 05 00 00
                10 00 12 80 09 00 01 00 76 65 74 68 00 00 00 00
                06 00 f0 3f 01 02 00 00""")), "test");
        assertThat(a.u32(4, -1)).isEqualTo(1500);
        assertThat(a.nested(18).string(1)).isEqualTo("veth");
        assertThat(a.has(0x3ff0)).isTrue();
        assertThat(a.u32(99, -1)).isEqualTo(-1);
        assertThat(a.string(99)).isNull();
        assertThat(a.nested(99).entries()).isEmpty();
        assertThat(a.entries()).extracting(NlAttributes.Entry::type).containsExactly(4, 18, 0x3ff0);
    }

    @Test
    void repeatedTypeLastOneWinsButAllAreListed() throws Exception {
        NlAttributes a = NlAttributes.parse(ByteBuffer.wrap(hex("05 00 01 00 01 00 00 00 05 00 01 00 02 00 00 00")),
                "test");
        assertThat(a.u8(1, 0)).isEqualTo(2);
        assertThat(a.entries()).hasSize(2);
    }

    @Test
    void malformedAttributesAreClearErrors() {
        assertThatThrownBy(() -> NlAttributes.parse(ByteBuffer.wrap(hex("08 00 04 00 dc 05")), "RTM_NEWLINK"))
                .isInstanceOf(NetlinkProtocolException.class)
                .hasMessage("netlink: malformed message: RTM_NEWLINK: attribute 4 at offset 0 claims 8 bytes, 6 left");
        assertThatThrownBy(() -> NlAttributes.parse(ByteBuffer.wrap(hex("02 00 04 00")), "RTM_NEWLINK"))
                .isInstanceOf(NetlinkProtocolException.class).hasMessageContaining("claims 2 bytes");
        assertThatThrownBy(() -> NlAttributes.parse(ByteBuffer.wrap(hex("08 00 04 00 dc 05 00 00 01 00")), "X"))
                .isInstanceOf(NetlinkProtocolException.class)
                .hasMessageContaining("2 trailing bytes at attribute offset 8");
    }

    @Test
    void attributeTooShortForItsTypeIsAClearError() throws Exception {
        NlAttributes a = NlAttributes.parse(ByteBuffer.wrap(hex("06 00 04 00 dc 05 00 00")), "RTM_NEWLINK");
        assertThatThrownBy(() -> a.u32(4, 0)).isInstanceOf(NetlinkProtocolException.class)
                .hasMessageContaining("RTM_NEWLINK: attribute 4 has 2 bytes, expected 4");
        assertThat(a.u16(4, 0)).isEqualTo(1500);
    }

    @Test
    void familyHeaderLongerThanThePayloadIsAClearError() {
        NlMessage m = new NlMessage(16, 0, 1, 0, ByteBuffer.wrap(new byte[10]));
        assertThatThrownBy(() -> m.attributes(16, "RTM_NEWLINK")).isInstanceOf(NetlinkProtocolException.class)
                .hasMessageContaining("RTM_NEWLINK: payload of 10 bytes, shorter than its 16-byte header");
    }

    @Test
    void writerPadsAndNests() {
        NlWriter w = new NlWriter().u8(1);
        int outer = w.beginNested(7);
        w.attrU8(1, 9).attrString(2, "ab");
        w.endNested(outer);
        w.attrU16(3, 0x1234);
        // header byte + 3 pad; nested: 4 + (5+3) + (7+1) = 20; u16 attr: 6 + 2 pad
        assertThat(hex(w.toBytes())).isEqualTo(hex(hex("""
                01 00 00 00 14 00 07 80 05 00 01 00 09 00 00 00 07 00 02 00 61 62 00 00
                06 00 03 00 34 12 00 00""")));
    }

    @Test
    void requestEncodingAddsRequestAndAckFlags() {
        NlRequest get = new NlRequest(18, 0, new byte[] {1, 2, 3}, "get");
        assertThat(hex(get.encode(5, 0))).isEqualTo(hex(hex("""
                13 00 00 00 12 00 05 00 05 00 00 00 00 00 00 00 01 02 03 00""")));
        NlRequest dump = new NlRequest(18, Netlink.NLM_F_DUMP, new byte[0], "dump");
        assertThat(dump.isDump()).isTrue();
        assertThat(dump.wireFlags()).isEqualTo(0x301); // a dump ends with NLMSG_DONE, no ack
    }
}
