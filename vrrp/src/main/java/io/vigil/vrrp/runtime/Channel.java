package io.vigil.vrrp.runtime;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.port.PacketSocket.ReceivedPacket;
import io.vigil.vrrp.packet.DecodeOptions;
import io.vigil.vrrp.packet.DecodeResult;
import io.vigil.vrrp.packet.RejectReason;
import io.vigil.vrrp.packet.VrrpDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adverts of one interface and family: one socket pair shared by every instance there. Received packets are
 * decoded and checked once here (IP header, TTL, checksum...), then handed to the instance that owns the VRID,
 * which applies its own checks. Confined to the event loop.
 */
final class Channel {

    private static final Logger LOG = LoggerFactory.getLogger(Channel.class);

    final String receiveInterface;
    final AddressFamily family;
    final VrrpIo.AdvertChannel io;
    private final DecodeOptions options;
    private final VrrpMetrics metrics;
    private final Map<Integer, List<InstanceRuntime>> byVrid = new HashMap<>();
    private final RateLimitedLog rejectLog = new RateLimitedLog();
    long received;
    long rejected;

    Channel(String receiveInterface, AddressFamily family, VrrpIo.AdvertChannel io, DecodeOptions options,
            VrrpMetrics metrics) {
        this.receiveInterface = receiveInterface;
        this.family = family;
        this.io = io;
        this.options = options;
        this.metrics = metrics;
    }

    void register(InstanceRuntime instance) {
        byVrid.computeIfAbsent(instance.config.vrid(), k -> new ArrayList<>(1)).add(instance);
    }

    void unregister(InstanceRuntime instance) {
        List<InstanceRuntime> l = byVrid.get(instance.config.vrid());
        if (l != null) {
            l.remove(instance);
            if (l.isEmpty()) {
                byVrid.remove(instance.config.vrid());
            }
        }
    }

    /**
     * On the loop: a batch from the receive thread.
     *
     * @param arrivedNanos when the receive thread got the batch (the event time of every advert in it)
     */
    void onPackets(List<ReceivedPacket> packets, long arrivedNanos) {
        for (ReceivedPacket p : packets) {
            received++;
            DecodeResult r = VrrpDecoder.decode(p.ipPacket(), options);
            if (r instanceof DecodeResult.Rejected rj && rj.reason() == RejectReason.TTL && rj.vrid() > 0
                    && hasUnicastInstance(rj.vrid())) {
                // keepalived does not check the TTL of unicast adverts
                r = VrrpDecoder.decode(p.ipPacket(), options.withRequireTtl255(false));
            }
            if (r instanceof DecodeResult.Rejected rj) {
                reject(rj.vrid(), rj.reason(), rj.detail());
                continue;
            }
            DecodeResult.Accepted a = (DecodeResult.Accepted) r;
            int vrid = a.advertisement().vrid();
            List<InstanceRuntime> candidates = byVrid.get(vrid);
            if (candidates == null) {
                reject(vrid, RejectReason.UNKNOWN_VRID, "no instance has VRID " + vrid + " on " + receiveInterface);
                continue;
            }
            InstanceRuntime target = choose(candidates, a);
            target.onAdvert(a, p.sourceMac(), arrivedNanos);
        }
    }

    private boolean hasUnicastInstance(int vrid) {
        List<InstanceRuntime> c = byVrid.get(vrid);
        return c != null && c.stream().anyMatch(i -> i.config.isUnicast());
    }

    /** Several instances may share a VRID when their unicast peer sets differ (as keepalived allows). */
    private static InstanceRuntime choose(List<InstanceRuntime> candidates, DecodeResult.Accepted a) {
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        for (InstanceRuntime i : candidates) {
            if (i.config.isUnicast() ? i.config.unicastPeers().contains(a.source()) : a.multicast()) {
                return i;
            }
        }
        return candidates.get(0);
    }

    private void reject(int vrid, RejectReason reason, String detail) {
        rejected++;
        List<InstanceRuntime> c = vrid > 0 ? byVrid.get(vrid) : null;
        String instance = c == null ? "" : c.get(0).config.name();
        metrics.advertInvalid(instance, receiveInterface, reason.label());
        if (rejectLog.shouldLog(reason.label())) {
            LOG.warn("[{}] packet rejected ({}): {}{}", receiveInterface, reason.label(), detail,
                    instance.isEmpty() ? "" : " (instance " + instance + ")");
        }
    }

    void close() {
        io.close();
    }
}
