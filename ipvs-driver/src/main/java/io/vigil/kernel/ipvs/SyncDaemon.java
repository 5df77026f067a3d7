package io.vigil.kernel.ipvs;

import io.vigil.core.net.AddressFamily;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An IPVS connection synchronisation daemon ({@code lvs_sync_daemon INTERFACE VRRP_INSTANCE [id SYNC_ID]
 * [maxlen LEN] [port PORT] [ttl TTL] [group IP]} in keepalived): the master sends the state of its connections to a
 * multicast group, the backup installs them, so established connections survive a failover. keepalived runs the
 * master daemon on the VRRP master and the backup daemon on the backup (in keepalived 2.x both run, always).
 *
 * @param state     master (sends) or backup (receives)
 * @param interfaceName the multicast interface ({@code lvs_sync_daemon INTERFACE})
 * @param syncId    {@code id}, 0..255 (0: any on a backup)
 * @param maxLength {@code maxlen}: largest sync payload, 0 for the kernel's default (from the MTU)
 * @param group     {@code group}: the multicast group, {@code null} for the default 224.0.0.81
 * @param port      {@code port}: UDP port, 0 for the default 8848
 * @param ttl       {@code ttl}: multicast TTL, 0 for the default 1
 */
public record SyncDaemon(State state, String interfaceName, int syncId, int maxLength, InetAddress group, int port,
                         int ttl) {

    public enum State {
        MASTER(Ipvs.STATE_MASTER), BACKUP(Ipvs.STATE_BACKUP);

        private final int value;

        State(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }
    }

    public SyncDaemon {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(interfaceName, "interfaceName");
        if (interfaceName.isEmpty() || interfaceName.length() > 15) {
            throw new IllegalArgumentException("not an interface name: '" + interfaceName + "'");
        }
        if (syncId < 0 || syncId > 255) {
            throw new IllegalArgumentException("sync id out of range (0..255): " + syncId);
        }
        if (maxLength < 0 || maxLength > 65535 || port < 0 || port > 65535 || ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("sync daemon maxlen, port or ttl out of range");
        }
        if (group != null && !group.isMulticastAddress()) {
            throw new IllegalArgumentException("sync group " + group.getHostAddress() + " is not multicast");
        }
    }

    /** A daemon with the kernel's defaults. */
    public static SyncDaemon of(State state, String interfaceName, int syncId) {
        return new SyncDaemon(state, interfaceName, syncId, 0, null, 0, 0);
    }

    public AddressFamily groupFamily() {
        return group == null ? AddressFamily.INET : AddressFamily.of(group);
    }
}
