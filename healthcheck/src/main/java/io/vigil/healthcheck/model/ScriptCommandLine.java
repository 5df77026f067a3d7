package io.vigil.healthcheck.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a script line the way keepalived does: on white space, with '...' or "..." grouping words (quotes
 * removed) and backslash escaping the next character. No shell is involved, so no expansion happens.
 */
public final class ScriptCommandLine {

    private ScriptCommandLine() {
    }

    /** @throws IllegalArgumentException on an unterminated quote or an empty line */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated " + quote + " in script line: " + line);
        }
        if (inWord) {
            out.add(cur.toString());
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("empty script line");
        }
        return List.copyOf(out);
    }
}
