package io.vigil.core.config;

import io.vigil.core.net.MacAddress;

/**
 * {@code use_vmac [NAME]}: the VIPs live on a macvlan interface whose MAC is the VRRP virtual MAC.
 *
 * @param interfaceName the macvlan's name, or {@code null} for {@code vrrp.VRID}
 * @param mac           a custom MAC, or {@code null} for 00:00:5e:00:0{1,2}:VRID
 * @param xmitBase      {@code vmac_xmit_base}: send adverts from the parent interface
 */
public record VmacSettings(String interfaceName, MacAddress mac, boolean xmitBase) {
}
