package dev.linechat.internal;

import io.netty.util.NetUtil;
import java.net.Inet6Address;
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
        // NetUtil writes IPv6 in its short form (::1); getHostAddress() would spell out 0:0:0:0:0:0:0:1.
        String host = address.isUnresolved() ? address.getHostString() : NetUtil.toAddressString(address.getAddress());
        boolean v6 = !address.isUnresolved() && address.getAddress() instanceof Inet6Address || host.indexOf(':') >= 0;
        return (v6 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
