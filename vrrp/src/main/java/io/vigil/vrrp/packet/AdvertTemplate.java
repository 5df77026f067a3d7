package io.vigil.vrrp.packet;

import io.vigil.core.net.InternetChecksum;
import java.net.InetAddress;
import java.util.Objects;

/**
 * The send path of one instance: the advert is encoded once, and each send only needs its priority (which
 * changes rarely: tracking, shutdown) and, for the pseudo-header checksum, its destination (the multicast group,
 * or each unicast peer). The checksum is finished from a precomputed partial sum with two additions, and the
 * message for a (priority, destination) pair is cached, so an instance advertising every 10 ms sends the same
 * array without encoding or allocating.
 *
 * <p>Not thread-safe: one template belongs to one instance, on its event loop. Arrays returned by {@link
 * #message} are shared with later calls and must not be modified (they are never modified by the template
 * either: a new priority gets a new array, so an array already handed to a socket stays valid).
 */
public final class AdvertTemplate {

    /** More distinct destinations than this (unicast peers) empties the cache rather than growing it. */
    private static final int MAX_CACHED_DESTINATIONS = 64;

    private final VrrpAdvertisement advert;
    private final ChecksumForm form;
    private final InetAddress source;
    private final boolean perDestination;
    /** The message with priority 0 and checksum 0. */
    private final byte[] base;
    /** Unfolded sum of {@link #base} and of the pseudo-header without its destination. */
    private final long baseSum;
    private Slot[] slots = new Slot[4];
    private int slotCount;

    private AdvertTemplate(VrrpAdvertisement advert, ChecksumForm form, InetAddress source) {
        this.advert = advert;
        this.form = form;
        this.source = source;
        this.perDestination = form == ChecksumForm.PSEUDO_HEADER;
        this.base = new byte[advert.messageLength()];
        VrrpEncoder.writeWithoutChecksum(advert.withPriority(0), base, 0);
        long sourceSum = VrrpEncoder.addressSum(form.usesPseudoHeader(), source, advert.family(), "source");
        this.baseSum = InternetChecksum.add(VrrpEncoder.pseudoHeaderSum(form, sourceSum, 0, base.length), base, 0,
                base.length);
    }

    /**
     * @param advert     the advert (its priority is only the default of {@link #advertisement()})
     * @param v3Ipv4Form the checksum form for VRRPv3 over IPv4, see {@link ChecksumForm#effective}
     * @param source     the IP source the adverts carry; needed by the pseudo-header forms (VRRPv3 over IPv6
     *                   always), may be null otherwise
     */
    public static AdvertTemplate of(VrrpAdvertisement advert, ChecksumForm v3Ipv4Form, InetAddress source) {
        Objects.requireNonNull(advert, "advert");
        return new AdvertTemplate(advert,
                ChecksumForm.effective(advert.version(), advert.family(), Objects.requireNonNull(v3Ipv4Form)),
                source);
    }

    /** The advert this template encodes. */
    public VrrpAdvertisement advertisement() {
        return advert;
    }

    /** The checksum form every message of this template carries. */
    public ChecksumForm checksumForm() {
        return form;
    }

    /** The source address the checksums were computed for (null when the form does not use it). */
    public InetAddress source() {
        return source;
    }

    /** The message length in bytes. */
    public int length() {
        return base.length;
    }

    /**
     * The message at this priority for this destination: a cached array, shared, not to be modified.
     *
     * @param destination where the message goes; only read by the pseudo-header form (may be null otherwise)
     * @throws IllegalArgumentException for a priority outside 0-255 or a destination of the wrong family
     */
    public byte[] message(int priority, InetAddress destination) {
        checkPriority(priority);
        Slot slot = slot(destination);
        if (slot.priority != priority) {
            byte[] m = new byte[base.length];
            fill(m, 0, priority, slot.destinationSum);
            slot.message = m;
            slot.priority = priority;
        }
        return slot.message;
    }

    /**
     * Writes the message at this priority for this destination into {@code out}, without allocating once the
     * destination is known.
     *
     * @return the number of bytes written ({@link #length()})
     */
    public int writeTo(int priority, InetAddress destination, byte[] out, int offset) {
        checkPriority(priority);
        Objects.checkFromIndexSize(offset, base.length, out.length);
        fill(out, offset, priority, slot(destination).destinationSum);
        return base.length;
    }

    private void fill(byte[] out, int offset, int priority, long destinationSum) {
        System.arraycopy(base, 0, out, offset, base.length);
        out[offset + 2] = (byte) priority;
        // the priority is the high byte of the word at offset 2
        VrrpEncoder.putChecksum(out, offset, InternetChecksum.finish(baseSum + (priority << 8) + destinationSum));
    }

    private Slot slot(InetAddress destination) {
        InetAddress key = perDestination ? destination : null;
        for (int i = 0; i < slotCount; i++) {
            if (Objects.equals(slots[i].destination, key)) {
                return slots[i];
            }
        }
        long destinationSum = VrrpEncoder.addressSum(perDestination, key, advert.family(), "destination");
        if (slotCount == MAX_CACHED_DESTINATIONS) {
            slotCount = 0;
        } else if (slotCount == slots.length) {
            Slot[] bigger = new Slot[slots.length * 2];
            System.arraycopy(slots, 0, bigger, 0, slotCount);
            slots = bigger;
        }
        Slot slot = new Slot(key, destinationSum);
        slots[slotCount++] = slot;
        return slot;
    }

    private static void checkPriority(int priority) {
        if (priority < 0 || priority > 255) {
            throw new IllegalArgumentException("priority " + priority + " outside [0, 255]");
        }
    }

    @Override
    public String toString() {
        return "AdvertTemplate[" + advert + ", " + form.label() + "]";
    }

    /** The cached state of one destination. */
    private static final class Slot {
        final InetAddress destination;
        final long destinationSum;
        int priority = -1;
        byte[] message;

        Slot(InetAddress destination, long destinationSum) {
            this.destination = destination;
            this.destinationSum = destinationSum;
        }
    }
}
