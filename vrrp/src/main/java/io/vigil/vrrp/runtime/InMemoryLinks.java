package io.vigil.vrrp.runtime;

import io.vigil.core.net.MacAddress;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.Link;
import io.vigil.core.port.LinkManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link LinkManager} over a map of links, with no kernel: for the start-up rehearsal and for tests. Changes
 * made through {@link #set} reach the watchers synchronously.
 */
public final class InMemoryLinks implements LinkManager {

    private final Map<String, Link> links = new LinkedHashMap<>();
    private final List<Consumer<LinkEvent>> watchers = new ArrayList<>();

    /** Adds or replaces a link and tells the watchers. */
    public void set(Link link) {
        links.put(link.name(), link);
        for (Consumer<LinkEvent> w : List.copyOf(watchers)) {
            w.accept(new LinkChanged(link));
        }
    }

    public Link get(String name) {
        return links.get(name);
    }

    public boolean contains(String name) {
        return links.containsKey(name);
    }

    public int size() {
        return links.size();
    }

    @Override
    public Optional<Link> link(String name) {
        return Optional.ofNullable(links.get(name));
    }

    @Override
    public Optional<Link> link(int index) {
        return links.values().stream().filter(l -> l.index() == index).findFirst();
    }

    @Override
    public List<Link> links() {
        return List.copyOf(links.values());
    }

    @Override
    public AutoCloseable watch(Consumer<LinkEvent> listener) {
        watchers.add(listener);
        return () -> watchers.remove(listener);
    }

    @Override
    public Link createMacvlan(String parent, String name, MacAddress mac) throws KernelException {
        Link p = links.get(parent);
        if (p == null) {
            throw new KernelException("create macvlan " + name, "no parent link " + parent);
        }
        Link l = new Link(100 + links.size(), name, mac, true, true, p.mtu(), "macvlan", p.index());
        links.put(name, l);
        return l;
    }

    @Override
    public void deleteLink(String name) {
        links.remove(name);
    }
}
