package dev.linechat.internal;

import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Formats socket addresses the way people write them. */
public final class Addresses {

    private Addresses() {
    }

    /**
     * Formats an address as {@code host:port}, with brackets around an IPv6 literal:
     * {@code 127.0.0.1:5000}, {@code [::1]:5000}. A resolved address shows its IP, not a name.
     *
     * @param address the address
     * @return its text
     */
    public static String format(InetSocketAddress address) {
        String host = address.isUnresolved() ? address.getHostString() : ip(address.getAddress());
        boolean v6 = !address.isUnresolved() && address.getAddress() instanceof Inet6Address || host.indexOf(':') >= 0;
        return (v6 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static String ip(InetAddress ip) {
        // getHostAddress() spells IPv6 out in full (0:0:0:0:0:0:0:1); NetUtil shortens it (::1) but drops
        // the scope of a link-local address (%eth0), which is needed to reach it, so that is kept.
        String full = ip.getHostAddress();
        int scope = full.indexOf('%');
        return NetUtil.toAddressString(ip) + (scope >= 0 ? full.substring(scope) : "");
    }
}
