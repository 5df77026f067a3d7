package io.vigil.core.config.keepalived;

import io.vigil.core.config.SourceLocation;
import java.util.List;

/**
 * One statement of a keepalived config: a line (keyword and arguments) and, when a {@code { ... }} block follows it,
 * the statements inside. Inside value blocks ({@code virtual_ipaddress}, {@code track_interface}...) the "keyword"
 * is simply the first word of a data line.
 *
 * @param children the block's statements, or {@code null} when no block follows the line
 */
public record Node(Line line, List<Node> children) {

    public Node {
        if (children != null) {
            children = List.copyOf(children);
        }
    }

    public Token keyword() {
        return line.tokens().get(0);
    }

    /** The keyword's text. */
    public String name() {
        return keyword().text();
    }

    /** The words after the keyword. */
    public List<Token> args() {
        return line.tokens().subList(1, line.tokens().size());
    }

    public int argCount() {
        return line.tokens().size() - 1;
    }

    /** Argument {@code i} (0 is the first after the keyword), or {@code null}. */
    public Token arg(int i) {
        return i + 1 < line.tokens().size() ? line.tokens().get(i + 1) : null;
    }

    public boolean hasBlock() {
        return children != null;
    }

    public SourceLocation location() {
        return keyword().location();
    }
}
