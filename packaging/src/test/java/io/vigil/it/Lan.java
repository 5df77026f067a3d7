package io.vigil.it;

import io.vigil.core.netns.NetnsLab;
import java.nio.file.Files;
import java.nio.file.Path;

/** Helpers to look at a lab from the outside: addresses, MACs, neighbour entries. */
final class Lan {

    private Lan() {
    }

    /** {@code packaging/bin/vigil} of this tree (tests run with the packaging module as working directory). */
    static Path vigilLauncher() {
        Path p = Path.of("bin", "vigil").toAbsolutePath();
        if (!Files.isExecutable(p)) {
            p = Path.of("packaging", "bin", "vigil").toAbsolutePath();
        }
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException("packaging/bin/vigil not found from " + Path.of("").toAbsolutePath());
        }
        if (!Files.isDirectory(p.getParent().resolve("../target/lib").normalize())) {
            throw new IllegalStateException("packaging/target/lib is missing: run the tests with 'mvn verify'");
        }
        return p;
    }

    static boolean hasAddress(NetnsLab lab, String host, String ifname, String address) {
        String out = lab.execUnchecked(host, "ip", "-o", "addr", "show", "dev", ifname);
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            for (int i = 0; i + 1 < f.length; i++) {
                if ((f[i].equals("inet") || f[i].equals("inet6")) && f[i + 1].split("/")[0].equals(address)) {
                    return true;
                }
            }
        }
        return false;
    }

    static String mac(NetnsLab lab, String host, String ifname) {
        String out = lab.exec(host, "cat", "/sys/class/net/" + ifname + "/address");
        return out.trim();
    }

    /** The MAC the host's neighbour table holds for an address, or "" when there is no usable entry. */
    static String neighbourMac(NetnsLab lab, String host, String address) {
        String out = lab.execUnchecked(host, "ip", "neigh", "show", address);
        String[] f = out.trim().split("\\s+");
        for (int i = 0; i + 1 < f.length; i++) {
            if (f[i].equals("lladdr")) {
                return f[i + 1];
            }
        }
        return "";
    }
}
