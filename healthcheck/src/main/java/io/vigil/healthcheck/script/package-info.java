/**
 * Running external scripts (MISC_CHECK, vrrp_script) off the event loop: a small bounded pool, a hard time limit
 * that kills the script's whole process group, the configured user, and enable_script_security.
 */
package io.vigil.healthcheck.script;
