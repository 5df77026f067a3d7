package io.vigil.healthcheck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** CPU time of processes from /proc (utime + stime, in clock ticks of 10 ms), for the benchmarks' reports. */
final class BenchCpu {

    private static final long TICK_NANOS = 10_000_000L;

    private BenchCpu() {
    }

    /**
     * @param withChildren also count the descendants (an {@code ip netns exec} wrapper's child, the real program)
     */
    static long processCpuNanos(long pid, boolean withChildren) {
        long sum = ticks(pid);
        if (withChildren) {
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isPresent()) {
                sum += p.get().descendants().mapToLong(h -> ticks(h.pid())).sum();
            }
        }
        return sum * TICK_NANOS;
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of stat (utime, stime) are 11 and 12 after the state field
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The resident set of a process, in MB (VmRSS). */
    static long rssMb(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Nanoseconds the threads of this process whose name starts with {@code prefix} spent runnable but waiting for
     * a CPU (the second field of /proc/self/task/TID/schedstat): how much the machine kept them waiting.
     */
    static long runQueueWaitNanos(String prefix) {
        long sum = 0;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String comm = Files.readString(t.resolve("comm")).trim();
                    if (comm.startsWith(prefix.length() > 15 ? prefix.substring(0, 15) : prefix)) {
                        sum += Long.parseLong(Files.readString(t.resolve("schedstat")).trim().split(" ")[1]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return sum;
    }
}
