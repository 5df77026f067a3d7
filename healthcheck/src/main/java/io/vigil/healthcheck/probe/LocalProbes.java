package io.vigil.healthcheck.probe;

import io.vigil.healthcheck.model.FileCheck;
import io.vigil.healthcheck.model.TrackProcess;
import io.vigil.healthcheck.state.ProbeResult;
import io.vigil.healthcheck.state.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The blocking reads behind track_file/FILE_CHECK and vrrp_track_process, run off the event loop. */
final class LocalProbes {

    private static final int MAX_FILE_BYTES = 64;

    private LocalProbes() {
    }

    /** Reads the number at the start of a tracked file (keepalived reads it with strtol). */
    static ProbeResult readTrackFile(Path file) {
        byte[] buf = new byte[MAX_FILE_BYTES];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(buf, 0, buf.length);
        } catch (IOException e) {
            return ProbeResult.fail(Reason.FILE_ERROR, "cannot read " + file + ": " + e.getMessage());
        }
        String s = new String(buf, 0, n, StandardCharsets.US_ASCII).strip();
        int end = 0;
        if (end < s.length() && (s.charAt(end) == '-' || s.charAt(end) == '+')) {
            end++;
        }
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        String num = s.substring(0, end);
        if (num.isEmpty() || num.equals("-") || num.equals("+")) {
            return ProbeResult.fail(Reason.FILE_ERROR, file + " holds no number");
        }
        try {
            long v = Long.parseLong(num);
            if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
                return ProbeResult.fail(Reason.FILE_ERROR, file + ": value " + num + " out of range");
            }
            return ProbeResult.okWithWeight(file + " holds " + v, (int) v);
        } catch (NumberFormatException e) {
            return ProbeResult.fail(Reason.FILE_ERROR, file + ": value " + num + " out of range");
        }
    }

    /** FILE_CHECK's verdict on a value read from its file. */
    static ProbeResult fileCheck(FileCheck c, ProbeResult read) {
        if (!read.ok()) {
            return read;
        }
        long value = read.dynamicWeight();
        if (c.weight() == 0) {
            boolean failed = (value != 0) != c.reverse();
            return failed ? ProbeResult.fail(Reason.FILE_VALUE, c.trackFile().file() + " holds " + value)
                    : ProbeResult.ok(c.trackFile().file() + " holds " + value);
        }
        long v = value * c.weight() * (c.reverse() ? -1 : 1);
        v = Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
        if (c.dynamic()) {
            return ProbeResult.okWithWeight(c.trackFile().file() + " holds " + value + ": weight " + v, (int) v);
        }
        return v < 0 ? ProbeResult.fail(Reason.FILE_VALUE, c.trackFile().file() + " holds " + value + " (x"
                + c.weight() + " < 0)") : ProbeResult.ok(c.trackFile().file() + " holds " + value);
    }

    /** Counts running (non-zombie) processes matching a vrrp_track_process. */
    static ProbeResult countProcesses(Path proc, TrackProcess t) {
        int count = 0;
        boolean useCmdline = t.fullCommand() || t.process().size() > 1 || t.paramMatch() != null;
        String name = t.process().get(0);
        String comm = name.length() > 15 ? name.substring(0, 15) : name;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path pid : ds) {
                try {
                    String stat = Files.readString(pid.resolve("stat"), StandardCharsets.ISO_8859_1);
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    if (open < 0 || close < open || close + 2 >= stat.length()) {
                        continue;
                    }
                    char state = stat.charAt(close + 2);
                    if (state == 'Z' || state == 'X') {
                        continue;
                    }
                    if (!useCmdline) {
                        if (stat.substring(open + 1, close).equals(comm)) {
                            count++;
                        }
                        continue;
                    }
                    byte[] raw = Files.readAllBytes(pid.resolve("cmdline"));
                    if (raw.length == 0) {
                        continue;
                    }
                    int len = raw[raw.length - 1] == 0 ? raw.length - 1 : raw.length;
                    List<String> argv = Arrays.asList(new String(raw, 0, len, StandardCharsets.UTF_8).split("\0", -1));
                    if (matches(argv, t.process(), t.paramMatch())) {
                        count++;
                    }
                } catch (IOException e) {
                    // the process ended while we looked: not counted
                }
            }
        } catch (IOException e) {
            return ProbeResult.fail(Reason.IO_ERROR, "cannot list " + proc + ": " + e.getMessage());
        }
        return ProbeResult.okWithWeight(count + " matching processes", count);
    }

    /** keepalived's exact matching: command, then parameters exactly, or partially / initially. */
    static boolean matches(List<String> argv, List<String> want, String paramMatch) {
        if (!argv.get(0).equals(want.get(0))) {
            return false;
        }
        List<String> have = argv.subList(1, argv.size());
        List<String> params = want.subList(1, want.size());
        if (paramMatch == null) {
            return have.equals(params);
        }
        if (have.size() < params.size()) {
            return false;
        }
        for (int i = 0; i < params.size(); i++) {
            boolean last = i == params.size() - 1;
            if (last && paramMatch.equals("initial")) {
                return have.get(i).startsWith(params.get(i)) && (have.size() == params.size());
            }
            if (!have.get(i).equals(params.get(i))) {
                return false;
            }
        }
        return paramMatch.equals("partial") || have.size() == params.size();
    }
}
