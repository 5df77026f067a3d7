package io.vigil.core.config.keepalived;

import io.vigil.core.config.SourceLocation;
import java.util.List;

/**
 * One logical line after preprocessing (comments, conditionals, parameters, sequences, includes and the splitting
 * at braces): its words, its text (some keywords re-read it with shell-like quoting, as keepalived does) and where
 * it starts.
 */
public record Line(List<Token> tokens, String text, SourceLocation location) {

    public Line {
        tokens = List.copyOf(tokens);
    }

    public boolean isOpenBrace() {
        return tokens.size() == 1 && tokens.get(0).is("{");
    }

    public boolean isCloseBrace() {
        return tokens.size() == 1 && tokens.get(0).is("}");
    }
}
