package io.vigil.core.config.keepalived;

import io.vigil.core.config.Diagnostics;
import io.vigil.core.config.SourceLocation;
import java.util.ArrayList;
import java.util.List;

/**
 * Second stage: groups the {@link Line}s of the {@link Preprocessor} into statements and blocks, one top-level
 * statement at a time (a long config is never held whole in memory). A {@code {} always opens the block of the line
 * before it, wherever the brace stands.
 *
 * <p>Brace errors name the block left open, which keepalived does not ("There are 1 missing '}'s"): when a
 * {@code }} closes a block but is indented like the block's parent, the report points at that inner block, the
 * likely place of the missing brace.
 */
public final class BlockReader {

    private final Preprocessor pre;
    private final Diagnostics diags;
    private final int maxNesting;
    private Line peeked;
    /** A block whose closing brace was indented less than its opening keyword (the first such, this top level). */
    private Suspect suspect;

    private record Suspect(Node opener, SourceLocation closedAt, Line parent) {
    }

    public BlockReader(Preprocessor pre, Diagnostics diags, int maxNesting) {
        this.pre = pre;
        this.diags = diags;
        this.maxNesting = maxNesting;
    }

    /** The next top-level statement with its block, or {@code null} at the end. */
    public Node next() {
        while (true) {
            Line line = take();
            if (line == null) {
                return null;
            }
            if (line.isCloseBrace()) {
                diags.error(line.location(), "unexpected '}': no block is open here");
                continue;
            }
            if (line.isOpenBrace()) {
                diags.error(line.location(), "unexpected '{': a block must follow a keyword");
                skipBlock();
                continue;
            }
            suspect = null;
            return statement(line, null, 1);
        }
    }

    private Node statement(Line line, Line parent, int depth) {
        Line nextLine = peek();
        if (nextLine == null || !nextLine.isOpenBrace()) {
            return new Node(line, null);
        }
        take();
        if (depth > maxNesting) {
            diags.error(nextLine.location(), "blocks nested deeper than " + maxNesting + " levels: this block is"
                    + " skipped");
            skipBlock();
            return new Node(line, List.of());
        }
        List<Node> children = new ArrayList<>();
        while (true) {
            Line l = take();
            if (l == null) {
                reportUnclosed(line);
                return new Node(line, children);
            }
            if (l.isCloseBrace()) {
                SourceLocation kw = line.location();
                if (suspect == null && parent != null && l.location().column() < kw.column()
                        && l.location().file().equals(kw.file())) {
                    suspect = new Suspect(new Node(line, null), l.location(), parent);
                }
                return new Node(line, children);
            }
            if (l.isOpenBrace()) {
                diags.error(l.location(), "unexpected '{': a block must follow a keyword");
                skipBlock();
                continue;
            }
            children.add(statement(l, line, depth + 1));
        }
    }

    private boolean reportedUnclosed;

    private void reportUnclosed(Line block) {
        if (reportedUnclosed) {
            return;
        }
        reportedUnclosed = true;
        if (suspect != null) {
            Line inner = suspect.opener().line();
            diags.error(inner.location(), "block '" + describe(inner) + "' is not closed: the '}' at line "
                    + suspect.closedAt().line() + " column " + suspect.closedAt().column()
                    + " is indented like '" + describe(suspect.parent()) + "' (line "
                    + suspect.parent().location().line() + ") and closes this block instead;"
                    + " add a '}' before line " + suspect.closedAt().line());
        } else {
            diags.error(block.location(), "block '" + describe(block) + "' opened here is never closed:"
                    + " a '}' is missing");
        }
    }

    private static String describe(Line l) {
        List<Token> t = l.tokens();
        StringBuilder b = new StringBuilder(t.get(0).text());
        for (int i = 1; i < Math.min(t.size(), 3); i++) {
            b.append(' ').append(t.get(i).text());
        }
        return b.toString();
    }

    /** Skips to the brace matching a '{' just taken. */
    private void skipBlock() {
        int depth = 1;
        while (depth > 0) {
            Line l = take();
            if (l == null) {
                return;
            }
            if (l.isOpenBrace()) {
                depth++;
            } else if (l.isCloseBrace()) {
                depth--;
            }
        }
    }

    private Line peek() {
        if (peeked == null) {
            peeked = pre.next();
        }
        return peeked;
    }

    private Line take() {
        Line l = peek();
        peeked = null;
        return l;
    }
}
