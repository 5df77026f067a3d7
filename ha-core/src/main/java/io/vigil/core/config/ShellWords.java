package io.vigil.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * keepalived's second way of splitting text into words, used for script command lines and a few other values
 * (keepalived.conf(5), "Quoted strings"): words are separated by unquoted white space; {@code "} and {@code '}
 * quote (the quotes are removed, adjacent quoted and unquoted parts join into one word); a backslash escapes as in
 * the shell: {@code \a \b \E \f \n \r \t \v}, {@code \nnn} (octal, up to 3 digits), {@code \xHH...} (hex),
 * {@code \cC} (control character) and {@code \C} for any other character.
 */
public final class ShellWords {

    private ShellWords() {
    }

    /**
     * Splits {@code text} into words.
     *
     * @throws IllegalArgumentException for an unterminated quote or a backslash at the very end, naming the problem
     */
    public static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && isSpace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            word.setLength(0);
            char quote = 0;
            while (i < n) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i = escape(text, i + 1, word);
                    continue;
                }
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        word.append(c);
                    }
                    i++;
                    continue;
                }
                if (c == '"' || c == '\'') {
                    quote = c;
                    i++;
                    continue;
                }
                if (isSpace(c)) {
                    break;
                }
                word.append(c);
                i++;
            }
            if (quote != 0) {
                throw new IllegalArgumentException("missing terminating " + quote + " in '" + text + "'");
            }
            words.add(word.toString());
        }
        return words;
    }

    private static int escape(String text, int i, StringBuilder out) {
        int n = text.length();
        if (i >= n) {
            throw new IllegalArgumentException("backslash at the end of '" + text + "' escapes nothing");
        }
        char c = text.charAt(i);
        if (c == 'x' && i + 1 < n && Character.digit(text.charAt(i + 1), 16) >= 0) {
            int v = 0;
            i++;
            while (i < n && Character.digit(text.charAt(i), 16) >= 0) {
                v = ((v << 4) | Character.digit(text.charAt(i), 16)) & 0xff;
                i++;
            }
            out.append((char) v);
            return i;
        }
        if (c == 'c' && i + 1 < n) {
            out.append((char) (text.charAt(i + 1) & 0x1f));
            return i + 2;
        }
        if (c >= '0' && c <= '7') {
            int v = 0;
            int digits = 0;
            while (i < n && digits < 3 && text.charAt(i) >= '0' && text.charAt(i) <= '7') {
                v = (v << 3) + (text.charAt(i) - '0');
                i++;
                digits++;
            }
            out.append((char) (v & 0xff));
            return i;
        }
        switch (c) {
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'E' -> out.append('\u001b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'v' -> out.append('\u000b');
            default -> out.append(c);
        }
        return i + 1;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == 0x0b || c == '\r' || c == '\n';
    }
}
