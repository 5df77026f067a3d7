package io.vigil.kernel.bench;

import io.vigil.core.net.InetAddresses;
import io.vigil.core.port.ApplyResult;
import io.vigil.core.port.Datapath.Read;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.RealServer.Forwarding;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.ServiceKey.Protocol;
import io.vigil.core.port.VirtualService;
import io.vigil.core.netns.NetnsLab;
import io.vigil.kernel.ipvs.IpvsDatapath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The vigil half of the IPVS benchmark ({@code tools/ipvs-vm/ipvs-benchmark.sh} runs it in the VM, then times
 * {@code ipvsadm -R} on the same tables in the same VM run and prints both with ratios): apply 1,000 virtual
 * services of 10 real servers each into an empty table, then change 10% of the weights (one real server in ten
 * per service), then apply the first table again after a full kernel read (the drift check). Prints, per step, the
 * median wall time of the rounds and the system calls of vigil's netlink socket (sendmsg, recvmmsg, poll). Writes
 * the same tables as ipvsadm restore files (full, changed, and the 1,000 {@code -e} lines) into DIR.
 *
 * <p>usage: IpvsApplyBenchmark [ROUNDS [DIR]]
 */
public final class IpvsApplyBenchmark {

    private static final int SERVICES = 1000;
    private static final int SERVERS = 10;

    private IpvsApplyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path dir = Path.of(args.length > 1 ? args[1] : System.getProperty("java.io.tmpdir"));
        DatapathState full = table(false);
        DatapathState changed = table(true);
        Files.writeString(dir.resolve("full.ipvsadm"), restoreText(full));
        Files.writeString(dir.resolve("changed.ipvsadm"), restoreText(changed));
        Files.writeString(dir.resolve("edits.ipvsadm"), editText(full, changed));
        long[] vigilFull = new long[rounds];
        long[] vigilChange = new long[rounds];
        long[] vigilVerified = new long[rounds];
        long[] sys = new long[3];
        for (int r = -1; r < rounds; r++) { // one warm-up round
            ipvsadm("-C");
            try (IpvsDatapath vigil = IpvsDatapath.open()) {
                long s0 = vigil.table().socket().syscalls();
                long t0 = System.nanoTime();
                check(vigil.apply(full), SERVICES * (SERVERS + 1));
                long t1 = System.nanoTime();
                long s1 = vigil.table().socket().syscalls();
                check(vigil.apply(changed), SERVICES * SERVERS / 10);
                long t2 = System.nanoTime();
                long s2 = vigil.table().socket().syscalls();
                check(vigil.apply(full, Read.KERNEL), SERVICES * SERVERS / 10);
                long t3 = System.nanoTime();
                long s3 = vigil.table().socket().syscalls();
                if (r >= 0) {
                    vigilFull[r] = t1 - t0;
                    vigilChange[r] = t2 - t1;
                    vigilVerified[r] = t3 - t2;
                    sys = new long[] {s1 - s0, s2 - s1, s3 - s2};
                }
            }
        }
        String listed = NetnsLab.run(List.of("ipvsadm", "-Ln"), true);
        long dests = listed.lines().filter(l -> l.startsWith("  -> 198.51.100.")).count();
        if (dests != (long) SERVICES * SERVERS) {
            throw new IllegalStateException("the kernel holds " + dests + " destinations, not " + SERVICES * SERVERS);
        }
        ipvsadm("-C");
        System.out.printf(Locale.ROOT, "vigil-full %.1f %d%n", median(vigilFull), sys[0]);
        System.out.printf(Locale.ROOT, "vigil-change %.1f %d%n", median(vigilChange), sys[1]);
        System.out.printf(Locale.ROOT, "vigil-verified-change %.1f %d%n", median(vigilVerified), sys[2]);
    }

    private static DatapathState table(boolean changed) {
        List<VirtualService> services = new ArrayList<>();
        for (int i = 0; i < SERVICES; i++) {
            ServiceKey key = ServiceKey.of(Protocol.TCP, InetAddresses.parse("203.0.113." + (1 + i / 4)), 80 + i % 4);
            List<RealServer> servers = new ArrayList<>();
            for (int j = 0; j < SERVERS; j++) {
                int weight = changed && j == i % SERVERS ? 7 : 1; // one server in ten: 10% of the weights
                servers.add(RealServer.of(InetAddresses.parse("198.51.100." + (1 + j)), 8080 + i % 4, Forwarding.NAT,
                        weight));
            }
            services.add(VirtualService.of(key, "wrr", servers));
        }
        return new DatapathState(services);
    }

    private static String restoreText(DatapathState state) {
        StringBuilder b = new StringBuilder();
        for (VirtualService s : state.services()) {
            String svc = ServiceKey.endpoint(s.key().address(), s.key().port());
            b.append("-A -t ").append(svc).append(" -s ").append(s.scheduler()).append('\n');
            for (RealServer r : s.realServers()) {
                b.append("-a -t ").append(svc).append(" -r ").append(ServiceKey.endpoint(r.address(), r.port()))
                        .append(" -m -w ").append(r.weight()).append('\n');
            }
        }
        return b.toString();
    }

    private static String editText(DatapathState from, DatapathState to) {
        StringBuilder b = new StringBuilder();
        for (VirtualService s : from.services()) {
            VirtualService t = to.service(s.key());
            String svc = ServiceKey.endpoint(s.key().address(), s.key().port());
            for (RealServer r : s.realServers()) {
                if (!r.equals(t.realServer(r))) {
                    b.append("-e -t ").append(svc).append(" -r ").append(ServiceKey.endpoint(r.address(), r.port()))
                            .append(" -m -w ").append(r.weight()).append('\n');
                }
            }
        }
        return b.toString();
    }

    private static void check(ApplyResult r, int expectedChanges) {
        if (!r.ok() || r.changes().size() != expectedChanges) {
            throw new IllegalStateException("expected " + expectedChanges + " changes, got " + r.changes().size()
                    + (r.ok() ? "" : ", failures: " + r.failures().subList(0, Math.min(3, r.failures().size()))));
        }
    }

    private static void ipvsadm(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ipvsadm"));
        cmd.addAll(Arrays.asList(args));
        NetnsLab.run(cmd, true);
    }

    private static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int n = s.length;
        return (n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0) / 1e6;
    }
}
