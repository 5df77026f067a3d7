/**
 * The pure part of health checking: per-checker retry/delay logic, the per-real-server verdict (all checkers must
 * pass, dynamic weights), rise/fall of tracked scripts and the priority effect of trackers. Functions of their
 * inputs only: no clock, no I/O, tested as tables.
 */
package io.vigil.healthcheck.state;
