package io.vigil.kernel.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.kernel.netlink.GenericNetlink;
import io.vigil.kernel.netlink.Netlink;
import io.vigil.kernel.netlink.NetlinkSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The VM tier runs where it should: a kernel with IPVS, reachable over generic netlink. */
@Tag("vm")
class VmHarnessIT {

    @Test
    void theGuestKernelHasIpvsOverGenericNetlink() throws Exception {
        assertThat(Path.of("/proc/net/ip_vs")).exists();
        assertThat(Files.readString(Path.of("/proc/net/ip_vs"))).startsWith("IP Virtual Server version 1.2.1");
        try (NetlinkSocket genl = NetlinkSocket.open(Netlink.NETLINK_GENERIC, "test genl")) {
            Optional<GenericNetlink.Family> ipvs = GenericNetlink.resolve(genl, "IPVS");
            assertThat(ipvs).isPresent();
            assertThat(ipvs.get().id()).isGreaterThanOrEqualTo(GenericNetlink.GENL_ID_CTRL);
        }
    }
}
