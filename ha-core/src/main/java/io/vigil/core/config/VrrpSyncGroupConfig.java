package io.vigil.core.config;

import java.util.List;
import java.util.Objects;

/**
 * A {@code vrrp_sync_group}: member instances change state together.
 *
 * @param trackingWeight        {@code sync_group_tracking_weight} (or the deprecated {@code global_tracking}):
 *                              members keep the weights of what they track
 * @param notifyPriorityChanges {@code notify_priority_changes}
 */
public record VrrpSyncGroupConfig(String name, List<String> members, NotifyScripts notifyScripts,
                                  List<TrackedInterface> trackInterfaces, List<TrackedScript> trackScripts,
                                  SourceLocation location, List<TrackedObject> trackFiles,
                                  List<TrackedObject> trackProcesses, List<TrackedObject> trackBfds,
                                  boolean smtpAlert, boolean trackingWeight, boolean notifyPriorityChanges) {

    public VrrpSyncGroupConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(notifyScripts, "notifyScripts");
        Objects.requireNonNull(location, "location");
        members = List.copyOf(members);
        trackInterfaces = List.copyOf(trackInterfaces);
        trackScripts = List.copyOf(trackScripts);
        trackFiles = List.copyOf(trackFiles);
        trackProcesses = List.copyOf(trackProcesses);
        trackBfds = List.copyOf(trackBfds);
    }

    /** The original six components; nothing else tracked. */
    public VrrpSyncGroupConfig(String name, List<String> members, NotifyScripts notifyScripts,
                               List<TrackedInterface> trackInterfaces, List<TrackedScript> trackScripts,
                               SourceLocation location) {
        this(name, members, notifyScripts, trackInterfaces, trackScripts, location, List.of(), List.of(), List.of(),
                false, false, false);
    }
}
