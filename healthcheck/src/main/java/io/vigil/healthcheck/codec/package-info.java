/**
 * Protocol codecs of the checkers as plain functions of bytes (no Channel): the bounded, incremental HTTP/1.x
 * response reader, the SMTP dialogue, the DNS query encoder and response decoder. Hostile input gives a
 * {@link io.vigil.healthcheck.state.Reason} and a detail, never an exception out of a loop.
 */
package io.vigil.healthcheck.codec;
