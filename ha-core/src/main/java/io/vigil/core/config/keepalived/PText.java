package io.vigil.core.config.keepalived;

import java.util.Arrays;

/**
 * A line of text that remembers, for each character, the column it came from in the source line. Comments are
 * stripped, conditionals removed and parameters substituted on this text, and every token still points at the
 * column an operator sees in the file (substituted text points at the {@code $} that produced it).
 */
final class PText {

    private char[] chars;
    /** The column of each character, or {@code null} while it is simply {@code base + i} (most lines). */
    private int[] cols;
    private int base;
    private int len;

    PText(String text, int firstColumn) {
        this(text.toCharArray(), text.length(), firstColumn);
    }

    /** Takes {@code chars} (not copied): {@code len} characters, the first at column {@code firstColumn}. */
    PText(char[] chars, int len, int firstColumn) {
        this.chars = chars;
        this.len = len;
        this.base = firstColumn;
    }

    /** Text whose characters all come from one column (a parameter expansion, a generated line). */
    static PText at(String text, int column) {
        PText t = new PText(text, column);
        t.cols = new int[Math.max(t.len, 1)];
        Arrays.fill(t.cols, 0, t.len, column);
        return t;
    }

    private PText(char[] chars, int[] cols, int base, int len) {
        this.chars = chars;
        this.cols = cols;
        this.base = base;
        this.len = len;
    }

    int length() {
        return len;
    }

    boolean isEmpty() {
        return len == 0;
    }

    char charAt(int i) {
        return chars[i];
    }

    /** The source column of character {@code i}; past the end, the column after the last character. */
    int col(int i) {
        if (cols == null) {
            return base + Math.min(i, len);
        }
        if (i < len) {
            return cols[i];
        }
        return len == 0 ? 1 : cols[len - 1] + 1;
    }

    private void materialize() {
        if (cols == null) {
            cols = new int[Math.max(chars.length, 1)];
            for (int i = 0; i < cols.length; i++) {
                cols[i] = base + i;
            }
        }
    }

    int indexOf(char c, int from) {
        for (int i = Math.max(from, 0); i < len; i++) {
            if (chars[i] == c) {
                return i;
            }
        }
        return -1;
    }

    boolean startsWith(String s) {
        if (s.length() > len) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (chars[i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    String substring(int from, int to) {
        return new String(chars, from, to - from);
    }

    PText sub(int from, int to) {
        char[] c = Arrays.copyOfRange(chars, from, Math.max(to, from + 1));
        if (cols == null) {
            return new PText(c, null, base + from, to - from);
        }
        return new PText(c, Arrays.copyOfRange(cols, from, Math.max(to, from + 1)), 0, to - from);
    }

    void delete(int from, int to) {
        System.arraycopy(chars, to, chars, from, len - to);
        if (cols == null && from == 0) {
            base += to;
        } else {
            materialize();
            System.arraycopy(cols, to, cols, from, len - to);
        }
        len -= to - from;
    }

    /** Replaces {@code [from, to)} with {@code text}, whose characters take column {@code column}. */
    void replace(int from, int to, String text, int column) {
        materialize();
        int n = text.length();
        int newLen = len - (to - from) + n;
        if (newLen > chars.length) {
            int cap = Math.max(newLen, chars.length * 2);
            chars = Arrays.copyOf(chars, cap);
            cols = Arrays.copyOf(cols, cap);
        }
        System.arraycopy(chars, to, chars, from + n, len - to);
        System.arraycopy(cols, to, cols, from + n, len - to);
        for (int i = 0; i < n; i++) {
            chars[from + i] = text.charAt(i);
            cols[from + i] = column;
        }
        len = newLen;
    }

    void truncate(int newLen) {
        len = Math.min(len, newLen);
    }

    void append(char c, int column) {
        if (cols == null && column == base + len && len < chars.length) {
            chars[len++] = c;
            return;
        }
        replace(len, len, String.valueOf(c), column);
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** keepalived's white space: blanks, form feed, vertical tab and stray line ends. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == 0x0b || c == '\r' || c == '\n';
    }

    void stripLeadingBlanks() {
        int i = 0;
        while (i < len && isBlank(chars[i])) {
            i++;
        }
        if (i > 0) {
            delete(0, i);
        }
    }

    void stripTrailingBlanks() {
        while (len > 0 && isBlank(chars[len - 1])) {
            len--;
        }
    }

    @Override
    public String toString() {
        return new String(chars, 0, len);
    }
}
