/** The YAML form of the config: safe reading (nodes only, standard tags, bounded aliases) and writing. */
package io.vigil.core.config.yaml;
