package io.vigil.core.config.keepalived;

import io.vigil.core.config.Diagnostics;
import io.vigil.core.config.LoadOptions;
import io.vigil.core.config.SourceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The first stage of reading a keepalived.conf: turns files into logical {@link Line}s the way keepalived's
 * lib/parser.c does, and records where every word came from.
 *
 * <p>What it handles (keepalived.conf(5), DESCRIPTION and ADVANCED CONFIGURATION): {@code include} and its variants
 * with globs, braces and paths relative to the including file; comments ({@code #}, {@code !}, with {@code \#} and
 * {@code \!} as escapes) outside double quotes; conditional lines {@code @id} and {@code @^id}; parameters
 * {@code $NAME=value} with recursive substitution of {@code $NAME} and {@code ${NAME}} at use time, multiline
 * definitions ended by {@code \}, the predefined {@code ${_PWD}}, {@code ${_INSTANCE}},
 * {@code ${_RANDOM [MIN [MAX]]}}, {@code ${_HASH}}, {@code ${_BANG}}; {@code ~SEQ}, {@code ~SEQx} and {@code ~LST}
 * lines; and the splitting of a line at each brace, so that {@code {} and {@code }} always stand alone.
 *
 * <p>It never throws for bad input: problems are reported to {@link Diagnostics} with file, line and column, and
 * every loop is bounded by {@link LoadOptions.Limits} (include depth and cycles, lines produced, line length,
 * substitutions per line, bytes read).
 */
public final class Preprocessor {

    /** {@code include_check} bits (keepalived's INCLUDE_R/M/W/B). */
    public static final int CHECK_READABLE = 1;
    public static final int CHECK_MATCH = 2;
    public static final int CHECK_WILDCARD = 4;
    public static final int CHECK_BRACE = 8;
    public static final int CHECK_ALL = 15;

    /** Nested sources (files, multiline expansions, sequences) at most. */
    static final int MAX_EXPANSION_DEPTH = 1000;

    private final LoadOptions.Limits limits;
    private final String configId;
    private final Diagnostics diags;
    private final Deque<Source> sources = new ArrayDeque<>();
    private final Deque<Line> out = new ArrayDeque<>();
    private final Map<String, Def> defs = new HashMap<>();
    private final List<Path> filesRead = new ArrayList<>();
    private Random random;
    private Def accumulating;
    private SourceLocation accumulatingAt;
    private boolean lastAccumulatedHadBackslash;
    private PText residue;
    private SourceLocation residueAt;
    private long linesProduced;
    private long rawLines;
    private long bytesRead;
    private int includeCheck;
    private boolean aborted;

    /**
     * @param file   the top-level config file
     * @param name   how to name it in diagnostics (usually the path as given)
     */
    public Preprocessor(Path file, String name, LoadOptions options, Diagnostics diags) {
        this.limits = options.limits();
        this.configId = options.configId();
        this.diags = diags;
        this.random = options.randomSeed() == null ? new Random() : new Random(options.randomSeed());
        addStandardDefinitions();
        Path abs = file.toAbsolutePath().normalize();
        FileSource top = open(abs, name, null, SourceLocation.of(name, 0, 0));
        if (top != null) {
            sources.push(top);
        }
    }

    /** The files opened so far (the top-level file and every include). */
    public List<Path> filesRead() {
        return List.copyOf(filesRead);
    }

    /** {@code include_check} from global_defs: applies to includes read from now on in the current file. */
    public void setIncludeCheck(int bits) {
        this.includeCheck = bits & CHECK_ALL;
    }

    /** The current {@code include_check} bits. */
    public int includeCheck() {
        return includeCheck;
    }

    /** {@code random_seed} from global_defs. */
    public void reseed(long seed) {
        this.random = new Random(seed);
    }

    /** The next logical line, or {@code null} at the end of the input. */
    public Line next() {
        while (true) {
            if (!out.isEmpty()) {
                return out.poll();
            }
            if (aborted) {
                abort();
                return null;
            }
            if (residue != null) {
                PText r = residue;
                SourceLocation at = residueAt;
                residue = null;
                splitAtBraces(r, at);
                continue;
            }
            Source top = sources.peek();
            if (top == null) {
                finishAccumulation(null);
                return null;
            }
            Raw raw = top.next();
            if (raw == null) {
                sources.pop();
                top.close();
                if (top instanceof FileSource f) {
                    includeCheck = f.savedIncludeCheck;
                }
                continue;
            }
            handleRaw(raw);
        }
    }

    // ---------------------------------------------------------------------------------------------- line handling

    private void handleRaw(Raw raw) {
        if (++rawLines > 2 * limits.maxLines()) {
            diags.error(raw.at, "more than " + 2 * limits.maxLines() + " lines read or generated; stopping here"
                    + " (is a ~SEQ or a multiline parameter running away?)");
            abort();
            return;
        }
        PText t = raw.text;
        if (raw.fromFile) {
            if (t.isEmpty()) {
                if (accumulating != null) {
                    finishAccumulation(raw.at);
                }
                return;
            }
            decomment(t);
            if (t.isEmpty()) {
                return;
            }
        }
        if (accumulating != null) {
            accumulate(t);
            return;
        }
        process(t, raw.at);
    }

    private void process(PText t, SourceLocation lineAt) {
        boolean recheck;
        int rounds = 0;
        do {
            recheck = false;
            if (t.isEmpty()) {
                return;
            }
            if (t.charAt(0) == '@') {
                if (!conditional(t)) {
                    return;
                }
                if (t.isEmpty()) {
                    return;
                }
            }
            if (t.charAt(0) == '$' && define(t, lineAt)) {
                return;
            }
            if (t.startsWith("~SEQ") || t.startsWith("~LST")) {
                if (t.startsWith("~SEQ")) {
                    sequence(t, lineAt);
                } else {
                    list(t, lineAt);
                }
                return;
            }
            if (t.charAt(0) == '~') {
                break;
            }
            if (t.indexOf('$', 0) >= 0) {
                if (!substitute(t, lineAt)) {
                    break;
                }
                decomment(t);
                if (!t.isEmpty() && (t.charAt(0) == '@' || t.indexOf('$', 0) >= 0)) {
                    recheck = true;
                }
            }
        } while (recheck && ++rounds < limits.maxSubstitutions());
        if (t.isEmpty()) {
            return;
        }
        if (include(t, lineAt)) {
            return;
        }
        splitAtBraces(t, lineAt.withColumn(t.col(0)));
    }

    /**
     * keepalived's decomment(): removes leading and trailing blanks, cuts at the first {@code #} or {@code !}
     * outside double quotes, turns {@code \#} and {@code \!} into the plain characters, and keeps a final
     * {@code \} (the mark of a multiline definition) right after the last non-blank character.
     */
    private void decomment(PText t) {
        t.stripLeadingBlanks();
        boolean quote = false;
        boolean cont = false;
        int contCol = 0;
        int cut = -1;
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c == '"') {
                if (cut < 0) {
                    quote = !quote;
                }
                i++;
                continue;
            }
            if (c == '\\') {
                if (i + 1 < t.length()) {
                    char d = t.charAt(i + 1);
                    if (!quote && (d == '#' || d == '!')) {
                        t.delete(i, i + 1);
                        i++;
                    } else {
                        i += 2;
                    }
                    continue;
                }
                cont = true;
                contCol = t.col(i);
                t.truncate(i);
                break;
            }
            if (!quote && cut < 0 && (c == '!' || c == '#')) {
                cut = i;
            }
            i++;
        }
        if (cut >= 0 && cut < t.length()) {
            t.truncate(cut);
        }
        t.stripTrailingBlanks();
        if (cont) {
            t.append('\\', contCol);
        }
    }

    /** {@code @id rest} / {@code @^id rest}: returns false when the line is dropped; else strips the prefix. */
    private boolean conditional(PText t) {
        boolean reverse = t.length() > 1 && t.charAt(1) == '^';
        int ofs = reverse ? 2 : 1;
        int ws = -1;
        for (int i = ofs; i < t.length(); i++) {
            if (PText.isBlank(t.charAt(i))) {
                ws = i;
                break;
            }
        }
        if (ws < 0) {
            t.truncate(0);
            return false;
        }
        boolean match = t.substring(ofs, ws).equals(configId);
        if (match == reverse) {
            return false;
        }
        int start = ws;
        while (start < t.length() && PText.isBlank(t.charAt(start))) {
            start++;
        }
        t.delete(0, start);
        return true;
    }

    // ------------------------------------------------------------------------------------------------- parameters

    private static final class Def {
        final String name;
        final List<String> lines = new ArrayList<>();
        boolean multiline;
        Standard fn;
        int maxParams;
        SourceLocation at;

        Def(String name) {
            this.name = name;
        }

        String value() {
            return lines.isEmpty() ? "" : lines.get(0);
        }
    }

    @FunctionalInterface
    private interface Standard {
        String value(String params, SourceLocation at);
    }

    private void addStandardDefinitions() {
        std("_PWD", 0, (p, at) -> currentDirectory().toString());
        std("_INSTANCE", 0, (p, at) -> configId);
        std("_RANDOM", 2, this::randomValue);
        std("_HASH", 0, (p, at) -> "#");
        std("_BANG", 0, (p, at) -> "!");
    }

    private void std(String name, int maxParams, Standard fn) {
        Def d = new Def(name);
        d.fn = fn;
        d.maxParams = maxParams;
        d.at = SourceLocation.NONE;
        defs.put(name, d);
    }

    private String randomValue(String params, SourceLocation at) {
        long min = 0;
        long max = 32767;
        if (params != null) {
            String[] p = params.trim().split("\\s+");
            try {
                min = Long.parseLong(p[0]);
                if (p.length > 1) {
                    max = Long.parseLong(p[1]);
                }
            } catch (NumberFormatException e) {
                diags.error(at, "${_RANDOM " + params + "}: MIN and MAX must be numbers");
            }
            if (p.length > 2) {
                diags.warning(at, "${_RANDOM " + params + "}: too many parameters (MIN and MAX at most)");
            }
        }
        if (max < min) {
            diags.error(at, "${_RANDOM " + params + "}: MAX is below MIN");
            return Long.toString(min);
        }
        long span = max - min + 1;
        return Long.toString(min + (span <= 0 ? 0 : Math.floorMod(random.nextLong(), span)));
    }

    private Path currentDirectory() {
        for (Source s : sources) {
            if (s instanceof FileSource f) {
                Path dir = f.path.getParent();
                return dir == null ? Path.of("/") : dir;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    /** {@code $NAME=value}: returns false when the line is not a definition (then it is an ordinary line). */
    private boolean define(PText t, SourceLocation lineAt) {
        if (t.length() < 2 || !(Character.isLetter(t.charAt(1)) || t.charAt(1) == '_') || t.charAt(1) > 127) {
            return false;
        }
        int k = 2;
        while (k < t.length() && isNameChar(t.charAt(k))) {
            k++;
        }
        if (k >= t.length() || t.charAt(k) != '=') {
            return false;
        }
        String name = t.substring(1, k);
        int v = k + 1;
        while (v < t.length() && PText.isBlank(t.charAt(v))) {
            v++;
        }
        String value = t.substring(v, t.length());
        Def d = defs.computeIfAbsent(name, Def::new);
        d.fn = null;
        d.maxParams = 0;
        d.lines.clear();
        d.at = lineAt.withColumn(t.col(0));
        if (value.endsWith("\\")) {
            String first = stripTrailingBlanks(value.substring(0, value.length() - 1));
            d.lines.add(first);
            d.multiline = true;
            accumulating = d;
            accumulatingAt = d.at;
            lastAccumulatedHadBackslash = true;
        } else {
            d.lines.add(value);
            d.multiline = false;
        }
        return true;
    }

    private static boolean isNameChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
    }

    private static String stripTrailingBlanks(String s) {
        int e = s.length();
        while (e > 0 && PText.isBlank(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(0, e);
    }

    private void accumulate(PText t) {
        String s = t.toString();
        boolean more = s.endsWith("\\");
        if (more) {
            s = stripTrailingBlanks(s.substring(0, s.length() - 1));
        }
        if (!s.isEmpty()) {
            if (accumulating.lines.size() == 1 && accumulating.lines.get(0).isEmpty()) {
                accumulating.lines.set(0, s);
            } else {
                accumulating.lines.add(s);
            }
        }
        lastAccumulatedHadBackslash = more;
        if (!more) {
            finishAccumulation(null);
        }
    }

    /** Ends a multiline definition; {@code blankAt} is the blank line that ended it early, if any. */
    private void finishAccumulation(SourceLocation blankAt) {
        if (accumulating == null) {
            return;
        }
        if (blankAt != null && lastAccumulatedHadBackslash) {
            diags.warning(blankAt, "this empty line ends the multiline definition of $" + accumulating.name
                    + " begun at line " + accumulatingAt.line() + " (keepalived does the same): remove the empty"
                    + " line to continue the definition, or the '\\' on the line before to end it there");
        }
        if (accumulating.lines.size() == 1 && accumulating.lines.get(0).isEmpty()) {
            accumulating.multiline = false;
        }
        accumulating = null;
    }

    /** A reference found at a '$'. */
    private record Ref(Def def, int end, String params) {
    }

    private Ref findReference(PText t, int dollar) {
        int i = dollar + 1;
        boolean braces = i < t.length() && t.charAt(i) == '{';
        int j = braces ? i + 1 : i;
        if (j >= t.length() || !(t.charAt(j) < 128 && (Character.isLetter(t.charAt(j)) || t.charAt(j) == '_'))) {
            return null;
        }
        int k = j + 1;
        while (k < t.length() && isNameChar(t.charAt(k))) {
            k++;
        }
        String name = t.substring(j, k);
        String params = null;
        int end;
        if (braces) {
            int p = k;
            int ps = -1;
            int pe = -1;
            while (p < t.length() && (t.charAt(p) == ' ' || (t.charAt(p) >= '0' && t.charAt(p) <= '9'))) {
                if (t.charAt(p) != ' ') {
                    if (ps < 0) {
                        ps = p;
                    }
                    pe = p;
                }
                p++;
            }
            if (ps >= 0 && pe + 1 != p) {
                return null;
            }
            if (p >= t.length() || t.charAt(p) != '}') {
                return null;
            }
            if (ps >= 0) {
                params = t.substring(ps, pe + 1);
            }
            end = p + 1;
        } else {
            if (k < t.length() && " \t,)".indexOf(t.charAt(k)) < 0) {
                return null;
            }
            end = k;
        }
        Def d = defs.get(name);
        if (d == null) {
            return null;
        }
        if (d.multiline && end != t.length()) {
            return null;
        }
        if (params != null && d.maxParams == 0) {
            return null;
        }
        return new Ref(d, end, params);
    }

    /** Substitutes parameters, recursively; returns whether anything was replaced. */
    private boolean substitute(PText t, SourceLocation lineAt) {
        boolean found = false;
        int pos = 0;
        int count = 0;
        while ((pos = t.indexOf('$', pos)) >= 0 && pos + 1 < t.length()) {
            Ref ref = findReference(t, pos);
            if (ref == null) {
                pos++;
                continue;
            }
            found = true;
            if (++count > limits.maxSubstitutions()) {
                diags.error(lineAt.withColumn(t.col(pos)), "parameter substitution on this line does not end after "
                        + limits.maxSubstitutions() + " replacements: does $" + ref.def.name + " refer to itself?");
                t.truncate(0);
                return true;
            }
            int col = t.col(pos);
            Def d = ref.def;
            String value;
            if (d.fn != null) {
                value = d.fn.value(ref.params, lineAt.withColumn(col));
            } else {
                value = d.value();
                if (d.multiline && d.lines.size() > 1) {
                    if (!pushable(lineAt.withColumn(col), "$" + d.name)) {
                        t.truncate(0);
                        return true;
                    }
                    sources.push(new LinesSource(d.lines.subList(1, d.lines.size()), lineAt.withColumn(col)));
                }
            }
            t.replace(pos, ref.end, value, col);
            if (t.length() > limits.maxLineLength()) {
                diags.error(lineAt.withColumn(col), "line longer than " + limits.maxLineLength()
                        + " characters after substituting $" + d.name);
                t.truncate(0);
                return true;
            }
            int k = 0;
            while (k < value.length() && PText.isBlank(value.charAt(k))) {
                k++;
            }
            if (k < value.length() && value.charAt(k) == '~') {
                break;
            }
        }
        return found;
    }

    private void setDefinition(String name, String value, SourceLocation at) {
        Def d = defs.computeIfAbsent(name, Def::new);
        d.fn = null;
        d.maxParams = 0;
        d.multiline = false;
        d.lines.clear();
        d.lines.add(value);
        d.at = at;
    }

    // -------------------------------------------------------------------------------------------- sequences, lists

    /** {@code ~SEQ(var, start, step, end) text} and {@code ~SEQx(...)}. */
    private void sequence(PText t, SourceLocation lineAt) {
        SourceLocation at = lineAt.withColumn(t.col(0));
        String s = t.toString();
        int p = 4;
        boolean hex = p < s.length() && s.charAt(p) == 'x';
        if (hex) {
            p++;
        }
        p = skipBlanks(s, p);
        if (p >= s.length() || s.charAt(p) != '(') {
            diags.error(at, "invalid ~SEQ: expected '(' after ~SEQ" + (hex ? "x" : ""));
            return;
        }
        p = skipBlanks(s, p + 1);
        int varStart = p;
        while (p < s.length() && " \t,)".indexOf(s.charAt(p)) < 0) {
            p++;
        }
        String var = s.substring(varStart, p);
        p = skipBlanks(s, p);
        if (p >= s.length() || s.charAt(p) == ')' || var.isEmpty()) {
            diags.error(at, "invalid ~SEQ: expected ~SEQ(VAR, [START,] [STEP,] END)");
            return;
        }
        int close = s.indexOf(')', p);
        if (close < 0) {
            diags.error(at, "invalid ~SEQ: missing ')'");
            return;
        }
        PText params = PText.at(s.substring(p + 1, close + 1), t.col(p));
        if (params.indexOf('$', 0) >= 0) {
            int before = sources.size();
            substitute(params, lineAt);
            if (sources.size() != before) {
                diags.error(at, "invalid ~SEQ: a parameter is a multiline definition");
                return;
            }
        }
        long[] nums = new long[3];
        int count = 0;
        String ps = params.toString();
        int q = 0;
        long start;
        long step;
        long end;
        while (true) {
            long[] r = strtol(ps, q);
            nums[count++] = r[0];
            q = skipBlanks(ps, (int) r[1]);
            if (q < ps.length() && ps.charAt(q) == ')') {
                break;
            }
            if (count == 3 || q >= ps.length() || ps.charAt(q) != ',') {
                diags.error(at, "invalid ~SEQ: expected ~SEQ(VAR, [START,] [STEP,] END) with numbers");
                return;
            }
            q++;
        }
        if (count == 1) {
            end = nums[0];
            step = end < 1 ? -1 : 1;
            start = end < 0 ? -1 : 1;
        } else if (count == 2) {
            start = nums[0];
            end = nums[1];
            step = start <= end ? 1 : -1;
        } else {
            start = nums[0];
            step = nums[1];
            end = nums[2];
            if (step == 0 || (start < end && step < 0) || (start > end && step > 0)) {
                diags.error(at, "invalid ~SEQ values: STEP " + step + " never goes from " + start + " to " + end);
                return;
            }
        }
        if (hex && (start < 0 || end < 0)) {
            diags.error(at, "~SEQx is only valid for positive numbers");
            return;
        }
        int textStart = skipBlanks(s, close + 1);
        PText text = t.sub(Math.min(textStart, t.length()), t.length());
        if (pushable(at, "~SEQ")) {
            sources.push(new SeqSource(var, start, step, end, hex, text, at));
        }
    }

    /** {@code ~LST(var, v1, v2...) text} and {@code ~LST({v1, v2}, {a, b}, ...) text}. */
    private void list(PText t, SourceLocation lineAt) {
        SourceLocation at = lineAt.withColumn(t.col(0));
        String s = t.toString();
        int p = skipBlanks(s, 4);
        String bad = "invalid ~LST: expected ~LST(VAR, VALUE, ...) or ~LST({VAR, ...}, {VALUE, ...}, ...)";
        if (p >= s.length() || s.charAt(p) != '(') {
            diags.error(at, bad);
            return;
        }
        p = skipBlanks(s, p + 1);
        char endChar = ',';
        if (p < s.length() && s.charAt(p) == '{') {
            endChar = '}';
            p = skipBlanks(s, p + 1);
        }
        List<String> vars = new ArrayList<>();
        while (true) {
            int vs = p;
            while (p < s.length() && " \t,}".indexOf(s.charAt(p)) < 0) {
                p++;
            }
            vars.add(s.substring(vs, p));
            p = skipBlanks(s, p);
            if (p < s.length() && s.charAt(p) == endChar) {
                break;
            }
            if (p >= s.length() || s.charAt(p) != ',') {
                diags.error(at, bad);
                return;
            }
            p = skipBlanks(s, p + 1);
        }
        if (p < s.length() && s.charAt(p) == '}') {
            p = skipBlanks(s, p + 1);
        }
        if (p >= s.length() || s.charAt(p) != ',') {
            diags.error(at, bad);
            return;
        }
        p = skipBlanks(s, p + 1);
        List<List<String>> sets = new ArrayList<>();
        while (true) {
            char setEnd = ',';
            if (p < s.length() && s.charAt(p) == '{') {
                setEnd = '}';
                p = skipBlanks(s, p + 1);
            }
            List<String> values = new ArrayList<>();
            while (true) {
                int vs = p;
                while (p < s.length() && " \t,})".indexOf(s.charAt(p)) < 0) {
                    p++;
                }
                values.add(s.substring(vs, p));
                p = skipBlanks(s, p);
                if (p < s.length() && (s.charAt(p) == setEnd || (s.charAt(p) == ')' && setEnd == ','))) {
                    break;
                }
                if (p >= s.length() || s.charAt(p) != ',') {
                    diags.error(at, bad);
                    return;
                }
                p = skipBlanks(s, p + 1);
                if (values.size() > vars.size()) {
                    diags.error(at, "~LST has more values in a set than variables (" + vars.size() + ")");
                    return;
                }
            }
            while (values.size() < vars.size()) {
                values.add("");
            }
            sets.add(values);
            if (p < s.length() && s.charAt(p) == '}' && setEnd == '}') {
                p = skipBlanks(s, p + 1);
            }
            if (p < s.length() && s.charAt(p) == ')') {
                break;
            }
            if (p >= s.length() || s.charAt(p) != ',') {
                diags.error(at, bad);
                return;
            }
            p = skipBlanks(s, p + 1);
        }
        int textStart = skipBlanks(s, p + 1);
        PText text = t.sub(Math.min(textStart, t.length()), t.length());
        if (pushable(at, "~LST")) {
            sources.push(new ListSource(vars, sets, text, at));
        }
    }

    /** Bounds the nesting of expansions (a multiline parameter that uses itself would nest without end). */
    private boolean pushable(SourceLocation at, String what) {
        if (sources.size() < MAX_EXPANSION_DEPTH) {
            return true;
        }
        diags.error(at, what + " nests expansions more than " + MAX_EXPANSION_DEPTH + " deep: does a multiline"
                + " parameter use itself?");
        abort();
        return false;
    }

    private static int skipBlanks(String s, int p) {
        while (p < s.length() && PText.isBlank(s.charAt(p))) {
            p++;
        }
        return p;
    }

    /** C's strtol(s, &end, 0): returns {value, end index}; no digits gives 0 with end at the start. */
    static long[] strtol(String s, int from) {
        int i = from;
        while (i < s.length() && PText.isSpace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        int radix = 10;
        if (i + 1 < s.length() && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                && i + 2 < s.length() && Character.digit(s.charAt(i + 2), 16) >= 0) {
            radix = 16;
            i += 2;
        } else if (i < s.length() && s.charAt(i) == '0') {
            radix = 8;
        }
        int digitsStart = i;
        long v = 0;
        boolean overflow = false;
        while (i < s.length() && s.charAt(i) < 128 && Character.digit(s.charAt(i), radix) >= 0) {
            long nv = v * radix + Character.digit(s.charAt(i), radix);
            if (nv < v || v > Long.MAX_VALUE / radix) {
                overflow = true;
            }
            v = nv;
            i++;
        }
        if (i == digitsStart) {
            return new long[] {0, from};
        }
        if (overflow) {
            v = Long.MAX_VALUE;
        }
        return new long[] {neg ? -v : v, i};
    }

    // ---------------------------------------------------------------------------------------------------- include

    private boolean include(PText t, SourceLocation lineAt) {
        String s = t.toString();
        if (!s.startsWith("include") || s.length() < 9) {
            return false;
        }
        int type;
        int p;
        if (PText.isSpace(s.charAt(7))) {
            type = 0;
            p = 8;
        } else if ("rmwba".indexOf(s.charAt(7)) >= 0 && PText.isSpace(s.charAt(8))) {
            type = switch (s.charAt(7)) {
                case 'r' -> CHECK_READABLE;
                case 'a' -> CHECK_ALL;
                case 'w' -> CHECK_READABLE | CHECK_MATCH | CHECK_WILDCARD;
                case 'm' -> CHECK_READABLE | CHECK_MATCH;
                default -> CHECK_READABLE | CHECK_BRACE;
            };
            p = 9;
        } else {
            return false;
        }
        p = skipBlanks(s, p);
        SourceLocation at = lineAt.withColumn(t.col(Math.min(p, t.length() - 1)));
        String pattern = s.substring(p).strip();
        if (pattern.isEmpty()) {
            diags.error(lineAt, "include needs a file name or pattern");
            return true;
        }
        int checks = includeCheck | type;
        FileSource parent = currentFile();
        int depth = 0;
        for (FileSource f = parent; f != null; f = f.parent) {
            depth++;
        }
        if (depth >= limits.maxIncludeDepth()) {
            diags.error(at, "includes nested deeper than " + limits.maxIncludeDepth() + ": not reading '" + pattern
                    + "'");
            return true;
        }
        Path base = parent == null ? Path.of("").toAbsolutePath() : parent.path.getParent();
        List<String> alternatives = Glob.expandBraces(pattern);
        List<Path> files = new ArrayList<>();
        for (String alt : alternatives) {
            Glob.Result r = Glob.match(alt, base);
            if (r.matches().isEmpty()) {
                if (r.missing() && !r.hadWildcards()) {
                    boolean brace = alternatives.size() > 1;
                    report(checks, brace ? CHECK_BRACE : CHECK_MATCH, at, "included file '" + alt + "' does not exist"
                            + (brace ? " (from '" + pattern + "')" : ""));
                } else if ((checks & CHECK_WILDCARD) != 0) {
                    diags.error(at, "no file matches '" + alt + "'");
                }
                continue;
            }
            files.addAll(r.matches());
        }
        List<FileSource> opened = new ArrayList<>();
        for (Path f : files) {
            Path abs = f.toAbsolutePath().normalize();
            if (Files.isDirectory(abs)) {
                report(checks, CHECK_READABLE, at, "included '" + f + "' is a directory - skipping");
                continue;
            }
            if (!Files.isRegularFile(abs) || isExecutable(abs)) {
                report(checks, CHECK_READABLE, at, "included '" + f
                        + "' is not a regular non-executable file - skipping");
                continue;
            }
            String cycle = cycle(parent, abs);
            if (cycle != null) {
                diags.error(at, "include cycle: " + cycle + " - not reading '" + f + "' again");
                continue;
            }
            FileSource src = open(abs, displayName(abs), parent, at);
            if (src != null) {
                opened.add(src);
            }
        }
        for (int i = opened.size() - 1; i >= 0; i--) {
            sources.push(opened.get(i));
        }
        return true;
    }

    private void report(int checks, int bit, SourceLocation at, String message) {
        if ((checks & bit) != 0) {
            diags.error(at, message);
        } else {
            diags.warning(at, message);
        }
    }

    private static boolean isExecutable(Path p) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            return perms.contains(PosixFilePermission.OWNER_EXECUTE)
                    || perms.contains(PosixFilePermission.GROUP_EXECUTE)
                    || perms.contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static String cycle(FileSource parent, Path target) {
        List<String> chain = new ArrayList<>();
        for (FileSource f = parent; f != null; f = f.parent) {
            chain.add(0, f.name);
            if (f.path.equals(target)) {
                chain.add(f.name);
                return String.join(" -> ", chain);
            }
        }
        return null;
    }

    private String displayName(Path abs) {
        return abs.toString();
    }

    private FileSource currentFile() {
        for (Source s : sources) {
            if (s instanceof FileSource f) {
                return f;
            }
        }
        return null;
    }

    private FileSource open(Path abs, String name, FileSource parent, SourceLocation at) {
        if (filesRead.size() >= limits.maxFiles()) {
            diags.error(at, "more than " + limits.maxFiles() + " files included: not reading '" + name + "'");
            return null;
        }
        try {
            InputStream in = Files.newInputStream(abs);
            filesRead.add(abs);
            return new FileSource(abs, name, parent, in, includeCheck);
        } catch (IOException | SecurityException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.toString();
            if (parent == null) {
                diags.error(SourceLocation.of(name, 0, 0), "cannot read config file: " + why);
            } else {
                diags.error(at, "cannot read included file '" + name + "': " + why);
            }
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------- braces, tokens

    /**
     * keepalived's rule: the first '{' or '}' outside double quotes ends the line; when the line starts with it,
     * the brace is a line of its own. What follows is read again as the rest of the line.
     */
    private void splitAtBraces(PText t, SourceLocation at) {
        t.stripLeadingBlanks();
        if (t.isEmpty()) {
            return;
        }
        int brace = -1;
        char first = t.charAt(0);
        if (first == '{' || first == '}') {
            brace = 0;
        } else {
            int i = 0;
            while (i < t.length()) {
                char c = t.charAt(i);
                if (c == '{' || c == '}') {
                    brace = i;
                    break;
                }
                if (c == '"') {
                    int q = t.indexOf('"', i + 1);
                    if (q < 0) {
                        break;
                    }
                    i = q + 1;
                    continue;
                }
                i++;
            }
        }
        PText line = t;
        if (brace == 0) {
            line = t.sub(0, 1);
            if (t.length() > 1) {
                PText rest = t.sub(1, t.length());
                rest.stripLeadingBlanks();
                rest.stripTrailingBlanks();
                if (!rest.isEmpty()) {
                    residue = rest;
                    residueAt = at;
                }
            }
        } else if (brace > 0) {
            line = t.sub(0, brace);
            PText rest = t.sub(brace, t.length());
            rest.stripTrailingBlanks();
            residue = rest;
            residueAt = at;
        }
        line.stripTrailingBlanks();
        emit(line, at);
    }

    private void emit(PText t, SourceLocation at) {
        if (t.isEmpty()) {
            return;
        }
        if (++linesProduced > limits.maxLines()) {
            diags.error(at.withColumn(t.col(0)), "the config expands to more than " + limits.maxLines()
                    + " lines; stopping here (is a ~SEQ or a multiline parameter running away?)");
            abort();
            return;
        }
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = t.length();
        while (true) {
            while (i < n && PText.isSpace(t.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            if (t.charAt(i) == '"') {
                int q = t.indexOf('"', i + 1);
                if (q < 0) {
                    diags.error(at.withColumn(t.col(i)), "unmatched quote: '" + t.substring(i, n) + "'");
                    break;
                }
                tokens.add(new Token(t.substring(i + 1, q), true, at.withColumn(t.col(start))));
                i = q + 1;
            } else {
                while (i < n && !PText.isSpace(t.charAt(i)) && t.charAt(i) != '"') {
                    i++;
                }
                tokens.add(new Token(t.substring(start, i), false, at.withColumn(t.col(start))));
            }
        }
        if (!tokens.isEmpty()) {
            out.add(new Line(tokens, t.toString(), at.withColumn(t.col(0))));
        }
    }

    private void abort() {
        aborted = true;
        for (Source s : sources) {
            s.close();
        }
        sources.clear();
        residue = null;
    }

    // ----------------------------------------------------------------------------------------------------- sources

    /** A raw line: from a file (not yet decommented) or generated. */
    private record Raw(PText text, SourceLocation at, boolean fromFile) {
    }

    private abstract static class Source {
        abstract Raw next();

        void close() {
        }
    }

    /** Physical lines of one file, decoded as UTF-8 (bad bytes replaced), each capped in length. */
    private final class FileSource extends Source {
        final Path path;
        final String name;
        final FileSource parent;
        final int savedIncludeCheck;
        private final InputStream in;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        private final ByteBuffer bytes = ByteBuffer.allocate(8192);
        private final CharBuffer chars = CharBuffer.allocate(8192);
        private boolean eof;
        private int lineNo;

        FileSource(Path path, String name, FileSource parent, InputStream in, int savedIncludeCheck) {
            this.path = path;
            this.name = name;
            this.parent = parent;
            this.in = in;
            this.savedIncludeCheck = savedIncludeCheck;
            bytes.flip();
            chars.flip();
        }

        @Override
        Raw next() {
            if (eof && !chars.hasRemaining()) {
                return null;
            }
            StringBuilder sb = null;
            char[] whole = null;
            boolean tooLong = false;
            boolean any = false;
            boolean ended = false;
            while (!ended) {
                if (!chars.hasRemaining()) {
                    if (!fill()) {
                        break;
                    }
                    continue;
                }
                char[] a = chars.array();
                int pos = chars.position();
                int lim = chars.limit();
                int nl = pos;
                while (nl < lim && a[nl] != '\n') {
                    nl++;
                }
                any = true;
                int take = nl - pos;
                if (sb == null && nl < lim && take <= limits.maxLineLength()) {
                    whole = java.util.Arrays.copyOfRange(a, pos, nl);
                    chars.position(nl + 1);
                    break;
                }
                if (sb == null) {
                    sb = new StringBuilder(Math.min(take + 16, limits.maxLineLength()));
                }
                int room = limits.maxLineLength() - sb.length();
                if (take > room) {
                    tooLong = true;
                    take = Math.max(room, 0);
                }
                sb.append(a, pos, take);
                if (nl < lim) {
                    ended = true;
                    chars.position(nl + 1);
                } else {
                    chars.position(lim);
                }
            }
            if (!any) {
                return null;
            }
            lineNo++;
            if (whole == null) {
                whole = new char[sb.length()];
                sb.getChars(0, sb.length(), whole, 0);
            }
            int len = whole.length;
            while (len > 0 && (whole[len - 1] == '\r' || whole[len - 1] == '\n')) {
                len--;
            }
            SourceLocation at = SourceLocation.of(name, lineNo, 1);
            if (tooLong) {
                diags.error(at.withColumn(limits.maxLineLength()), "line longer than " + limits.maxLineLength()
                        + " characters: the rest of it is ignored");
            }
            return new Raw(new PText(whole, len, 1), at, true);
        }

        private boolean fill() {
            if (eof) {
                return false;
            }
            chars.clear();
            try {
                bytes.compact();
                int r = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (r > 0) {
                    bytes.position(bytes.position() + r);
                    bytesRead += r;
                    if (bytesRead > limits.maxInputBytes()) {
                        diags.error(SourceLocation.of(name, lineNo + 1, 1), "more than " + limits.maxInputBytes()
                                + " bytes of config read; stopping");
                        aborted = true;
                        r = -1;
                    }
                }
                bytes.flip();
                if (r < 0) {
                    eof = true;
                    decoder.decode(bytes, chars, true);
                    decoder.flush(chars);
                } else {
                    decoder.decode(bytes, chars, false);
                }
            } catch (IOException e) {
                diags.error(SourceLocation.of(name, lineNo + 1, 1), "error reading the file: " + e.getMessage());
                eof = true;
            }
            chars.flip();
            return chars.hasRemaining() || !eof;
        }

        @Override
        void close() {
            try {
                in.close();
            } catch (IOException e) {
                // nothing to do: the file was only read
            }
        }
    }

    /** The remaining lines of a multiline parameter, all pointing at the place of use. */
    private static final class LinesSource extends Source {
        private final Iterator<String> it;
        private final SourceLocation at;

        LinesSource(List<String> lines, SourceLocation at) {
            this.it = List.copyOf(lines).iterator();
            this.at = at;
        }

        @Override
        Raw next() {
            return it.hasNext() ? new Raw(PText.at(it.next(), at.column()), at, false) : null;
        }
    }

    /** The lines of a {@code ~SEQ}: sets the variable, then gives the rest of the line again. */
    private final class SeqSource extends Source {
        private final String var;
        private final long step;
        private final long end;
        private final boolean hex;
        private final PText text;
        private final SourceLocation at;
        private long next;
        private boolean done;

        SeqSource(String var, long start, long step, long end, boolean hex, PText text, SourceLocation at) {
            this.var = var;
            this.next = start;
            this.step = step;
            this.end = end;
            this.hex = hex;
            this.text = text;
            this.at = at;
        }

        @Override
        Raw next() {
            if (done) {
                return null;
            }
            setDefinition(var, hex ? Long.toHexString(next) : Long.toString(next), at);
            long cur = next;
            next += step;
            if ((step > 0 && (next > end || next < cur)) || (step < 0 && (next < end || next > cur))) {
                done = true;
            }
            return new Raw(text.sub(0, text.length()), at, false);
        }
    }

    /** The lines of a {@code ~LST}: sets the variables of one value set, then gives the rest of the line again. */
    private final class ListSource extends Source {
        private final List<String> vars;
        private final Iterator<List<String>> sets;
        private final PText text;
        private final SourceLocation at;

        ListSource(List<String> vars, List<List<String>> sets, PText text, SourceLocation at) {
            this.vars = vars;
            this.sets = sets.iterator();
            this.text = text;
            this.at = at;
        }

        @Override
        Raw next() {
            if (!sets.hasNext()) {
                return null;
            }
            List<String> values = sets.next();
            for (int i = 0; i < vars.size(); i++) {
                setDefinition(vars.get(i), values.get(i), at);
            }
            return new Raw(text.sub(0, text.length()), at, false);
        }
    }
}
