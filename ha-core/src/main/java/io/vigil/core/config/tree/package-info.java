/**
 * The config model as a tree of maps and lists, derived from the records by reflection: the one form behind
 * {@code dump-config} (JSON and YAML) and the YAML reader, with one table of defaults for both directions.
 */
package io.vigil.core.config.tree;
