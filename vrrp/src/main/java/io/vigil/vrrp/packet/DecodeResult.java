package io.vigil.vrrp.packet;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import java.net.InetAddress;
import java.util.Objects;

/**
 * What {@link VrrpDecoder} made of one received IP packet: an {@link Accepted} advertisement with its IP-level
 * facts, or a {@link Rejected} packet with its reason. Never an exception.
 */
public sealed interface DecodeResult permits DecodeResult.Accepted, DecodeResult.Rejected {

    /**
     * A well-formed, legal advertisement (packet-level checks passed; instance-level ones are {@link
     * ReceiveExpectations#check}'s job).
     *
     * @param family        the IP header's family (that of the addresses too)
     * @param source        IP source: the sender's primary address (IPv4) or link-local address (IPv6)
     * @param destination   IP destination: the group, or this host for unicast
     * @param ttl           TTL / hop limit as received
     * @param advertisement the VRRP message
     * @param checksumForm  the form the checksum matched
     */
    record Accepted(AddressFamily family, InetAddress source, InetAddress destination, int ttl,
                    VrrpAdvertisement advertisement, ChecksumForm checksumForm) implements DecodeResult {
        public Accepted {
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(advertisement, "advertisement");
            Objects.requireNonNull(checksumForm, "checksumForm");
        }

        /** True when the packet was sent to a multicast group rather than to this host. */
        public boolean multicast() {
            return destination.isMulticastAddress();
        }

        @Override
        public String toString() {
            return "Accepted[" + InetAddresses.toText(source) + " > " + InetAddresses.toText(destination) + " ttl "
                    + ttl + " " + advertisement + " checksum " + checksumForm.label() + "]";
        }
    }

    /**
     * A refused packet.
     *
     * @param reason why, as a metrics-friendly value
     * @param detail what exactly, for a log line (values found and expected)
     * @param vrid   the VRID field when the packet got far enough to have one (to attribute the error to an
     *               instance, as keepalived does), else -1; for reasons found before the checksum it is
     *               unverified. A {@link RejectReason#TTL} rejection carries it too, so that a caller whose
     *               instance for that VRID skips the TTL check (keepalived-style unicast) can decode again with
     *               {@link DecodeOptions#requireTtl255()} off
     */
    record Rejected(RejectReason reason, String detail, int vrid) implements DecodeResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
