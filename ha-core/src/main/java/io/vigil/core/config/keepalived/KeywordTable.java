package io.vigil.core.config.keepalived;

import io.vigil.core.config.Setting;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keywords of one kind of block and what each does, in the spirit of keepalived's {@code install_keyword}
 * tables: the grammar of a block reads top to bottom in one place. Dispatch checks that a keyword has a block when
 * it needs one and none when it takes none, reports unknown keywords as warnings with a "did you mean", and reports
 * once per load each keyword vigil reads but does not act on.
 *
 * @param <S> the mutable state the handlers fill while reading one block
 */
final class KeywordTable<S> {

    /** Whether a keyword is followed by a {@code { }} block. */
    enum Shape { LINE, BLOCK, EITHER }

    @FunctionalInterface
    interface Handler<S> {
        void handle(S state, Node node, ParseContext ctx);
    }

    /** States that keep the keywords read but not typed. */
    interface Keeper {
        List<Setting> settings();
    }

    private record Entry<S>(Shape shape, Handler<S> handler, boolean acted, String deprecatedFor) {
    }

    private final String blockName;
    private final Map<String, Entry<S>> entries = new LinkedHashMap<>();

    KeywordTable(String blockName) {
        this.blockName = blockName;
    }

    String blockName() {
        return blockName;
    }

    Set<String> keywords() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    boolean knows(String keyword) {
        return entries.containsKey(keyword);
    }

    /** A keyword vigil acts on, written on one line. */
    KeywordTable<S> line(String keyword, Handler<S> h) {
        return put(keyword, new Entry<>(Shape.LINE, h, true, null));
    }

    /** A keyword vigil acts on, followed by a block. */
    KeywordTable<S> block(String keyword, Handler<S> h) {
        return put(keyword, new Entry<>(Shape.BLOCK, h, true, null));
    }

    /** A keyword that may or may not have a block. */
    KeywordTable<S> either(String keyword, Handler<S> h) {
        return put(keyword, new Entry<>(Shape.EITHER, h, true, null));
    }

    /** A keyword read into the model but not acted on yet: reported once per load. */
    KeywordTable<S> inactive(String keyword, Shape shape, Handler<S> h) {
        return put(keyword, new Entry<>(shape, h, false, null));
    }

    /** A deprecated spelling: works like {@code replacement}, with a warning naming it. */
    KeywordTable<S> deprecated(String keyword, String replacement, Shape shape, Handler<S> h) {
        return put(keyword, new Entry<>(shape, h, true, replacement));
    }

    /**
     * A keyword kept as a {@link Setting} (the state must be a {@link Keeper}) after {@code check} validated its
     * arguments; not acted on.
     */
    KeywordTable<S> kept(String keyword, Handler<Node> check) {
        return put(keyword, new Entry<>(Shape.LINE, (s, n, c) -> {
            check.handle(n, n, c);
            List<String> args = new ArrayList<>();
            n.args().forEach(t -> args.add(t.text()));
            ((Keeper) s).settings().add(new Setting(n.name(), args, n.location()));
        }, false, null));
    }

    private KeywordTable<S> put(String keyword, Entry<S> e) {
        if (entries.put(keyword, e) != null) {
            throw new IllegalStateException("keyword " + keyword + " twice in " + blockName);
        }
        return this;
    }

    /** Applies the handler of each statement of a block. */
    void dispatch(S state, List<Node> nodes, ParseContext ctx, String where) {
        for (Node n : nodes) {
            dispatch(state, n, ctx, where);
        }
    }

    void dispatch(S state, Node n, ParseContext ctx, String where) {
        Entry<S> e = entries.get(n.name());
        if (e == null || n.keyword().quoted()) {
            if (ctx.diags.isFull()) {
                ctx.diags.warning(n.location(), "unknown keyword");
                return;
            }
            String hint = ParseContext.suggest(n.name(), entries.keySet());
            ctx.warning(n, "unknown keyword '" + n.name() + "' in " + where
                    + (hint != null ? ": did you mean '" + hint + "'?" : "")
                    + (n.hasBlock() ? " (its block is skipped)" : ""));
            return;
        }
        if (e.shape == Shape.BLOCK && !n.hasBlock()) {
            ctx.error(n, "'" + n.name() + "' needs a block: " + n.name() + " { ... }");
            return;
        }
        if (e.shape == Shape.LINE && n.hasBlock()) {
            ctx.error(n, "'" + n.name() + "' takes no block: remove the '{ ... }' after it");
            return;
        }
        if (e.deprecatedFor != null) {
            String use = e.deprecatedFor.contains(" ") ? e.deprecatedFor : "'" + e.deprecatedFor + "'";
            ctx.diags.warningOnce("deprecated:" + n.name(), n.location(), "'" + n.name() + "' is deprecated: use "
                    + use + " instead (reported once)");
        }
        if (!e.acted) {
            ctx.notActedOn(blockName.startsWith("the ") ? "" : blockName, n);
        }
        e.handler.handle(state, n, ctx);
    }
}
