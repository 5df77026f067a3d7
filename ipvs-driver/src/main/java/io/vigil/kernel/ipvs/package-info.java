/**
 * Kernel IPVS over generic netlink (family "IPVS"): {@link io.vigil.kernel.ipvs.IpvsCodec} (requests as ipvsadm
 * sends them, replies checked), {@link io.vigil.kernel.ipvs.IpvsTable} (services, destinations, counters,
 * timeouts, sync daemons), {@link io.vigil.kernel.ipvs.IpvsDatapath} (the {@link io.vigil.core.port.Datapath}
 * port: only the difference, drift repaired, others' services left alone) and
 * {@link io.vigil.kernel.ipvs.IpvsListing} (what {@code ipvsadm -Ln} prints). Numbers from
 * {@code include/uapi/linux/ip_vs.h} in {@link io.vigil.kernel.ipvs.Ipvs}.
 */
package io.vigil.kernel.ipvs;
