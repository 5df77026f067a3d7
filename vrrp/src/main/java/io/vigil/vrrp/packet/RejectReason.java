package io.vigil.vrrp.packet;

/**
 * Every reason vigil refuses (or warns about) a received VRRP packet, in one enum so that logs, counters and
 * alerts share one vocabulary. Each has a stable lowercase snake_case {@link #label()}, the value of the {@code
 * reason} label of {@code vigil_vrrp_adverts_invalid_total}; labels never change once released.
 *
 * <p>{@link Stage#PACKET} reasons come from {@link VrrpDecoder} (the packet itself is malformed or illegal);
 * {@link Stage#INSTANCE} reasons from {@link ReceiveExpectations#check} (the packet is well-formed but does not fit
 * the receiving instance). The instance-level reasons {@link #INTERVAL_MISMATCH} (v3), {@link
 * #ADDRESS_LIST_MISMATCH} and {@link #LOCAL_OWNER} are warnings: the packet is still processed.
 *
 * <table>
 * <caption>Labels</caption>
 * <tr><th>label</th><th>meaning</th><th>standard</th></tr>
 * <tr><td>truncated</td><td>shorter than its IP header or than the length the header states</td><td>3768/9568 §7.1 complete packet</td></tr>
 * <tr><td>ip_header</td><td>IPv4 IHL below 5, total length below the header, or a fragment</td><td>RFC 791</td></tr>
 * <tr><td>ip_header_checksum</td><td>IPv4 header checksum wrong</td><td>RFC 791</td></tr>
 * <tr><td>ip_version</td><td>IP version neither 4 nor 6</td><td></td></tr>
 * <tr><td>protocol</td><td>IP protocol / IPv6 next header not 112 (IPv6 extension headers included)</td><td></td></tr>
 * <tr><td>ttl</td><td>TTL / hop limit not 255</td><td>§7.1 (GTSM)</td></tr>
 * <tr><td>packet_length</td><td>VRRP message shorter than 8 bytes, or not the length its address count implies</td><td>§7.1</td></tr>
 * <tr><td>version</td><td>VRRP version not 2 or 3, or VRRPv2 over IPv6</td><td>§7.1</td></tr>
 * <tr><td>type</td><td>type not 1 (ADVERTISEMENT)</td><td>3768 §5.3.2, 9568 §5.2.2</td></tr>
 * <tr><td>address_family</td><td>the addresses are of the other family than the IP header</td><td>9568 §5.2.9</td></tr>
 * <tr><td>checksum</td><td>VRRP checksum wrong in every accepted form</td><td>§7.1</td></tr>
 * <tr><td>unknown_vrid</td><td>VRID 0, or a VRID no instance on the interface has</td><td>§7.1</td></tr>
 * <tr><td>address_count_zero</td><td>VRRPv3 with no address</td><td>9568 §5.2.5, erratum 8299</td></tr>
 * <tr><td>interval_zero</td><td>advertisement interval 0</td><td>erratum 8301</td></tr>
 * <tr><td>first_address_not_link_local</td><td>VRRPv3 over IPv6 whose first address is not link-local</td><td>9568 §5.2.9, erratum 8300</td></tr>
 * <tr><td>auth_type_invalid</td><td>VRRPv2 auth type other than 0, 1, 2</td><td>3768 §5.3.6</td></tr>
 * <tr><td>version_mismatch</td><td>VRRP version differs from the instance's</td><td>§7.1</td></tr>
 * <tr><td>family_mismatch</td><td>address family differs from the instance's</td><td></td></tr>
 * <tr><td>unexpected_multicast</td><td>a multicast advert reached a unicast instance</td><td>keepalived</td></tr>
 * <tr><td>unexpected_unicast</td><td>a unicast advert reached a multicast instance</td><td>keepalived</td></tr>
 * <tr><td>unicast_source</td><td>unicast advert from a source that is not a configured peer</td><td>keepalived check_unicast_src</td></tr>
 * <tr><td>auth_mismatch</td><td>VRRPv2 auth type differs from the instance's</td><td>3768 §5.3.6, §7.1</td></tr>
 * <tr><td>auth_failure</td><td>VRRPv2 PASS password differs</td><td>RFC 2338 §10</td></tr>
 * <tr><td>interval_mismatch</td><td>interval differs: discard for v2, warning for v3</td><td>3768 §7.1; 9568 §7.1</td></tr>
 * <tr><td>address_list_mismatch</td><td>advertised addresses differ from the configured ones (warning)</td><td>§7.1 MAY</td></tr>
 * <tr><td>local_owner</td><td>the local router is the address owner and received an advert (warning)</td><td>erratum 8298</td></tr>
 * </table>
 */
public enum RejectReason {
    TRUNCATED("truncated", Stage.PACKET),
    IP_HEADER("ip_header", Stage.PACKET),
    IP_HEADER_CHECKSUM("ip_header_checksum", Stage.PACKET),
    IP_VERSION("ip_version", Stage.PACKET),
    PROTOCOL("protocol", Stage.PACKET),
    TTL("ttl", Stage.PACKET),
    PACKET_LENGTH("packet_length", Stage.PACKET),
    VERSION("version", Stage.PACKET),
    TYPE("type", Stage.PACKET),
    ADDRESS_FAMILY("address_family", Stage.PACKET),
    CHECKSUM("checksum", Stage.PACKET),
    /** Produced by the decoder for VRID 0, and by the caller (which owns the VRID table) for the others. */
    UNKNOWN_VRID("unknown_vrid", Stage.PACKET),
    ADDRESS_COUNT_ZERO("address_count_zero", Stage.PACKET),
    INTERVAL_ZERO("interval_zero", Stage.PACKET),
    FIRST_ADDRESS_NOT_LINK_LOCAL("first_address_not_link_local", Stage.PACKET),
    AUTH_TYPE_INVALID("auth_type_invalid", Stage.PACKET),
    VERSION_MISMATCH("version_mismatch", Stage.INSTANCE),
    FAMILY_MISMATCH("family_mismatch", Stage.INSTANCE),
    UNEXPECTED_MULTICAST("unexpected_multicast", Stage.INSTANCE),
    UNEXPECTED_UNICAST("unexpected_unicast", Stage.INSTANCE),
    UNICAST_SOURCE("unicast_source", Stage.INSTANCE),
    AUTH_MISMATCH("auth_mismatch", Stage.INSTANCE),
    AUTH_FAILURE("auth_failure", Stage.INSTANCE),
    INTERVAL_MISMATCH("interval_mismatch", Stage.INSTANCE),
    ADDRESS_LIST_MISMATCH("address_list_mismatch", Stage.INSTANCE),
    LOCAL_OWNER("local_owner", Stage.INSTANCE);

    /** Where a reason is found. */
    public enum Stage {
        /** By the decoder, from the packet alone. */
        PACKET,
        /** Against the receiving instance's expectations. */
        INSTANCE
    }

    private final String label;
    private final Stage stage;

    RejectReason(String label, Stage stage) {
        this.label = label;
        this.stage = stage;
    }

    /** The stable metrics label. */
    public String label() {
        return label;
    }

    public Stage stage() {
        return stage;
    }
}
