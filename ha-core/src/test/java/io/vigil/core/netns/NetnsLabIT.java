package io.vigil.core.netns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("netns")
class NetnsLabIT {

    @Test
    void twoHostsOnASegmentCanPingAndEverythingIsGoneAfterClose() {
        String nsA;
        try (NetnsLab lab = NetnsLab.create()) {
            nsA = lab.addHost("a");
            lab.addHost("b");
            lab.addSegment("lan");
            lab.connect("a", "lan", "eth0", "192.0.2.1/24");
            lab.connect("b", "lan", "eth0", "192.0.2.2/24");
            String out = lab.exec("a", "ping", "-c", "1", "-W", "2", "192.0.2.2");
            assertThat(out).contains("1 received");
            assertThat(NetnsLab.run(java.util.List.of("ip", "netns", "list"), true)).contains(nsA);
        }
        assertThat(NetnsLab.run(java.util.List.of("ip", "netns", "list"), true)).doesNotContain(nsA);
    }
}
