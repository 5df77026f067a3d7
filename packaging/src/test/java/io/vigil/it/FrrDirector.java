package io.vigil.it;

import static org.awaitility.Awaitility.await;

import io.vigil.core.netns.NetnsLab;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * FRR's vrrpd (with the zebra it needs) as a VRRPv3 director in a lab namespace, following
 * ../shared/notes/frr-vrrpd-in-a-namespace.md: both daemons run as user frr with every path private to this run;
 * the VIP lives on a macvlan with the VMAC, and vrrpd keeps that macvlan in protodown while it is Backup.
 */
final class FrrDirector extends Director {

    final int vrid;
    final int priority;
    final int intervalMs;
    final String vip;
    final Path run;
    Process zebra;

    FrrDirector(NetnsLab lab, String host, Path dir, int vrid, int priority, int intervalMs, String vip) {
        super(lab, host, dir);
        this.vrid = vrid;
        this.priority = priority;
        this.intervalMs = intervalMs;
        this.vip = vip;
        this.run = dir.resolve("frr-" + stem);
    }

    String macvlan() {
        return "vrrp4-" + vrid;
    }

    @Override
    void start() {
        try {
            Files.createDirectories(run);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            Files.writeString(run.resolve("zebra.conf"), "");
            Files.writeString(run.resolve("vrrpd.conf"), """
                    interface eth0
                     vrrp %d version 3
                     vrrp %d priority %d
                     vrrp %d advertisement-interval %d
                     vrrp %d ip %s
                    """.formatted(vrid, vrid, priority, vrid, intervalMs, vrid, vip));
            NetnsLab.run(List.of("chown", "-R", "frr:frr", run.toString()), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String mv = macvlan();
        lab.execUnchecked(host, "ip", "link", "del", mv);
        lab.exec(host, "ip", "link", "add", mv, "link", "eth0", "type", "macvlan", "mode", "bridge");
        lab.exec(host, "ip", "link", "set", "dev", mv, "address", String.format("00:00:5e:00:01:%02x", vrid),
                "addrgenmode", "random");
        lab.exec(host, "ip", "addr", "add", vip + "/24", "dev", mv);
        lab.exec(host, "ip", "link", "set", mv, "up");
        Path zserv = run.resolve("zserv.api");
        zebra = lab.start(host, dir.resolve(stem + ".zebra.log"), "/usr/lib/frr/zebra", "-f",
                run.resolve("zebra.conf").toString(), "-i", run.resolve("zebra.pid").toString(), "-z",
                zserv.toString(), "--vty_socket", run.toString(), "-P", "0");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(zserv));
        process = lab.start(host, dir.resolve(stem + ".log"), "/usr/lib/frr/vrrpd", "-f",
                run.resolve("vrrpd.conf").toString(), "-i", run.resolve("vrrpd.pid").toString(), "-z",
                zserv.toString(), "--vty_socket", run.toString(), "-P", "0", "--log",
                "file:" + run.resolve("vrrpd.log"), "--log-level", "debug");
    }

    /** vrrpd's own view: "Master", "Backup" or "Initialize" for the IPv4 router, "" when it does not answer. */
    String status() {
        String json = lab.execUnchecked(host, "vtysh", "--vty_socket", run.toString(), "-c",
                "show vrrp " + vrid + " json");
        int v4 = json.indexOf("\"v4\"");
        if (v4 < 0) {
            return "";
        }
        int s = json.indexOf("\"status\":\"", v4);
        return s < 0 ? "" : json.substring(s + 10, json.indexOf('"', s + 10));
    }

    /** FRR "owns" the VIP when its router is Master and the VIP's macvlan is not in protodown. */
    boolean ownsVip() {
        String link = lab.execUnchecked(host, "ip", "-d", "link", "show", macvlan());
        return status().equals("Master") && !link.contains("protodown on");
    }

    @Override
    void kill9() {
        NetnsLab.kill9(process);
        NetnsLab.kill9(zebra);
        cleanup();
    }

    @Override
    void term() {
        super.term();
        zebra.destroy();
        cleanup();
    }

    private void cleanup() {
        // FRR leaves its pid-named files behind after SIGKILL
        for (Process p : List.of(process, zebra)) {
            NetnsLab.run(List.of("rm", "-f", "/var/tmp/frr/zebra." + p.pid(), "/var/tmp/frr/vrrpd." + p.pid()),
                    false);
        }
        lab.execUnchecked(host, "ip", "link", "del", macvlan());
    }

    @Override
    String log() {
        try {
            Path l = run.resolve("vrrpd.log");
            return Files.exists(l) ? Files.readString(l) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
