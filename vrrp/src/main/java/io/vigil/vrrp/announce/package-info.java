/**
 * Whole Ethernet frames that announce a virtual address after a takeover (RFC 9568 §6.4.1/§8.1.2/§8.2.2,
 * vrrp-standards.md §4): gratuitous ARP for IPv4, unsolicited neighbour advertisements for IPv6, and the
 * link-layer multicast addresses a receiver joins. The runtime sends the frames with {@code
 * PacketSocket.sendFrames}; nothing here touches a socket.
 */
package io.vigil.vrrp.announce;
