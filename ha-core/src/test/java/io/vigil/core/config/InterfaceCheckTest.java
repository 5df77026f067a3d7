package io.vigil.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterfaceCheckTest {

    @TempDir
    Path dir;

    @Test
    void loadingDoesNotNeedTheInterfacesButTheDaemonCheckNamesTheMissingOnes() throws Exception {
        Path f = dir.resolve("k.conf");
        Files.writeString(f, """
                vrrp_instance VI_1 {
                    interface eth9
                    virtual_router_id 1
                    track_interface {
                        eth8
                    }
                    virtual_ipaddress {
                        192.0.2.1/24 dev eth7
                        192.0.2.2/24
                    }
                }
                """, StandardCharsets.UTF_8);
        LoadResult r = ConfigLoader.load(f, new LoadOptions("x"));
        assertThat(r.isValid()).isTrue();
        assertThat(InterfaceCheck.check(r.config(), Set.of("eth9", "eth8", "eth7"))).isEmpty();
        assertThat(InterfaceCheck.check(r.config(), Set.of("lo"))).extracting(d -> d.severity() + " "
                + d.location().line() + " " + d.message()).containsExactly(
                "ERROR 1 interface eth9 of vrrp_instance VI_1 does not exist",
                "ERROR 8 interface eth7 of address 192.0.2.1/24 in vrrp_instance VI_1 does not exist",
                "WARNING 5 vrrp_instance VI_1: tracked interface eth8 does not exist");
    }
}
