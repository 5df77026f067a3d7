package io.vigil.kernel.nativ;

import java.util.Objects;

/**
 * One message to send: the bytes of a {@code struct msghdr}'s three parts, already encoded in the kernel's layout
 * (native byte order) by the caller.
 *
 * @param name    the destination sockaddr, or an empty array for a connected/bound destination
 * @param data    the payload (one iovec)
 * @param control ancillary data (a sequence of cmsghdr), or an empty array
 */
public record OutMessage(byte[] name, byte[] data, byte[] control) {

    private static final byte[] NONE = new byte[0];

    public OutMessage {
        Objects.requireNonNull(data, "data");
        name = name == null ? NONE : name;
        control = control == null ? NONE : control;
    }
}
