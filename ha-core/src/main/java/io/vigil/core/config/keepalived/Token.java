package io.vigil.core.config.keepalived;

import io.vigil.core.config.SourceLocation;

/**
 * One word of a config line, as keepalived splits it: white space separates words, a double-quoted string is one
 * word without its quotes ({@code quoted} is then true).
 */
public record Token(String text, boolean quoted, SourceLocation location) {

    public boolean is(String s) {
        return !quoted && text.equals(s);
    }

    @Override
    public String toString() {
        return quoted ? '"' + text + '"' : text;
    }
}
