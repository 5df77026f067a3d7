package io.vigil.kernel.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.port.KernelException;
import io.vigil.kernel.rtnl.LinkCodec;
import io.vigil.kernel.rtnl.Rtnl;
import io.vigil.kernel.testing.OneHost;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The generic netlink layer against a real kernel, in a namespace: extended acks, batches, generic netlink. */
@Tag("netns")
class NetlinkSocketIT {

    private static OneHost host;
    private static NetlinkSocket route;
    private static int eth0;

    @BeforeAll
    static void lab() throws KernelException {
        host = OneHost.create("eth0");
        route = host.call(() -> NetlinkSocket.open(Netlink.NETLINK_ROUTE, "test rtnetlink"));
        eth0 = host.ifindex();
    }

    @AfterAll
    static void close() {
        if (route != null) {
            route.close();
        }
        if (host != null) {
            host.close();
        }
    }

    @Test
    void theKernelsExplanationReachesTheException() throws Exception {
        byte[] body = new NlWriter().u8(0).u8(0).u16(0).u32(eth0).u32(0).u32(0).attrU32(Rtnl.IFLA_MTU, 70000)
                .toBytes();
        NlReply reply = route.execute(new NlRequest(Rtnl.RTM_NEWLINK, 0, body, "RTM_NEWLINK eth0 mtu 70000"));
        assertThat(reply.ok()).isFalse();
        KernelException e = reply.exception();
        assertThat(e.errnoName()).isEqualTo("EINVAL");
        assertThat(e).hasMessage("RTM_NEWLINK eth0 mtu 70000: EINVAL (22): Invalid argument; kernel says: mtu greater"
                + " than device maximum");
    }

    @Test
    void aBatchGetsOneReplyPerRequestInOrder() throws Exception {
        List<NlRequest> requests = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            requests.add(i % 3 == 2 ? LinkCodec.get("nope" + i) : LinkCodec.get(i % 3 == 0 ? 1 : eth0));
        }
        long sends = route.sendCalls();
        List<NlReply> replies = route.executeAll(requests);
        assertThat(route.sendCalls() - sends).as("sendmsg calls").isEqualTo(3); // chunks of 128
        assertThat(replies).hasSize(300);
        for (int i = 0; i < 300; i++) {
            NlReply r = replies.get(i);
            assertThat(r.request()).isSameAs(requests.get(i));
            if (i % 3 == 2) {
                assertThat(r.errno()).isEqualTo(19); // ENODEV
                assertThat(r.messages()).isEmpty();
            } else {
                assertThat(r.ok()).isTrue();
                assertThat(LinkCodec.decode(r.messages().get(0)).link().index()).isEqualTo(i % 3 == 0 ? 1 : eth0);
            }
        }
    }

    @Test
    void dumpsCollectEveryPart() throws Exception {
        List<NlMessage> links = route.dump(LinkCodec.dump());
        assertThat(links).extracting(NlMessage::type).containsOnly(Rtnl.RTM_NEWLINK);
        assertThat(links).hasSize(2); // lo and eth0
        assertThat(route.portId()).isNotZero();
    }

    @Test
    void genericNetlinkControllerResolvesFamilies() throws Exception {
        try (NetlinkSocket genl = host.call(() -> NetlinkSocket.open(Netlink.NETLINK_GENERIC, "genl"))) {
            GenericNetlink.Family ctrl = GenericNetlink.resolve(genl, "nlctrl").orElseThrow();
            assertThat(ctrl.id()).isEqualTo(GenericNetlink.GENL_ID_CTRL);
            assertThat(ctrl.name()).isEqualTo("nlctrl");
            assertThat(ctrl.version()).isPositive();
            assertThat(ctrl.multicastGroups()).containsKey("notify");
            assertThat(GenericNetlink.resolve(genl, "no-such-family")).isEmpty();
        }
    }
}
