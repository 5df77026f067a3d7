/**
 * rtnetlink on top of {@code io.vigil.kernel.netlink}: address and link messages
 * ({@link io.vigil.kernel.rtnl.AddressCodec}, {@link io.vigil.kernel.rtnl.LinkCodec}) and the ha-core ports
 * {@link io.vigil.core.port.AddressManager} ({@link io.vigil.kernel.rtnl.RtnlAddressManager}) and
 * {@link io.vigil.core.port.LinkManager} ({@link io.vigil.kernel.rtnl.RtnlLinkManager}).
 */
package io.vigil.kernel.rtnl;
