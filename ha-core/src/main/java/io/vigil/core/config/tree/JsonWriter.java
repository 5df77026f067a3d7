package io.vigil.core.config.tree;

import java.util.List;
import java.util.Map;

/** A small JSON writer for the {@link ModelTree} form (maps, lists, strings, numbers, booleans), pretty-printed. */
public final class JsonWriter {

    private JsonWriter() {
    }

    public static String write(Object tree) {
        StringBuilder b = new StringBuilder();
        value(tree, b, 0);
        return b.append('\n').toString();
    }

    private static void value(Object v, StringBuilder b, int indent) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String s) {
            string(s, b);
        } else if (v instanceof Number || v instanceof Boolean) {
            b.append(v);
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                b.append("{}");
                return;
            }
            b.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                pad(b, indent + 1);
                string(String.valueOf(e.getKey()), b);
                b.append(": ");
                value(e.getValue(), b, indent + 1);
                b.append(++i < m.size() ? ",\n" : "\n");
            }
            pad(b, indent);
            b.append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                b.append("[]");
                return;
            }
            b.append("[\n");
            for (int i = 0; i < l.size(); i++) {
                pad(b, indent + 1);
                value(l.get(i), b, indent + 1);
                b.append(i + 1 < l.size() ? ",\n" : "\n");
            }
            pad(b, indent);
            b.append(']');
        } else {
            string(v.toString(), b);
        }
    }

    private static void pad(StringBuilder b, int indent) {
        b.append("  ".repeat(indent));
    }

    /** A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped. */
    static void string(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
