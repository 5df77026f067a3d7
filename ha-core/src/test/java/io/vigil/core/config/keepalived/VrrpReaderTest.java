package io.vigil.core.config.keepalived;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.config.Authentication;
import io.vigil.core.config.LoadResult;
import io.vigil.core.config.TrackedInterface;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.config.VrrpInstanceConfig;
import io.vigil.core.config.VrrpInstanceConfig.InitialState;
import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vrrp_instance, vrrp_sync_group, vrrp_script and global_defs read into effective values, and their errors. */
class VrrpReaderTest {

    @TempDir
    Path dir;

    private VigilConfig valid(String conf) {
        LoadResult r = Ka.load(dir, conf);
        assertThat(r.errors()).as("errors").isEmpty();
        return r.config();
    }

    private List<String> errors(String conf) {
        LoadResult r = Ka.load(dir, conf);
        assertThat(r.config()).isNull();
        return Ka.texts(r.errors());
    }

    private static String instance(String body) {
        return "vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n" + body
                + "    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}\n";
    }

    @Test
    void defaultsAreKeepalivedsAndEffective() {
        VrrpInstanceConfig i = valid(instance("")).instance("VI_1").orElseThrow();
        assertThat(i.priority()).isEqualTo(100);
        assertThat(i.initialState()).isNull();
        assertThat(i.version()).isEqualTo(2);
        assertThat(i.family()).isEqualTo(AddressFamily.INET);
        assertThat(i.advertIntervalNanos()).isEqualTo(1_000_000_000L);
        assertThat(i.preempt()).isTrue();
        assertThat(i.acceptMode()).isTrue();
        assertThat(i.downTimerAdverts()).isEqualTo(3);
        assertThat(i.garp().masterRepeat()).isEqualTo(5);
        assertThat(i.garp().masterDelayNanos()).isEqualTo(5_000_000_000L);
        assertThat(i.virtualAddresses()).singleElement().satisfies(a -> {
            assertThat(a.prefix().toString()).isEqualTo("192.0.2.10/24");
            assertThat(a.location().line()).isEqualTo(5);
            assertThat(a.location().column()).isEqualTo(9);
        });
        assertThat(i.location().line()).isEqualTo(1);
    }

    @Test
    void stateMasterWithoutPriorityIsTheAddressOwner() {
        VrrpInstanceConfig i = valid(instance("    state MASTER\n")).instance("VI_1").orElseThrow();
        assertThat(i.priority()).isEqualTo(255);
        assertThat(i.initialState()).isEqualTo(InitialState.MASTER);
        assertThat(i.isOwner()).isTrue();
    }

    @Test
    void globalDefaultsAreResolvedIntoEachInstance() {
        VigilConfig c = valid("global_defs {\n vrrp_garp_master_delay 10\n vrrp_garp_master_repeat 2\n"
                + " vrrp_version 3\n vrrp_mcast_group4 224.0.0.19\n vrrp_lower_prio_no_advert\n}\n"
                + instance("    garp_master_repeat 3\n    advert_int 0.25\n"));
        VrrpInstanceConfig i = c.instance("VI_1").orElseThrow();
        assertThat(i.garp().masterDelayNanos()).isEqualTo(10_000_000_000L);
        assertThat(i.garp().masterRepeat()).isEqualTo(3);
        assertThat(i.garp().lowerPriorityDelayNanos()).isEqualTo(10_000_000_000L);
        assertThat(i.garp().lowerPriorityRepeat()).isEqualTo(2);
        assertThat(i.version()).isEqualTo(3);
        assertThat(i.advertIntervalNanos()).isEqualTo(250_000_000L);
        assertThat(i.multicastGroup()).isEqualTo(InetAddresses.parse("224.0.0.19"));
        assertThat(i.lowerPriorityNoAdvert()).isTrue();
        assertThat(c.globalDefs().vrrp().version()).isEqualTo(3);
    }

    @Test
    void strictModeAppliesItsRules() {
        LoadResult r = Ka.load(dir, "global_defs {\n vrrp_strict\n}\n"
                + instance("    priority 100\n    authentication {\n auth_type PASS\n auth_pass x\n }\n"));
        assertThat(r.errors()).isEmpty();
        VrrpInstanceConfig i = r.config().instance("VI_1").orElseThrow();
        assertThat(i.strictMode()).isTrue();
        assertThat(i.acceptMode()).isFalse();
        assertThat(i.lowerPriorityNoAdvert()).isTrue();
        assertThat(i.garp().lowerPriorityRepeat()).isZero();
        assertThat(i.authentication()).isNull();
        assertThat(Ka.texts(r.warnings())).anyMatch(w -> w.contains("strict mode does not allow authentication"))
                .anyMatch(w -> w.contains("accept mode is off") && w.contains("vigil does not filter it"));
        // with 'accept' the VIPs take traffic in both daemons: nothing to warn about
        LoadResult accepting = Ka.load(dir, "global_defs {\n vrrp_strict\n}\n"
                + instance("    version 3\n    accept\n"));
        assertThat(Ka.texts(accepting.warnings())).noneMatch(w -> w.contains("accept mode is off"));
    }

    @Test
    void ipv6InstancesUseVersion3AndV2AdvertsAreWholeSeconds() {
        VigilConfig c = valid("vrrp_instance V6 {\n interface eth0\n virtual_router_id 1\n advert_int 0.5\n"
                + " virtual_ipaddress {\n  fe80::1\n  2001:db8::1/64\n }\n}\n" + instance("    advert_int 1.4\n"));
        assertThat(c.instance("V6").orElseThrow().version()).isEqualTo(3);
        assertThat(c.instance("V6").orElseThrow().family()).isEqualTo(AddressFamily.INET6);
        assertThat(c.instance("V6").orElseThrow().advertIntervalNanos()).isEqualTo(500_000_000L);
        assertThat(c.instance("VI_1").orElseThrow().advertIntervalNanos()).isEqualTo(1_000_000_000L);
    }

    @Test
    void nopreemptDoesNotWorkWithStateMaster() {
        LoadResult r = Ka.load(dir, instance("    state MASTER\n    priority 150\n    nopreempt\n"));
        assertThat(r.config().instance("VI_1").orElseThrow().preempt()).isTrue();
        assertThat(Ka.texts(r.warnings())).anyMatch(w -> w.startsWith("keepalived.conf:6:5: warning: ")
                && w.contains("nopreempt does not work with state MASTER"));
    }

    @Test
    void trackingAndNotifyAndVmacAreRead() {
        VigilConfig c = valid("vrrp_script chk {\n script \"/bin/check 'a b'\"\n interval 2\n weight -4\n fall 2\n"
                + " rise 3\n user nobody\n}\n" + instance("    track_interface {\n        eth1 weight 2\n"
                + "        eth2 weight -2 reverse\n        eth3\n    }\n    track_script {\n        chk\n"
                + "        chk weight 5\n    }\n    notify_master \"/bin/m.sh x y\" root wheel\n"
                + "    notify /bin/n.sh\n    use_vmac vrrp51 00:00:5e:00:01\n    vmac_xmit_base\n"));
        VrrpInstanceConfig i = c.instance("VI_1").orElseThrow();
        assertThat(i.trackInterfaces()).extracting(TrackedInterface::name, TrackedInterface::weight,
                TrackedInterface::reverse).containsExactly(org.assertj.core.groups.Tuple.tuple("eth1", 2, false),
                org.assertj.core.groups.Tuple.tuple("eth2", -2, true),
                org.assertj.core.groups.Tuple.tuple("eth3", 0, false));
        assertThat(i.trackScripts()).hasSize(2);
        assertThat(i.trackScripts().get(0).weight()).isNull();
        assertThat(i.trackScripts().get(1).weight()).isEqualTo(5);
        assertThat(i.notifyScripts().master().command()).isEqualTo("/bin/m.sh x y");
        assertThat(i.notifyScripts().master().user()).isEqualTo("root");
        assertThat(i.notifyScripts().master().group()).isEqualTo("wheel");
        assertThat(i.notifyScripts().master().argv()).containsExactly("/bin/m.sh", "x", "y");
        assertThat(i.notifyScripts().generic().command()).isEqualTo("/bin/n.sh");
        assertThat(i.vmac().interfaceName()).isEqualTo("vrrp51");
        assertThat(i.vmac().mac().toString()).isEqualTo("00:00:5e:00:01:33");
        assertThat(i.vmac().xmitBase()).isTrue();
        var s = c.vrrpScript("chk").orElseThrow();
        assertThat(s.script().argv()).containsExactly("/bin/check", "a b");
        assertThat(s.script().user()).isEqualTo("nobody");
        assertThat(s.intervalNanos()).isEqualTo(2_000_000_000L);
        assertThat(s.timeoutNanos()).isEqualTo(2_000_000_000L);
        assertThat(s.weight()).isEqualTo(-4);
        assertThat(s.fall()).isEqualTo(2);
        assertThat(s.rise()).isEqualTo(3);
    }

    @Test
    void authenticationPassIsKeptAndTruncated() {
        LoadResult r = Ka.load(dir, instance("    authentication {\n        auth_type PASS\n"
                + "        auth_pass 0123456789\n    }\n"));
        Authentication a = r.config().instance("VI_1").orElseThrow().authentication();
        assertThat(a.type()).isEqualTo(Authentication.Type.PASS);
        assertThat(a.password()).isEqualTo("01234567");
        assertThat(Ka.texts(r.warnings())).anyMatch(w -> w.contains("only the first 8"));
    }

    @Test
    void unicastPeers() {
        VrrpInstanceConfig i = valid(instance("    unicast_src_ip 192.0.2.1\n    unicast_peer {\n"
                + "        192.0.2.2\n        192.0.2.3 min_ttl 250 max_ttl 255\n    }\n"))
                .instance("VI_1").orElseThrow();
        assertThat(i.isUnicast()).isTrue();
        assertThat(i.unicastPeers()).hasSize(2);
        assertThat(i.sourceAddress()).isEqualTo(InetAddresses.parse("192.0.2.1"));
        assertThat(i.unicast().checkSource()).isTrue();
        assertThat(i.unicast().peerTtls()).singleElement().satisfies(p -> assertThat(p.minTtl()).isEqualTo(250));
    }

    // ------------------------------------------------------------------------------------------------ errors

    @Test
    void aVridOf300IsAnErrorAtItsColumn() {
        assertThat(errors(instance("    virtual_router_id 300\n"))).containsExactly(
                "keepalived.conf:4:23: error: 'virtual_router_id': 300 is outside [1, 255]");
    }

    @Test
    void anAddressThatDoesNotParseIsAnError() {
        assertThat(errors("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 5\n virtual_ipaddress {\n"
                + "  203.0.113.500\n  203.0.113.5\n }\n}\n")).containsExactly(
                "keepalived.conf:5:3: error: address: '203.0.113.500' is not an IP address");
    }

    @Test
    void mixedFamiliesInVirtualIpaddressNameTheFix() {
        assertThat(errors(instance("    virtual_ipaddress {\n        2001:db8::1\n    }\n"))).singleElement()
                .asString().contains("put it in virtual_ipaddress_excluded");
    }

    @Test
    void duplicateVridOnOneInterfaceAndFamily() {
        String conf = instance("") + instance("").replace("VI_1", "VI_2").replace("192.0.2.10", "192.0.2.11");
        assertThat(errors(conf)).singleElement().asString().startsWith("keepalived.conf:8:1: error: vrrp_instance"
                + " VI_2 and vrrp_instance VI_1 (line 1) both use VRID 51 with IPv4 on interface eth0");
        String other = instance("") + instance("").replace("VI_1", "VI_2").replace("eth0", "eth1")
                .replace("192.0.2.10", "192.0.2.11");
        valid(other);
    }

    @Test
    void trackScriptNamingNoScriptAndSyncGroupNamingNoInstance() {
        List<String> e = errors("vrrp_script chk_a {\n script /bin/true\n}\nvrrp_sync_group G {\n group {\n"
                + "  VI_1\n  VI_9\n }\n}\n" + instance("    track_script {\n        chk_b\n    }\n"));
        assertThat(e).containsExactlyInAnyOrder(
                "keepalived.conf:4:1: error: vrrp_sync_group G names vrrp_instance VI_9, which is not defined:"
                        + " did you mean 'VI_1'?",
                "keepalived.conf:14:9: error: vrrp_instance VI_1: track_script names chk_b, but no vrrp_script chk_b"
                        + " is defined: did you mean 'chk_a'?");
    }

    @Test
    void unknownKeywordIsAWarningWithPositionAndHint() {
        LoadResult r = Ka.load(dir, instance("    prioirty 100\n    bogus_kw { x }\n"));
        assertThat(r.isValid()).isTrue();
        assertThat(Ka.texts(r.warnings())).containsExactly(
                "keepalived.conf:4:5: warning: unknown keyword 'prioirty' in vrrp_instance VI_1: did you mean"
                        + " 'priority'?",
                "keepalived.conf:5:5: warning: unknown keyword 'bogus_kw' in vrrp_instance VI_1 (its block is"
                        + " skipped)");
    }

    @Test
    void aKeywordVigilDoesNotActOnIsReportedOnce() {
        LoadResult r = Ka.load(dir, "global_defs {\n enable_snmp_vrrp\n vrrp_priority -5\n}\n"
                + instance("    smtp_alert\n") + instance("    smtp_alert\n").replace("VI_1", "VI_2")
                .replace("eth0", "eth1"));
        assertThat(Ka.texts(r.warnings())).containsExactly(
                "keepalived.conf:2:2: warning: 'enable_snmp_vrrp' in global_defs is read but vigil does not act on"
                        + " it yet (reported once)",
                "keepalived.conf:3:2: warning: 'vrrp_priority' in global_defs is read but vigil does not act on it"
                        + " yet (reported once)",
                "keepalived.conf:8:5: warning: 'smtp_alert' in vrrp_instance is read but vigil does not act on it"
                        + " yet (reported once)",
                "keepalived.conf:18:9: warning: virtual address 192.0.2.10 is also in vrrp_instance VI_1: both"
                        + " instances will add and remove it");
        assertThat(r.config().globalDefs().otherSettings()).extracting(s -> s.keyword() + s.args())
                .containsExactly("enable_snmp_vrrp[]", "vrrp_priority[-5]");
        assertThat(r.config().instance("VI_2").orElseThrow().options().smtpAlert()).isTrue();
    }

    @Test
    void aBadValueOfAKeptKeywordIsStillAnError() {
        assertThat(errors("global_defs {\n vrrp_priority 40\n}\n")).containsExactly(
                "keepalived.conf:2:16: error: 'vrrp_priority': 40 is outside [-20, 19]");
    }

    @Test
    void anUnclosedBlockNamesTheBlockLeftOpen() {
        String conf = """
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 1
                    virtual_ipaddress {
                        192.0.2.1
                }
                vrrp_instance VI_2 {
                    interface eth1
                    virtual_router_id 2
                    virtual_ipaddress {
                        192.0.2.2
                    }
                }
                """;
        assertThat(errors(conf)).contains("keepalived.conf:4:5: error: block 'virtual_ipaddress' is not closed:"
                + " the '}' at line 6 column 1 is indented like 'vrrp_instance VI_1' (line 1) and closes this block"
                + " instead; add a '}' before line 6");
        assertThat(errors("global_defs {\n router_id x\n")).containsExactly(
                "keepalived.conf:1:1: error: block 'global_defs' opened here is never closed: a '}' is missing");
        assertThat(errors("global_defs {\n}\n}\n")).containsExactly(
                "keepalived.conf:3:1: error: unexpected '}': no block is open here");
    }

    @Test
    void aMissingFileIsADiagnostic() {
        LoadResult r = io.vigil.core.config.ConfigLoader.load(dir.resolve("nope.conf"),
                new io.vigil.core.config.LoadOptions("x"));
        assertThat(r.isValid()).isFalse();
        assertThat(Ka.texts(r.errors())).singleElement().asString().endsWith("nope.conf:0:0: error: config file"
                + " not found");
    }

    @Test
    void theManPageSequenceOf65024InstancesReadsAndNamesThemAll() {
        String conf = """
                $VI4= \\
                track_file offset_instance_4.${IF}.${NUM}.${ID} { \\
                    file "${_PWD}/679/track_files/4.${IF}.${NUM}.${ID}" \\
                    weight -100 \\
                } \\
                vrrp_instance vrrp4.${IF}.${NUM}.${ID} { \\
                    interface bond${IF}.${NUM} \\
                    use_vmac vrrp4.${IF}.${NUM}.${ID} \\
                    virtual_router_id ${ID} \\
                    priority 130 \\
                    virtual_ipaddress { \\
                        10.${IF}.${NUM}.${ID}/24 \\
                    } \\
                    track_file { \\
                        offset_instance_4.${IF}.${NUM}.${ID} \\
                    } \\
                }

                ~SEQ(IF,0,7) ~SEQ(NUM,0,31) ~SEQ(ID,1,254) $VI4
                """;
        LoadResult r = Ka.load(dir, conf);
        assertThat(r.errors()).isEmpty();
        List<VrrpInstanceConfig> all = r.config().vrrpInstances();
        assertThat(all).hasSize(65024);
        assertThat(all.get(0).name()).isEqualTo("vrrp4.0.0.1");
        assertThat(all.get(all.size() - 1).name()).isEqualTo("vrrp4.7.31.254");
        assertThat(r.config().trackFiles()).hasSize(65024);
        assertThat(all.get(1000).trackFiles()).singleElement().satisfies(t ->
                assertThat(t.name()).isEqualTo(all.get(1000).name().replace("vrrp4.", "offset_instance_4.")));
    }
}
