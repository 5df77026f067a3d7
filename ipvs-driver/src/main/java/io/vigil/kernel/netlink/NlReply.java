package io.vigil.kernel.netlink;

import io.vigil.core.port.KernelException;
import io.vigil.kernel.nativ.Errnos;
import java.util.List;
import java.util.Objects;

/**
 * The kernel's answer to one request: the messages it sent back (a GET's reply, a dump's parts) and the final
 * status from its ack or NLMSG_DONE.
 *
 * @param request  the request
 * @param status   the ack / done status (errno 0 on success)
 * @param messages the non-control messages answering it, in order
 */
public record NlReply(NlRequest request, NlError status, List<NlMessage> messages) {

    public NlReply {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(status, "status");
        messages = List.copyOf(messages);
    }

    public boolean ok() {
        return status.errno() == 0;
    }

    public int errno() {
        return status.errno();
    }

    /**
     * The failure as an exception naming the request, with the kernel's extended-ack message when it sent one,
     * e.g. {@code RTM_NEWLINK vrrp.5: EINVAL (22): Invalid argument; kernel says: mtu greater than device maximum
     * (attribute at offset 32)}.
     */
    public KernelException exception() {
        return exception(request.description(), status);
    }

    public static KernelException exception(String operation, NlError status) {
        return new KernelException(operation, status.errno(), Errnos.name(status.errno()), detail(status));
    }

    /** The errno's text, then the extended ack: "File exists; kernel says: ... (attribute at offset 32)". */
    public static String detail(NlError status) {
        String text = Errnos.describe(status.errno());
        StringBuilder detail = new StringBuilder(text == null ? "" : text);
        if (status.message() != null) {
            detail.append(detail.length() > 0 ? "; " : "").append("kernel says: ").append(status.message());
        }
        if (status.attributeOffset() >= 0) {
            detail.append(" (attribute at offset ").append(status.attributeOffset()).append(')');
        }
        return detail.toString();
    }

    /** Throws {@link #exception()} unless the request succeeded; returns this for chaining. */
    public NlReply check() throws KernelException {
        if (!ok()) {
            throw exception();
        }
        return this;
    }
}
