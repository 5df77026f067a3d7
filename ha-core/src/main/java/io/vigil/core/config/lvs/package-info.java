/**
 * The LVS part of the config model: virtual server groups, virtual servers, real and sorry servers and their health
 * checkers, with keepalived's defaults resolved (a value given on a virtual server is the default of its real servers,
 * a real server's value the default of its checkers; the checker records hold the effective values).
 */
package io.vigil.core.config.lvs;
