package io.vigil.vrrp.packet;

import static io.vigil.vrrp.packet.TestPackets.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The template gives the encoder's bytes for every priority and destination, from its cache when it can. */
class AdvertTemplateTest {

    private static final InetAddress SRC4 = ip("192.0.2.10");
    private static final InetAddress GROUP4 = ip("224.0.0.18");
    private static final InetAddress SRC6 = ip("fe80::a");
    private static final VrrpAdvertisement V3 = VrrpAdvertisement.v3(51, 100, 1,
            List.of(ip("192.0.2.254"), ip("192.0.2.253")));

    private static List<InetAddress> peers(int n) {
        List<InetAddress> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(ip("203.0.113." + i));
        }
        return l;
    }

    @Test
    void everyPriorityAndDestinationMatchesTheEncoder() {
        List<VrrpAdvertisement> adverts = List.of(V3,
                VrrpAdvertisement.v2(9, 100, 1, List.of(ip("192.0.2.254")), V2Auth.pass("secret")),
                VrrpAdvertisement.v3(7, 100, 100, List.of(ip("fe80::1"), ip("2001:db8::7"))));
        for (VrrpAdvertisement ad : adverts) {
            boolean v6 = ad.family() == io.vigil.core.net.AddressFamily.INET6;
            InetAddress src = v6 ? SRC6 : SRC4;
            List<InetAddress> dsts = v6 ? List.of(ip("ff02::12"), ip("fe80::b"), ip("fe80::c"))
                    : List.of(GROUP4, ip("192.0.2.11"), ip("192.0.2.12"));
            for (ChecksumForm form : List.of(ChecksumForm.PSEUDO_HEADER, ChecksumForm.MESSAGE_ONLY,
                    ChecksumForm.OLD_UNICAST)) {
                AdvertTemplate t = AdvertTemplate.of(ad, form, src);
                for (int prio = 0; prio <= 255; prio++) {
                    for (InetAddress dst : dsts) {
                        byte[] expected = VrrpEncoder.encode(ad.withPriority(prio), form, src, dst);
                        assertThat(t.message(prio, dst)).isEqualTo(expected);
                        byte[] out = new byte[t.length()];
                        t.writeTo(prio, dst, out, 0);
                        assertThat(out).isEqualTo(expected);
                    }
                }
            }
        }
    }

    @Test
    void sameArrayWhileNothingChanges() {
        AdvertTemplate t = AdvertTemplate.of(V3, ChecksumForm.PSEUDO_HEADER, SRC4);
        byte[] first = t.message(100, GROUP4);
        byte[] copy = first.clone();
        assertThat(t.message(100, GROUP4)).isSameAs(first);
        byte[] lower = t.message(90, GROUP4);
        assertThat(lower).isNotSameAs(first);
        assertThat(first).as("an array already handed out is never modified").isEqualTo(copy);
        assertThat(t.message(90, GROUP4)).isSameAs(lower);
    }

    @Test
    void perDestinationOnlyForThePseudoHeaderForm() {
        AdvertTemplate pseudo = AdvertTemplate.of(V3, ChecksumForm.PSEUDO_HEADER, SRC4);
        assertThat(pseudo.message(100, ip("192.0.2.11"))).isNotEqualTo(pseudo.message(100, ip("192.0.2.12")));
        AdvertTemplate messageOnly = AdvertTemplate.of(V3, ChecksumForm.MESSAGE_ONLY, null);
        assertThat(messageOnly.message(100, ip("192.0.2.11"))).isSameAs(messageOnly.message(100, ip("192.0.2.12")));
        AdvertTemplate old = AdvertTemplate.of(V3, ChecksumForm.OLD_UNICAST, SRC4);
        assertThat(old.message(100, ip("192.0.2.11"))).isSameAs(old.message(100, null));
        assertThat(old.checksumForm()).isEqualTo(ChecksumForm.OLD_UNICAST);
        assertThat(AdvertTemplate.of(VrrpAdvertisement.v2(1, 100, 1, List.of(), V2Auth.NONE),
                ChecksumForm.PSEUDO_HEADER, null).checksumForm()).isEqualTo(ChecksumForm.V2);
    }

    @Test
    void manyPeersStayCorrectPastTheCacheBound() {
        AdvertTemplate t = AdvertTemplate.of(V3, ChecksumForm.PSEUDO_HEADER, SRC4);
        List<InetAddress> peers = peers(200);
        for (int round = 0; round < 3; round++) {
            for (InetAddress peer : peers) {
                assertThat(t.message(100 + round, peer))
                        .isEqualTo(VrrpEncoder.encode(V3.withPriority(100 + round), ChecksumForm.PSEUDO_HEADER, SRC4,
                                peer));
            }
        }
    }

    @Test
    void refusesWhatCannotBeSent() {
        assertThatThrownBy(() -> AdvertTemplate.of(V3, ChecksumForm.PSEUDO_HEADER, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> AdvertTemplate.of(V3, ChecksumForm.PSEUDO_HEADER, SRC6))
                .isInstanceOf(IllegalArgumentException.class);
        AdvertTemplate t = AdvertTemplate.of(V3, ChecksumForm.PSEUDO_HEADER, SRC4);
        assertThatThrownBy(() -> t.message(256, GROUP4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.message(-1, GROUP4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.message(100, ip("ff02::12"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.message(100, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> t.writeTo(100, GROUP4, new byte[t.length() - 1], 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
