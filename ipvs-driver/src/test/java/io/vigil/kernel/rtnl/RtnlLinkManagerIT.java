package io.vigil.kernel.rtnl;

import static io.vigil.kernel.testing.Timing.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vigil.core.net.InetAddresses;
import io.vigil.core.net.IpPrefix;
import io.vigil.core.net.MacAddress;
import io.vigil.core.port.InterfaceAddress;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.Link;
import io.vigil.core.port.LinkManager.AddressAdded;
import io.vigil.core.port.LinkManager.AddressRemoved;
import io.vigil.core.port.LinkManager.LinkChanged;
import io.vigil.core.port.LinkManager.LinkEvent;
import io.vigil.core.port.LinkManager.LinkRemoved;
import io.vigil.kernel.netlink.Netlink;
import io.vigil.kernel.netlink.NetlinkSocket;
import io.vigil.kernel.testing.OneHost;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Links through rtnetlink in a namespace (host a: eth0 on a segment), checked with iproute2. */
@Tag("netns")
@SuppressWarnings("try") // watch handles are held open by try-with-resources, not used in the body
class RtnlLinkManagerIT {

    private static OneHost host;
    private static RtnlLinkManager manager;
    private static int eth0;

    @BeforeAll
    static void lab() throws KernelException {
        host = OneHost.create("eth0", "192.0.2.1/24");
        manager = host.call(RtnlLinkManager::open);
        eth0 = host.ifindex();
    }

    @AfterAll
    static void close() {
        if (manager != null) {
            manager.close();
        }
        if (host != null) {
            host.close();
        }
    }

    @Test
    void lookups() throws Exception {
        Link byName = manager.link("eth0").orElseThrow();
        assertThat(byName.index()).isEqualTo(eth0);
        assertThat(byName.kind()).isEqualTo("veth");
        assertThat(byName.isUp()).isTrue();
        assertThat(byName.mtu()).isEqualTo(1500);
        assertThat(byName.parentIndex()).as("the veth peer lives in the switch namespace").isZero();
        assertThat(byName.mac()).isEqualTo(MacAddress.parse(
                host.exec("cat", "/sys/class/net/eth0/address").trim()));
        assertThat(manager.link(eth0)).contains(byName);
        assertThat(manager.link("nope0")).isEmpty();
        assertThat(manager.link(9999)).isEmpty();
        assertThat(manager.links()).extracting(Link::name).contains("lo", "eth0");
    }

    @Test
    void watchSeesLinkStateAndAddresses() throws Exception {
        List<LinkEvent> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable watch = manager.watch(events::add)) {
            host.exec("ip", "link", "set", "dev", "eth0", "down");
            await().atMost(seconds(5)).until(() -> events.stream().anyMatch(e -> e instanceof LinkChanged c
                    && c.link().index() == eth0 && !c.link().adminUp()));
            host.exec("ip", "link", "set", "dev", "eth0", "up");
            await().atMost(seconds(5)).until(() -> events.stream().anyMatch(e -> e instanceof LinkChanged c
                    && c.link().index() == eth0 && c.link().isUp()));
            host.exec("ip", "addr", "add", "198.51.100.5/24", "dev", "eth0");
            host.exec("ip", "addr", "add", "2001:db8::5/64", "dev", "eth0", "nodad");
            await().atMost(seconds(5)).until(() -> events.stream().anyMatch(e -> e instanceof AddressAdded a
                    && a.address().address().equals(InetAddresses.parse("198.51.100.5"))
                    && a.address().ifindex() == eth0));
            await().atMost(seconds(5)).until(() -> events.stream().anyMatch(e -> e instanceof AddressAdded a
                    && a.address().address().equals(InetAddresses.parse("2001:db8::5")) && a.address().noDad()));
            host.exec("ip", "addr", "del", "198.51.100.5/24", "dev", "eth0");
            await().atMost(seconds(5)).until(() -> events.stream().anyMatch(e -> e instanceof AddressRemoved a
                    && a.address().address().equals(InetAddresses.parse("198.51.100.5"))));
        } finally {
            host.exec("ip", "link", "set", "dev", "eth0", "up");
            host.lab().execUnchecked("a", "ip", "addr", "del", "2001:db8::5/64", "dev", "eth0");
        }
        // after the handle is closed, the listener hears nothing more
        int seen = events.size();
        List<LinkEvent> marker = new CopyOnWriteArrayList<>();
        try (AutoCloseable other = manager.watch(marker::add)) {
            host.exec("ip", "addr", "add", "198.51.100.6/24", "dev", "eth0");
            await().atMost(seconds(5)).until(() -> marker.stream().anyMatch(e -> e instanceof AddressAdded));
        } finally {
            host.exec("ip", "addr", "del", "198.51.100.6/24", "dev", "eth0");
        }
        assertThat(events).hasSize(seen);
    }

    @Test
    void aListenerThatThrowsKeepsReceiving() throws Exception {
        List<LinkEvent> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable watch = manager.watch(e -> {
            events.add(e);
            throw new IllegalStateException("listener bug");
        })) {
            host.exec("ip", "addr", "add", "198.51.100.7/24", "dev", "eth0");
            host.exec("ip", "addr", "del", "198.51.100.7/24", "dev", "eth0");
            await().atMost(seconds(5)).until(() -> events.stream().anyMatch(e -> e instanceof AddressRemoved));
        }
    }

    @Test
    void macvlanCreateReuseConflictDelete() throws Exception {
        MacAddress vmac = MacAddress.vrrpVirtual(io.vigil.core.net.AddressFamily.INET, 0x21);
        List<LinkEvent> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable watch = manager.watch(events::add)) {
            Link created = manager.createMacvlan("eth0", "vrrp.33", vmac);
            assertThat(created.kind()).isEqualTo("macvlan");
            assertThat(created.mac()).isEqualTo(MacAddress.parse("00:00:5e:00:01:21"));
            assertThat(created.parentIndex()).isEqualTo(eth0);
            assertThat(created.adminUp()).isTrue();
            String details = host.exec("ip", "-d", "link", "show", "dev", "vrrp.33");
            assertThat(details).contains("link/ether 00:00:5e:00:01:21").contains("macvlan mode bridge")
                    .contains("addrgenmode random").contains(",UP");
            await().atMost(seconds(5)).until(() -> events.stream().anyMatch(e -> e instanceof LinkChanged c
                    && c.link().name().equals("vrrp.33")));

            assertThat(manager.createMacvlan("eth0", "vrrp.33", vmac).index()).as("reused").isEqualTo(created.index());
            host.exec("ip", "link", "set", "dev", "vrrp.33", "down");
            assertThat(manager.createMacvlan("eth0", "vrrp.33", vmac).adminUp()).as("reused and set up").isTrue();

            assertThatThrownBy(() -> manager.createMacvlan("eth0", "vrrp.33", MacAddress.parse("00:00:5e:00:01:22")))
                    .isInstanceOf(KernelException.class).hasMessageContaining("EEXIST")
                    .hasMessageContaining("not a bridge-mode macvlan with that parent and MAC");
            assertThatThrownBy(() -> manager.createMacvlan("nope0", "vrrp.34", vmac))
                    .isInstanceOf(KernelException.class).hasMessageContaining("ENODEV");

            manager.deleteLink("vrrp.33");
            assertThat(manager.link("vrrp.33")).isEmpty();
            manager.deleteLink("vrrp.33"); // absent: not an error
            await().atMost(seconds(5)).until(() -> events.stream().anyMatch(e -> e instanceof LinkRemoved r
                    && r.name().equals("vrrp.33") && r.index() == created.index()));
        } finally {
            host.lab().execUnchecked("a", "ip", "link", "del", "vrrp.33");
        }
    }

    @Test
    void lostNotificationsAreReplacedByAResync() throws Exception {
        NetlinkSocket requests = host.call(() -> NetlinkSocket.open(Netlink.NETLINK_ROUTE, "req"));
        NetlinkSocket notifications = host.call(() -> NetlinkSocket.open(Netlink.NETLINK_ROUTE, "ntf"));
        notifications.setReceiveBuffer(4096); // overflows after a handful of notifications
        List<InterfaceAddress> vips = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            vips.add(InterfaceAddress.simple(eth0, IpPrefix.parse("203.0.113." + i + "/32")));
        }
        CountDownLatch release = new CountDownLatch(1);
        List<LinkEvent> events = new CopyOnWriteArrayList<>();
        try (RtnlLinkManager small = new RtnlLinkManager(requests, notifications);
             RtnlAddressManager addresses = host.call(RtnlAddressManager::open);
             AutoCloseable watch = small.watch(e -> {
                 events.add(e);
                 try {
                     release.await(); // the watcher stalls on the first event while 100 more pile up
                 } catch (InterruptedException ex) {
                     Thread.currentThread().interrupt();
                 }
             })) {
            addresses.add(vips);
            release.countDown();
            // the resync re-reads every link (lo has not changed, so only a resync reports it) and address
            await().atMost(seconds(5)).until(() -> events.stream().anyMatch(e -> e instanceof LinkChanged c
                    && c.link().name().equals("lo")));
            await().atMost(seconds(5)).until(() -> events.stream().filter(e -> e instanceof AddressAdded a
                    && vips.contains(InterfaceAddress.simple(a.address().ifindex(), a.address().prefix())))
                    .map(e -> ((AddressAdded) e).address().prefix()).distinct().count() == vips.size());
            addresses.remove(vips);
        }
    }

    @Test
    void aRefusedCreationNamesTheRequest() throws Exception {
        // the loopback device has no Ethernet address to build a macvlan on: EINVAL
        assertThatThrownBy(() -> manager.createMacvlan("lo", "vrrp.35", MacAddress.parse("00:00:5e:00:01:23")))
                .isInstanceOf(KernelException.class)
                .hasMessageStartingWith("RTM_NEWLINK create macvlan vrrp.35 on #1 address 00:00:5e:00:01:23: EINVAL");
        assertThat(manager.link("vrrp.35")).isEmpty();
    }
}
