/**
 * The input of the health-check engine: immutable records that describe what to check, named after keepalived's
 * keywords ({@code keepalived.conf(5)}) with keepalived's defaults, so that mapping the project's config model to
 * them is a thin function.
 */
package io.vigil.healthcheck.model;
