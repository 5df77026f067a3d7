/**
 * The VRRP wire layer, pure Java and free of sockets: the advertisement value ({@link
 * io.vigil.vrrp.packet.VrrpAdvertisement}), its encoder ({@link io.vigil.vrrp.packet.VrrpEncoder}, {@link
 * io.vigil.vrrp.packet.AdvertTemplate} for the per-interval send path), the decoder of whole received IP packets
 * with the receive checks of RFC 3768 / 5798 / 9568 §7.1 and errata 8299-8301 ({@link
 * io.vigil.vrrp.packet.VrrpDecoder}), and the instance-level checks ({@link
 * io.vigil.vrrp.packet.ReceiveExpectations}). Every reason a packet is refused is one {@link
 * io.vigil.vrrp.packet.RejectReason}, with a stable metrics label.
 *
 * <p>Reference: {@code shared/notes/vrrp-standards.md} (§1 formats, §1.5 checksums, §3 receive validation, §5
 * keepalived deviations).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3768">RFC 3768 (VRRPv2)</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9568">RFC 9568 (VRRPv3)</a>
 */
package io.vigil.vrrp.packet;
