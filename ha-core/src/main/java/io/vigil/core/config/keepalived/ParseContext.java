package io.vigil.core.config.keepalived;

import io.vigil.core.config.Diagnostics;
import io.vigil.core.config.ScriptCommand;
import io.vigil.core.config.ShellWords;
import io.vigil.core.config.SourceLocation;
import io.vigil.core.config.lvs.LoopGuard;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.net.MacAddress;
import io.vigil.core.net.IpPrefix;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * What every keyword handler needs: the diagnostics, the preprocessor (for the keywords that steer it), and the
 * value parsers, which report a precise error (file, line, column of the bad word, what was expected) and return
 * {@code null} so that the handler simply keeps the default.
 */
final class ParseContext {

    /** One second in nanoseconds. */
    static final long SECOND = 1_000_000_000L;

    final Diagnostics diags;
    final Preprocessor pre;

    ParseContext(Diagnostics diags, Preprocessor pre) {
        this.diags = diags;
        this.pre = pre;
    }

    void error(Node n, String message) {
        diags.error(n.location(), message);
    }

    void error(Token t, String message) {
        diags.error(t.location(), message);
    }

    void warning(Node n, String message) {
        diags.warning(n.location(), message);
    }

    void warning(Token t, String message) {
        diags.warning(t.location(), message);
    }

    /** Reports, once per load, that a keyword is read and kept but vigil does not act on it. */
    void notActedOn(String where, Node n) {
        diags.warningOnce("not-acted:" + where + ":" + n.name(), n.location(), "'" + n.name() + "'"
                + (where.isEmpty() ? "" : " in " + where) + " is read but vigil does not act on it yet"
                + " (reported once)");
    }

    /** Checks the number of arguments; reports and returns false when there are too few; warns about extras. */
    boolean arity(Node n, int min, int max) {
        if (n.argCount() < min) {
            error(n, "'" + n.name() + "' needs " + (min == max ? "" : "at least ") + min + " value"
                    + (min == 1 ? "" : "s") + ", got " + n.argCount());
            return false;
        }
        if (n.argCount() > max) {
            Token extra = n.arg(max);
            warning(extra, "'" + n.name() + "' takes " + (max == 0 ? "no value" : "at most " + max + " value"
                    + (max == 1 ? "" : "s")) + ": '" + extra.text() + "' and what follows is ignored");
        }
        return true;
    }

    /** The single value of {@code KEYWORD VALUE}, or {@code null} (reported). */
    String string(Node n) {
        return arity(n, 1, 1) ? n.arg(0).text() : null;
    }

    /** The words after the keyword joined by a space (for free text such as an e-mail subject). */
    String rest(Node n) {
        if (!arity(n, 1, Integer.MAX_VALUE)) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (Token t : n.args()) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(t.text());
        }
        return b.toString();
    }

    /** A decimal integer in {@code [min, max]}, or {@code null} (reported). */
    Long integer(Token t, String what, long min, long max) {
        String s = t.text();
        long v;
        try {
            if (!isInteger(s)) {
                throw new NumberFormatException();
            }
            v = Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            error(t, what + ": '" + s + "' is not a whole number" + range(min, max));
            return null;
        }
        if (v < min || v > max) {
            error(t, what + ": " + s + " is outside" + range(min, max));
            return null;
        }
        return v;
    }

    /** {@code [+-]?[0-9]{1,19}}, without a regex: this runs for every number of a large config. */
    static boolean isInteger(String s) {
        int i = s.startsWith("+") || s.startsWith("-") ? 1 : 0;
        int digits = s.length() - i;
        if (digits < 1 || digits > 19) {
            return false;
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    Integer intArg(Node n, long min, long max) {
        if (!arity(n, 1, 1)) {
            return null;
        }
        Long v = integer(n.arg(0), "'" + n.name() + "'", min, max);
        return v == null ? null : v.intValue();
    }

    Long longArg(Node n, long min, long max) {
        if (!arity(n, 1, 1)) {
            return null;
        }
        return integer(n.arg(0), "'" + n.name() + "'", min, max);
    }

    private static String range(long min, long max) {
        if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE || max == 0xffffffffL) {
            return " (at least " + min + ")";
        }
        return " [" + min + ", " + max + "]";
    }

    /**
     * A time in seconds with an optional fraction (keepalived's TIMER, micro-second resolution), as nanoseconds
     * in {@code [minNanos, maxNanos]}, or {@code null} (reported).
     */
    Long seconds(Token t, String what, long minNanos, long maxNanos) {
        String s = t.text();
        if (!isDecimal(s)) {
            error(t, what + ": '" + s + "' is not a number of seconds (such as 3 or 0.5)");
            return null;
        }
        if (isInteger(s) && s.length() < 10) {
            long secs = Long.parseLong(s);
            long nanos = secs * SECOND;
            if (nanos > maxNanos || nanos < minNanos) {
                error(t, what + ": " + s + "s is outside [" + fmtSeconds(minNanos) + ", " + fmtSeconds(maxNanos)
                        + "]");
                return null;
            }
            return nanos;
        }
        BigDecimal micros = new BigDecimal(s).movePointRight(6).setScale(0, java.math.RoundingMode.HALF_UP);
        BigDecimal max = BigDecimal.valueOf(maxNanos / 1000);
        if (micros.compareTo(max) > 0 || micros.longValue() * 1000 < minNanos) {
            error(t, what + ": " + s + "s is outside [" + fmtSeconds(minNanos) + ", " + fmtSeconds(maxNanos) + "]");
            return null;
        }
        return micros.longValue() * 1000;
    }

    Long secondsArg(Node n, long minNanos, long maxNanos) {
        if (!arity(n, 1, 1)) {
            return null;
        }
        return seconds(n.arg(0), "'" + n.name() + "'", minNanos, maxNanos);
    }

    /** Whole seconds as nanoseconds. */
    Long wholeSecondsArg(Node n, long min, long max) {
        Long v = longArg(n, min, max);
        return v == null ? null : v * SECOND;
    }

    /** {@code [0-9]*\.?[0-9]+}, at most 30 characters. */
    private static boolean isDecimal(String s) {
        if (s.isEmpty() || s.length() > 30 || s.charAt(s.length() - 1) == '.') {
            return false;
        }
        boolean dot = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.' && !dot) {
                dot = true;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static String fmtSeconds(long nanos) {
        if (nanos >= Long.MAX_VALUE / 2) {
            return "...";
        }
        return BigDecimal.valueOf(nanos).movePointLeft(9).stripTrailingZeros().toPlainString() + "s";
    }

    /** An optional boolean after the keyword: absent means true; on/off, true/false, yes/no. */
    Boolean bool(Node n) {
        if (n.argCount() == 0) {
            return true;
        }
        arity(n, 0, 1);
        return parseBool(n.arg(0), "'" + n.name() + "'");
    }

    Boolean parseBool(Token t, String what) {
        switch (t.text().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes":
                return true;
            case "off", "false", "no":
                return false;
            default:
                error(t, what + ": '" + t.text() + "' is not one of on|off|true|false|yes|no");
                return null;
        }
    }

    /**
     * {@code vigil_peer_mac MAC [MAC...]}: the MACs (unicast ones: a multicast or zero MAC is refused), or
     * {@code null} when one is wrong (reported).
     */
    List<MacAddress> peerMacs(Node n) {
        if (!arity(n, 1, 16)) {
            return null;
        }
        List<MacAddress> out = new java.util.ArrayList<>();
        for (Token t : n.args()) {
            MacAddress m;
            try {
                m = MacAddress.parse(t.text());
            } catch (IllegalArgumentException e) {
                error(t, "'" + n.name() + "': '" + t.text() + "' is not a MAC address");
                return null;
            }
            if ((m.toBytes()[0] & 1) != 0 || m.equals(MacAddress.ZERO)) {
                error(t, "'" + n.name() + "': " + m + " is not a unicast MAC address");
                return null;
            }
            if (!out.contains(m)) {
                out.add(m);
            }
        }
        return out;
    }

    /** {@code vigil_loop_guard auto|on|off}, or {@code null} (reported). */
    LoopGuard loopGuard(Node n) {
        String v = string(n);
        if (v == null) {
            return null;
        }
        LoopGuard g = LoopGuard.parse(v);
        if (g == null) {
            error(n.arg(0), "'" + n.name() + "': '" + v + "' is not one of auto|on|off");
        }
        return g;
    }

    /** A literal IPv4 or IPv6 address, or {@code null} (reported). */
    InetAddress address(Token t, String what) {
        try {
            return InetAddresses.parse(t.text());
        } catch (IllegalArgumentException e) {
            error(t, what + ": '" + t.text() + "' is not an IP address");
            return null;
        }
    }

    /** {@code ADDR[/LEN]}, or {@code null} (reported). */
    IpPrefix prefix(Token t, String what) {
        String s = t.text();
        int slash = s.indexOf('/');
        InetAddress a;
        try {
            a = InetAddresses.parse(slash < 0 ? s : s.substring(0, slash));
        } catch (IllegalArgumentException e) {
            String addr = slash < 0 ? s : s.substring(0, slash);
            String hint = addr.endsWith(".") && addr.chars().filter(ch -> ch == '.').count() == 3
                    ? ": did you mean '" + addr + "0" + (slash < 0 ? "" : s.substring(slash)) + "'?" : "";
            error(t, what + ": '" + s + "' is not an IP address" + (slash < 0 ? "" : " with a prefix length") + hint);
            return null;
        }
        if (slash < 0) {
            return IpPrefix.host(a);
        }
        String len = s.substring(slash + 1);
        int max = a.getAddress().length * 8;
        if (!len.matches("[0-9]{1,3}") || Integer.parseInt(len) > max) {
            error(t, what + ": prefix length '" + len + "' in '" + s + "' is not in [0, " + max + "]");
            return null;
        }
        return new IpPrefix(a, Integer.parseInt(len));
    }

    /** A port number 1-65535 (0 accepted when {@code allowZero}), or {@code null}. */
    Integer port(Token t, String what, boolean allowZero) {
        Long v = integer(t, what, allowZero ? 0 : 1, 65535);
        return v == null ? null : v.intValue();
    }

    /**
     * {@code KEYWORD COMMAND [USER [GROUP]]}: keepalived re-reads the line with shell-like quoting, so that
     * {@code notify_master "/bin/x.sh a b" nobody} is the command {@code /bin/x.sh a b} run as nobody.
     */
    ScriptCommand script(Node n, boolean userAllowed) {
        List<String> words;
        try {
            words = ShellWords.split(n.line().text());
        } catch (IllegalArgumentException e) {
            error(n, "'" + n.name() + "': " + e.getMessage());
            return null;
        }
        if (words.size() < 2 || words.get(1).isEmpty()) {
            error(n, "'" + n.name() + "' needs a command");
            return null;
        }
        String command = words.get(1);
        try {
            if (ShellWords.split(command).isEmpty()) {
                error(n, "'" + n.name() + "' needs a command");
                return null;
            }
        } catch (IllegalArgumentException e) {
            error(n.arg(0), "'" + n.name() + "': the command " + e.getMessage()
                    + " (quote a command with arguments as a whole, e.g. \"/path/x.sh 'arg 1'\")");
            return null;
        }
        String user = null;
        String group = null;
        if (words.size() > 2) {
            if (!userAllowed) {
                warning(n.arg(Math.min(1, n.argCount() - 1)), "'" + n.name() + "' takes only a command: '"
                        + words.get(2) + "' is ignored (quote a command with arguments)");
            } else {
                user = words.get(2);
                if (words.size() > 3) {
                    group = words.get(3);
                }
                if (words.size() > 4) {
                    warning(n, "'" + n.name() + "': '" + words.get(4) + "' after the user and group is ignored"
                            + " (quote a command with arguments)");
                }
            }
        }
        return new ScriptCommand(command, user, group, n.location());
    }

    /** {@code WEIGHT [reverse]}: the weight (or {@code null} when missing or bad) and the reverse flag. */
    record Weighted(Integer weight, boolean reverse) {
    }

    /** Reads {@code KEYWORD WEIGHT [reverse]}; {@code null} when the line is wrong (reported). */
    Weighted weightArg(Node n, String what, long min, long max) {
        if (!arity(n, 1, 2)) {
            return null;
        }
        Long w = integer(n.arg(0), what + " weight", min, max);
        boolean reverse = false;
        if (n.argCount() == 2) {
            if (n.arg(1).is("reverse")) {
                reverse = true;
            } else {
                error(n.arg(1), "unknown weight option '" + n.arg(1).text() + "' (reverse)");
            }
        }
        return new Weighted(w == null ? null : w.intValue(), reverse);
    }

    /** {@code garp_extra_if [all] SECONDS}: the interval and whether all interfaces get the GARPs. */
    record ExtraIf(long intervalNanos, boolean all) {
    }

    ExtraIf garpExtraIf(Node n) {
        Long v = null;
        boolean all = false;
        for (Token t : n.args()) {
            if (t.is("all")) {
                all = true;
            } else {
                v = integer(t, "'" + n.name() + "'", 0, 86_400);
            }
        }
        if (v == null) {
            error(n, "'" + n.name() + "' needs an interval in seconds");
            return null;
        }
        return new ExtraIf(v * SECOND, all);
    }

    /** Parses each line of a block with {@code parse}, adding what it gives (lines it refuses are reported). */
    static <T> void eachLine(Node block, java.util.function.Function<Node, T> parse, List<T> out) {
        for (Node line : block.children()) {
            T v = parse.apply(line);
            if (v != null) {
                out.add(v);
            }
        }
    }

    /** The closest of {@code known} to {@code word}, when close enough to be a typo; else {@code null}. */
    static String suggest(String word, Iterable<String> known) {
        return io.vigil.core.config.Suggestions.suggest(word, known);
    }

    SourceLocation at(Node n) {
        return n.location();
    }
}
