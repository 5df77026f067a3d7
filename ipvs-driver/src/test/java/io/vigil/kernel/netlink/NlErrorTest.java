package io.vigil.kernel.netlink;

import static io.vigil.kernel.testing.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.port.KernelException;
import io.vigil.kernel.testing.Bytes;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NLMSG_ERROR and NLMSG_DONE: acks, errors with extended acks, capped and uncapped, and broken ones. */
class NlErrorTest {

    @Test
    void capturedErrorWithExtendedAckAndTheWholeRequestEchoed() throws Exception {
        List<NlMessage> ms = NlMessage.parseAll(ByteBuffer.wrap(
                Bytes.resource(NlErrorTest.class, "/io/vigil/kernel/rtnl/newlink-mtu-error.bin")));
        assertThat(ms).hasSize(1);
        NlError e = NlError.parse(ms.get(0));
        assertThat(e.errno()).isEqualTo(22);
        assertThat(e.message()).isEqualTo("mtu greater than device maximum");
        assertThat(e.requestType()).isEqualTo(16);
        assertThat(e.attributeOffset()).isEqualTo(-1);

        NlRequest request = new NlRequest(16, 0, new byte[16], "RTM_NEWLINK X mtu 70000");
        KernelException k = new NlReply(request, e, List.of()).exception();
        assertThat(k.errno()).isEqualTo(22);
        assertThat(k.errnoName()).isEqualTo("EINVAL");
        assertThat(k.operation()).isEqualTo("RTM_NEWLINK X mtu 70000");
        assertThat(k).hasMessage("RTM_NEWLINK X mtu 70000: EINVAL (22): Invalid argument; kernel says: mtu greater"
                + " than device maximum");
    }

    @Test
    void cappedErrorWithMessageAndOffset() throws Exception {
        // NLM_F_CAPPED | NLM_F_ACK_TLVS; error -17 (EEXIST); echoed header only; MSG "exists", OFFS 32
        byte[] raw = hex("""
                38 00 00 00 02 00 00 03 09 00 00 00 10 00 00 00
                ef ff ff ff 30 00 00 00 14 00 05 06 09 00 00 00
                00 00 00 00 0b 00 01 00 65 78 69 73 74 73 00 00
                08 00 02 00 20 00 00 00""");
        NlError e = NlError.parse(NlMessage.parseAll(ByteBuffer.wrap(raw)).get(0));
        assertThat(e).isEqualTo(new NlError(17, "exists", 32, 20));
        KernelException k = NlReply.exception("RTM_NEWADDR 192.0.2.10/24 dev #3", e);
        assertThat(k).hasMessage("RTM_NEWADDR 192.0.2.10/24 dev #3: EEXIST (17): File exists; kernel says: exists"
                + " (attribute at offset 32)");
    }

    @Test
    void plainAck() throws Exception {
        byte[] raw = hex("""
                24 00 00 00 02 00 00 01 09 00 00 00 10 00 00 00
                00 00 00 00 30 00 00 00 14 00 05 06 09 00 00 00 00 00 00 00""");
        NlError e = NlError.parse(NlMessage.parseAll(ByteBuffer.wrap(raw)).get(0));
        assertThat(e.errno()).isZero();
        assertThat(e.message()).isNull();
    }

    @Test
    void doneWithAnErrorAndExtendedAck() throws Exception {
        // a dump that failed midway: NLMSG_DONE, -EMSGSIZE (-90), ACK_TLVS with a message
        byte[] raw = hex("""
                20 00 00 00 03 00 02 02 09 00 00 00 10 00 00 00
                a6 ff ff ff 0a 00 01 00 62 69 67 00 00 00 00 00""");
        NlError e = NlError.parse(NlMessage.parseAll(ByteBuffer.wrap(raw)).get(0));
        assertThat(e).isEqualTo(new NlError(90, "big", -1, 0));
        NlMessage oldDone = new NlMessage(Netlink.NLMSG_DONE, 0, 1, 0, ByteBuffer.allocate(0));
        assertThat(NlError.parse(oldDone).errno()).isZero();
    }

    @Test
    void truncatedErrorsAreClearErrors() {
        NlMessage tooShort = new NlMessage(Netlink.NLMSG_ERROR, 0, 1, 0, ByteBuffer.wrap(new byte[8]));
        assertThatThrownBy(() -> NlError.parse(tooShort)).isInstanceOf(NetlinkProtocolException.class)
                .hasMessageContaining("NLMSG_ERROR of 8 bytes, shorter than struct nlmsgerr (20)");
        // not capped, claims to echo a 0x30-byte request but carries only its header
        byte[] raw = hex("""
                24 00 00 00 02 00 00 02 09 00 00 00 10 00 00 00
                ea ff ff ff 30 00 00 00 14 00 05 06 09 00 00 00 00 00 00 00""");
        assertThatThrownBy(() -> NlError.parse(NlMessage.parseAll(ByteBuffer.wrap(raw)).get(0)))
                .isInstanceOf(NetlinkProtocolException.class)
                .hasMessageContaining("echoes a request of 48 bytes but holds only 16");
    }
}
