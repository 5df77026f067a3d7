package io.vigil.core.config.yaml;

import io.vigil.core.config.Diagnostics;
import io.vigil.core.config.GlobalDefs;
import io.vigil.core.config.LoadOptions;
import io.vigil.core.config.SourceLocation;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.config.keepalived.Semantics;
import io.vigil.core.config.tree.ModelDefaults;
import io.vigil.core.config.tree.ModelReader;
import io.vigil.core.config.tree.TreeNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads the YAML form of the config (the form {@code vigil dump-config --format yaml} writes). Safe loading only:
 * the document is composed into nodes and never constructed into objects, any tag beyond the standard scalar and
 * collection tags is refused, aliases and nesting are bounded. The nodes are then read by {@link ModelReader} with
 * line and column for every diagnostic, and the same cross checks as a keepalived.conf run ({@link Semantics}).
 */
public final class YamlConfigReader {

    private static final Set<Tag> STANDARD_TAGS = Set.of(Tag.MAP, Tag.SEQ, Tag.STR, Tag.INT, Tag.BOOL, Tag.FLOAT,
            Tag.NULL, Tag.TIMESTAMP);
    private static final int MAX_NODES = 4_000_000;

    private YamlConfigReader() {
    }

    public static VigilConfig read(Path file, String name, LoadOptions options, Diagnostics diags) {
        SourceLocation top = SourceLocation.of(name, 1, 1);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            diags.error(SourceLocation.of(name, 0, 0), "cannot read config file: " + e.getMessage());
            return null;
        }
        if (size > options.limits().maxInputBytes()) {
            diags.error(top, "file larger than " + options.limits().maxInputBytes() + " bytes");
            return null;
        }
        LoaderOptions lo = new LoaderOptions();
        lo.setAllowDuplicateKeys(false);
        lo.setAllowRecursiveKeys(false);
        lo.setMaxAliasesForCollections(20);
        lo.setNestingDepthLimit(options.limits().maxNesting());
        lo.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, Math.max(size * 2, 1024)));
        Yaml yaml = new Yaml(new SafeConstructor(lo), new Representer(new DumperOptions()), new DumperOptions(), lo);
        Node root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = yaml.compose(r);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            diags.error(m == null ? top : SourceLocation.of(name, m.getLine() + 1, m.getColumn() + 1),
                    "YAML: " + (e.getProblem() != null ? e.getProblem() : e.getMessage()));
            return null;
        } catch (YAMLException | IOException e) {
            diags.error(top, "YAML: " + e.getMessage());
            return null;
        }
        if (root == null) {
            diags.error(top, "the YAML document is empty");
            return null;
        }
        Adapter adapter = new Adapter(name, diags, options.limits().maxNesting() * 4);
        TreeNode tree = adapter.convert(root, 0);
        if (tree == null || adapter.failed) {
            return null;
        }
        if (tree.kind() != TreeNode.Kind.MAP) {
            diags.error(tree.location(), "a vigil config is a mapping (global_defs:, vrrp_instances:, ...)");
            return null;
        }
        GlobalDefs g = GlobalDefs.DEFAULTS;
        for (Map.Entry<String, TreeNode> e : tree.entries()) {
            if (e.getKey().equals("global_defs")) {
                g = new ModelReader(diags, ModelDefaults.BASE).read(e.getValue(), GlobalDefs.class);
                if (g == null) {
                    return null;
                }
            }
        }
        VigilConfig config = new ModelReader(diags, ModelDefaults.forGlobals(g))
                .provide(VigilConfig.class, "globalDefs", g).read(tree, VigilConfig.class);
        if (config == null) {
            return null;
        }
        return Semantics.check(config, diags);
    }

    /** Turns the composed YAML nodes into {@link TreeNode}s, refusing unsafe tags, cycles and runaway size. */
    private static final class Adapter {
        private final String file;
        private final Diagnostics diags;
        private final int maxDepth;
        private final Set<Node> path = Collections.newSetFromMap(new IdentityHashMap<>());
        private int nodes;
        boolean failed;

        Adapter(String file, Diagnostics diags, int maxDepth) {
            this.file = file;
            this.diags = diags;
            this.maxDepth = maxDepth;
        }

        TreeNode convert(Node n, int depth) {
            SourceLocation at = SourceLocation.of(file, n.getStartMark().getLine() + 1,
                    n.getStartMark().getColumn() + 1);
            if (++nodes > MAX_NODES) {
                if (!failed) {
                    diags.error(at, "the YAML document has more than " + MAX_NODES + " nodes (with aliases expanded)");
                }
                failed = true;
                return null;
            }
            if (depth > maxDepth || !path.add(n)) {
                diags.error(at, depth > maxDepth ? "YAML nested too deeply" : "YAML alias refers to itself");
                failed = true;
                return null;
            }
            try {
                if (!STANDARD_TAGS.contains(n.getTag())) {
                    diags.error(at, "YAML tag " + n.getTag() + " is not allowed (plain values, lists and mappings"
                            + " only)");
                    failed = true;
                    return null;
                }
                if (n instanceof ScalarNode s) {
                    if (n.getTag().equals(Tag.NULL)) {
                        return new Tree(TreeNode.Kind.NULL, at, null, List.of(), List.of());
                    }
                    return new Tree(TreeNode.Kind.SCALAR, at, s.getValue(), List.of(), List.of());
                }
                if (n instanceof SequenceNode s) {
                    List<TreeNode> items = new ArrayList<>();
                    for (Node item : s.getValue()) {
                        TreeNode t = convert(item, depth + 1);
                        if (t == null) {
                            return null;
                        }
                        items.add(t);
                    }
                    return new Tree(TreeNode.Kind.LIST, at, null, List.of(), items);
                }
                MappingNode m = (MappingNode) n;
                List<Map.Entry<String, TreeNode>> entries = new ArrayList<>();
                for (NodeTuple t : m.getValue()) {
                    if (!(t.getKeyNode() instanceof ScalarNode k)) {
                        diags.error(at, "a mapping key must be a plain word");
                        failed = true;
                        return null;
                    }
                    TreeNode v = convert(t.getValueNode(), depth + 1);
                    if (v == null) {
                        return null;
                    }
                    entries.add(new AbstractMap.SimpleImmutableEntry<>(k.getValue(), v));
                }
                return new Tree(TreeNode.Kind.MAP, at, null, entries, List.of());
            } finally {
                path.remove(n);
            }
        }
    }

    private record Tree(Kind kind, SourceLocation location, String scalar, List<Map.Entry<String, TreeNode>> entries,
                        List<TreeNode> items) implements TreeNode {
    }
}
