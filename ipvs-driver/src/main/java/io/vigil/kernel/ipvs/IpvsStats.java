package io.vigil.kernel.ipvs;

/**
 * The counters and rates IPVS keeps per service and per destination (IPVS_*_ATTR_STATS64, or the 32-bit
 * IPVS_*_ATTR_STATS of older kernels): what {@code ipvsadm -Ln --stats} and {@code --rate} print.
 *
 * @param connections connections scheduled
 * @param inPackets   packets from clients
 * @param outPackets  packets to clients
 * @param inBytes     bytes from clients
 * @param outBytes    bytes to clients
 * @param cps         connections per second (the kernel's estimate)
 * @param inPps       packets per second in
 * @param outPps      packets per second out
 * @param inBps       bytes per second in
 * @param outBps      bytes per second out
 */
public record IpvsStats(long connections, long inPackets, long outPackets, long inBytes, long outBytes, long cps,
                        long inPps, long outPps, long inBps, long outBps) {

    public static final IpvsStats ZERO = new IpvsStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
