package io.vigil.core.config;

import java.util.List;
import java.util.Objects;

/** A {@code vrrp_sync_group}: member instances change state together. */
public record VrrpSyncGroupConfig(String name, List<String> members, NotifyScripts notifyScripts,
                                  List<TrackedInterface> trackInterfaces, List<TrackedScript> trackScripts,
                                  SourceLocation location) {

    public VrrpSyncGroupConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(notifyScripts, "notifyScripts");
        Objects.requireNonNull(location, "location");
        members = List.copyOf(members);
        trackInterfaces = List.copyOf(trackInterfaces);
        trackScripts = List.copyOf(trackScripts);
    }
}
