package io.vigil.core.config.tree;

import io.vigil.core.config.SourceLocation;
import java.util.List;
import java.util.Map;

/** A node of a parsed document with its position: what {@link ModelReader} reads, whatever the syntax. */
public interface TreeNode {

    enum Kind { MAP, LIST, SCALAR, NULL }

    Kind kind();

    SourceLocation location();

    /** The text of a scalar. */
    String scalar();

    /** The entries of a mapping, in order; keys are scalars. */
    List<Map.Entry<String, TreeNode>> entries();

    /** The items of a list. */
    List<TreeNode> items();
}
