/**
 * The configuration of a director: immutable records, every node with its {@link io.vigil.core.config.SourceLocation},
 * holding effective values (keepalived's defaults and global defaults applied). Read with
 * {@link io.vigil.core.config.ConfigLoader#load}, compared for a reload with
 * {@link io.vigil.core.config.ConfigDiff#between}, checked against the machine's interfaces with
 * {@link io.vigil.core.config.InterfaceCheck#check}.
 */
package io.vigil.core.config;
