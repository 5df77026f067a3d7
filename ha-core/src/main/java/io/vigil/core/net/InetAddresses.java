package io.vigil.core.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Literal IP address parsing and printing, never touching DNS. */
public final class InetAddresses {

    private InetAddresses() {
    }

    /**
     * Parses an IPv4 dotted quad or an IPv6 literal (optionally with a %scope).
     *
     * @throws IllegalArgumentException when the text is not a literal address
     */
    public static InetAddress parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty address");
        }
        if (s.indexOf(':') >= 0) {
            String bare = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
            for (int i = 0; i < bare.length(); i++) {
                char c = bare.charAt(i);
                if (c == '%') {
                    break;
                }
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                    throw new IllegalArgumentException("not an IPv6 address: '" + text + "'");
                }
            }
            try {
                return InetAddress.getByName(bare);
            } catch (UnknownHostException | SecurityException e) {
                throw new IllegalArgumentException("not an IPv6 address: '" + text + "'", e);
            }
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
            }
            int v = 0;
            for (int j = 0; j < p.length(); j++) {
                int d = Character.digit(p.charAt(j), 10);
                if (d < 0) {
                    throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
                }
                v = v * 10 + d;
            }
            if (v > 255) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "' (" + v + " > 255)");
            }
            b[i] = (byte) v;
        }
        return IpPrefix.fromBytes(b);
    }

    /** The canonical literal: dotted quad, or RFC 5952 compressed IPv6 without scope. */
    public static String toText(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (words[i] == 0) {
                int j = i;
                while (j < 8 && words[j] == 0) {
                    j++;
                }
                if (j - i > bestLen && j - i >= 2) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(words[i]));
        }
        return sb.toString();
    }

    /** True for fe80::/10. */
    public static boolean isLinkLocal(InetAddress address) {
        return address instanceof Inet6Address && address.isLinkLocalAddress();
    }
}
