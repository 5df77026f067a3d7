package io.vigil.kernel.bench;

import io.vigil.core.net.IpPrefix;
import io.vigil.core.port.AddressManager.Outcome;
import io.vigil.core.port.InterfaceAddress;
import io.vigil.core.port.KernelException;
import io.vigil.core.netns.NetnsLab;
import io.vigil.kernel.nativ.Interfaces;
import io.vigil.kernel.nativ.NetNamespace;
import io.vigil.kernel.rtnl.RtnlAddressManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times taking over (adding) and releasing (removing) 255 VIPs on one interface, three ways, in one run, in a
 * throw-away namespace: one netlink batch ({@link RtnlAddressManager#add} with the whole list), one netlink
 * request per address (255 round trips on the same socket), and {@code ip -n NS -batch FILE} (a process start
 * included, as a script would pay it). Prints medians and ratios; asserts nothing. Needs root.
 *
 * <pre>
 * ./mvnw -B -o -q -pl ipvs-driver -am test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/vigil-cp.txt
 * java -cp ipvs-driver/target/test-classes:ipvs-driver/target/classes:$(cat /tmp/vigil-cp.txt) \
 *     io.vigil.kernel.bench.AddressBatchBenchmark [rounds]
 * </pre>
 */
public final class AddressBatchBenchmark {

    private static final int VIPS = 255;

    private AddressBatchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        try (NetnsLab lab = NetnsLab.create()) {
            String ns = lab.addHost("bench");
            lab.addSegment("lan");
            lab.connect("bench", "lan", "eth0", "192.0.2.1/24");
            int eth0 = NetNamespace.call(ns, () -> Interfaces.index("eth0"));
            List<InterfaceAddress> vips = new ArrayList<>();
            StringBuilder addScript = new StringBuilder();
            StringBuilder delScript = new StringBuilder();
            for (int i = 0; i < VIPS; i++) {
                String vip = "203.0.113." + i + "/32";
                vips.add(new InterfaceAddress(eth0, IpPrefix.parse(vip), 0, "eth0:vip", null, false, false));
                addScript.append("addr add ").append(vip).append(" dev eth0 label eth0:vip\n");
                delScript.append("addr del ").append(vip).append(" dev eth0\n");
            }
            Path add = Files.createTempFile("vg-bench-add", ".ip");
            Path del = Files.createTempFile("vg-bench-del", ".ip");
            Files.writeString(add, addScript);
            Files.writeString(del, delScript);
            try (RtnlAddressManager manager = NetNamespace.call(ns, RtnlAddressManager::open)) {
                run(lab, ns, manager, vips, add, del, rounds);
            } finally {
                Files.deleteIfExists(add);
                Files.deleteIfExists(del);
            }
        }
    }

    private static void run(NetnsLab lab, String ns, RtnlAddressManager manager, List<InterfaceAddress> vips,
                            Path add, Path del, int rounds) throws KernelException, IOException {
        long[][] t = new long[6][rounds];
        long sendsPerBatch = 0;
        long receivesPerBatch = 0;
        for (int r = -3; r < rounds; r++) { // 3 warm-up rounds
            long s0 = manager.socket().sendCalls();
            long r0 = manager.socket().receiveCalls();
            long a = System.nanoTime();
            check(manager.add(vips));
            long b = System.nanoTime();
            sendsPerBatch = manager.socket().sendCalls() - s0;
            receivesPerBatch = manager.socket().receiveCalls() - r0;
            check(manager.remove(vips));
            long c = System.nanoTime();
            for (InterfaceAddress v : vips) {
                check(manager.add(List.of(v)));
            }
            long d = System.nanoTime();
            for (InterfaceAddress v : vips) {
                check(manager.remove(List.of(v)));
            }
            long e = System.nanoTime();
            NetnsLab.run(List.of("ip", "-n", ns, "-batch", add.toString()), true);
            long f = System.nanoTime();
            NetnsLab.run(List.of("ip", "-n", ns, "-batch", del.toString()), true);
            long g = System.nanoTime();
            if (r >= 0) {
                long[] values = {b - a, c - b, d - c, e - d, f - e, g - f};
                for (int k = 0; k < values.length; k++) {
                    t[k][r] = values[k];
                }
            }
        }
        String leftovers = lab.exec("bench", "ip", "-o", "-4", "addr", "show", "dev", "eth0");
        if (leftovers.contains("203.0.113.")) {
            throw new IllegalStateException("VIPs left over: " + leftovers);
        }
        double batchAdd = median(t[0]);
        double batchDel = median(t[1]);
        System.out.printf(Locale.ROOT, "%d VIPs on one interface, median of %d rounds (ms)%n", VIPS, rounds);
        System.out.printf(Locale.ROOT, "%-34s %9s %9s %14s %14s%n", "", "add", "remove", "add / batch", "remove / batch");
        line("netlink, one batch", median(t[0]), median(t[1]), batchAdd, batchDel);
        line("netlink, one request per address", median(t[2]), median(t[3]), batchAdd, batchDel);
        line("ip -batch (process start included)", median(t[4]), median(t[5]), batchAdd, batchDel);
        System.out.printf(Locale.ROOT, "system calls for one batch of %d adds: %d sendmsg, %d recvmmsg%n", VIPS,
                sendsPerBatch, receivesPerBatch);
    }

    private static void line(String name, double add, double remove, double batchAdd, double batchRemove) {
        System.out.printf(Locale.ROOT, "%-34s %9.2f %9.2f %13.1fx %13.1fx%n", name, add, remove, add / batchAdd,
                remove / batchRemove);
    }

    private static void check(List<Outcome> outcomes) {
        if (outcomes.stream().anyMatch(o -> o != Outcome.DONE)) {
            throw new IllegalStateException("unexpected outcomes: " + outcomes);
        }
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        long m = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return m / 1e6;
    }
}
