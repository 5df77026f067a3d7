package io.vigil.vrrp.fsm;

/**
 * What the runtime must do after a transition, in the listed order. Timers are not actions: they are the
 * deadlines of {@link InstanceState}, which the runtime arms after every step.
 */
public sealed interface VrrpAction {

    /** Send one advert with this priority (0 when giving up MASTER). */
    record SendAdvert(int priority) implements VrrpAction {
    }

    /** Add the VIPs (and excluded VIPs, routes, accept-mode rules) to the interface. */
    record AddAddresses() implements VrrpAction {
    }

    /** Remove what {@link AddAddresses} added. */
    record RemoveAddresses() implements VrrpAction {
    }

    /** Start announcing the VIPs: the first gratuitous ARP / NA burst now, then the delayed burst and refreshes. */
    record StartAnnouncing() implements VrrpAction {
    }

    /** Stop the delayed bursts and refreshes of {@link StartAnnouncing}. */
    record StopAnnouncing() implements VrrpAction {
    }

    /** A lower-priority router advertised while this one is MASTER (split brain healing): re-announce now. */
    record AnnounceAfterLowerPriority() implements VrrpAction {
    }

    /** keepalived's {@code notify_master_rx_lower_pri}: another router claimed MASTER with a lower priority. */
    record NotifyLowerPriorityMaster() implements VrrpAction {
    }

    /** A sync-group member's master-down timer expired: it waits for the group before becoming MASTER. */
    record RequestGroupMaster() implements VrrpAction {
    }

}
