package org.gpaction.common.ratelimit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The subject a limit per network address counts against. An IPv4 address is one subject; an IPv6 address counts as its
 * /64, the smallest network a home or an office is given, so one connection cannot take fresh addresses from its own
 * network to pass a limit (a /64 holds more addresses than any limit could count).
 */
public final class NetworkSubjects {

    /** An IPv6 literal as a servlet container writes a remote address; never a name, so nothing is looked up. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private NetworkSubjects() {}

    /**
     * "192.0.2.1" for an IPv4 address (also when written as IPv4-mapped IPv6, ::ffff:192.0.2.1), "2001:db8:0:1::/64"
     * for an IPv6 address; anything else as it was given.
     */
    public static String of(String remoteAddress) {
        return of(remoteAddress, 64);
    }

    /**
     * As {@link #of(String)}, an IPv6 address counted as its /56 instead: the network a home or small office is
     * commonly given, and a small server too, so a limit on something that spends a scarce resource (a practice's
     * contacts) counts one such network once, "2001:db8:0:100::/56" for any address from 2001:db8:0:100:: to
     * 2001:db8:0:1ff:ffff:ffff:ffff:ffff.
     */
    public static String ofFiftySix(String remoteAddress) {
        return of(remoteAddress, 56);
    }

    /** An IPv6 address as its network of {@code prefix} bits, a whole number of bytes up to 64. */
    private static String of(String remoteAddress, int prefix) {
        if (remoteAddress == null
                || remoteAddress.indexOf(':') < 0
                || !IPV6.matcher(remoteAddress).matches()) {
            return remoteAddress;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(remoteAddress);
        } catch (UnknownHostException e) {
            return remoteAddress;
        }
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        for (int i = prefix / 8; i < 8; i++) {
            bytes[i] = 0;
        }
        StringBuilder network = new StringBuilder();
        for (int group = 0; group < 4; group++) {
            network.append(Integer.toHexString(((bytes[2 * group] & 0xff) << 8) | (bytes[2 * group + 1] & 0xff)))
                    .append(':');
        }
        return network.append(":/").append(prefix).toString();
    }
}
