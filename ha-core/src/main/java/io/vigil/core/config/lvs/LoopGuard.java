package io.vigil.core.config.lvs;

import java.util.Locale;

/**
 * {@code vigil_loop_guard auto|on|off} (global_defs, virtual_server): whether vigil's fwmark rule manager guards a
 * virtual service against the master/backup loop. When both directors are also real servers of a DR (or TUN)
 * service, a packet the master balances to the backup is balanced again by the backup's own rules and may come
 * back; a guarded service is balanced only for packets whose source MAC is not the peer director's.
 */
public enum LoopGuard {
    /** Guard a DR/TUN service when one of its real servers is an address of this director (the default). */
    AUTO,
    /** Always guard the service (its DR/TUN part). */
    ON,
    /** Never guard it. */
    OFF;

    /** {@code auto}, {@code on}, {@code off} (any case), or {@code null}. */
    public static LoopGuard parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "on", "yes", "true" -> ON;
            case "off", "no", "false" -> OFF;
            default -> null;
        };
    }
}
