/**
 * The keepalived.conf reader: {@link io.vigil.core.config.keepalived.Preprocessor} (includes, comments, quoting,
 * conditionals, parameters, sequences, with a file, line and column for every word), then
 * {@link io.vigil.core.config.keepalived.BlockReader} (statements and blocks), then the keyword tables of
 * GlobalParser, VrrpParser and LvsParser (one table per block, as keepalived's install_keyword), then the checks
 * across blocks ({@link io.vigil.core.config.keepalived.Semantics}). Entry point:
 * {@link io.vigil.core.config.ConfigLoader}.
 */
package io.vigil.core.config.keepalived;
