/**
 * Netlink in pure Java, family-independent: messages and attributes over {@code ByteBuffer}
 * ({@link io.vigil.kernel.netlink.NlMessage}, {@link io.vigil.kernel.netlink.NlAttributes},
 * {@link io.vigil.kernel.netlink.NlWriter}), requests and their acks with extended-ack messages
 * ({@link io.vigil.kernel.netlink.NlRequest}, {@link io.vigil.kernel.netlink.NlReply}), a socket with sequence
 * numbers, batches and dumps ({@link io.vigil.kernel.netlink.NetlinkSocket}), and the generic netlink controller
 * ({@link io.vigil.kernel.netlink.GenericNetlink}) that IPVS will need. Constants from {@code <linux/netlink.h>}.
 */
package io.vigil.kernel.netlink;
