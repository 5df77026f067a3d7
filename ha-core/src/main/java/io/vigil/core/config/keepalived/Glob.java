package io.vigil.core.config.keepalived;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The file name expansion keepalived gets from glob(3) with GLOB_BRACE for {@code include}: csh-style braces
 * (expanded first, across '/'), then {@code *}, {@code ?} and {@code [...]} per path segment; a leading '.' is only
 * matched explicitly; matches are sorted per brace alternative.
 */
final class Glob {

    /** What one pattern gave. */
    record Result(List<Path> matches, boolean hadWildcards, boolean missing) {
    }

    private static final int MAX_BRACE_EXPANSIONS = 4096;
    private static final int MAX_MATCHES = 100_000;

    private Glob() {
    }

    static boolean hasWildcards(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    /** csh-style brace expansion: {@code a{b,c}d} gives {@code abd acd}; braces without a comma are literal. */
    static List<String> expandBraces(String pattern) {
        List<String> out = new ArrayList<>();
        expand(pattern, out);
        return out;
    }

    private static void expand(String p, List<String> out) {
        if (out.size() >= MAX_BRACE_EXPANSIONS) {
            return;
        }
        int open = -1;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (c == '{') {
                int close = matchingBrace(p, i);
                if (close < 0) {
                    break;
                }
                List<String> alts = topLevelAlternatives(p, i + 1, close);
                if (alts.size() < 2) {
                    continue;
                }
                open = i;
                String head = p.substring(0, open);
                String tail = p.substring(close + 1);
                for (String alt : alts) {
                    expand(head + alt + tail, out);
                }
                return;
            }
        }
        out.add(p);
    }

    private static int matchingBrace(String p, int open) {
        int depth = 0;
        for (int i = open; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> topLevelAlternatives(String p, int from, int to) {
        List<String> alts = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int i = from; i < to; i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                alts.add(p.substring(start, i));
                start = i + 1;
            }
        }
        alts.add(p.substring(start, to));
        return alts;
    }

    /** Expands one brace-free pattern, relative to {@code base} unless absolute. */
    static Result match(String pattern, Path base) {
        boolean absolute = pattern.startsWith("/");
        String[] segments = pattern.split("/+");
        List<Path> current = new ArrayList<>();
        current.add(absolute ? Path.of("/") : base);
        boolean wild = false;
        boolean missing = false;
        for (int s = 0; s < segments.length; s++) {
            String seg = segments[s];
            if (seg.isEmpty()) {
                continue;
            }
            List<Path> next = new ArrayList<>();
            if (!hasWildcards(seg)) {
                String lit = unescape(seg);
                for (Path dir : current) {
                    Path p = dir.resolve(lit);
                    if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.exists(p)) {
                        next.add(p);
                    } else {
                        missing = true;
                    }
                }
            } else {
                wild = true;
                Pattern re = Pattern.compile(toRegex(seg));
                boolean dotOk = seg.startsWith(".");
                for (Path dir : current) {
                    if (!Files.isDirectory(dir)) {
                        missing = true;
                        continue;
                    }
                    List<Path> found = new ArrayList<>();
                    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                        for (Path e : ds) {
                            String name = e.getFileName().toString();
                            if ((dotOk || !name.startsWith(".")) && re.matcher(name).matches()) {
                                found.add(e);
                                if (found.size() > MAX_MATCHES) {
                                    break;
                                }
                            }
                        }
                    } catch (IOException | SecurityException e) {
                        missing = true;
                    }
                    found.sort(null);
                    next.addAll(found);
                }
            }
            current = next;
            if (current.isEmpty()) {
                break;
            }
        }
        return new Result(List.copyOf(current), wild, missing);
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                c = s.charAt(++i);
            }
            b.append(c);
        }
        return b.toString();
    }

    private static String toRegex(String seg) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < seg.length(); i++) {
            char c = seg.charAt(i);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '\\' -> {
                    if (i + 1 < seg.length()) {
                        re.append(Pattern.quote(String.valueOf(seg.charAt(++i))));
                    }
                }
                case '[' -> {
                    int close = seg.indexOf(']', i + 2);
                    if (close < 0) {
                        re.append("\\[");
                        break;
                    }
                    String body = seg.substring(i + 1, close);
                    boolean neg = body.startsWith("!") || body.startsWith("^");
                    if (neg) {
                        body = body.substring(1);
                    }
                    StringBuilder cls = new StringBuilder(neg ? "[^" : "[");
                    for (int k = 0; k < body.length(); k++) {
                        char b = body.charAt(k);
                        if (b == '-' && k > 0 && k < body.length() - 1) {
                            cls.append('-');
                        } else if (Character.isLetterOrDigit(b)) {
                            cls.append(b);
                        } else {
                            cls.append('\\').append(b);
                        }
                    }
                    re.append(cls).append(']');
                    i = close;
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
