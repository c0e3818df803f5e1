package dev.linechat.internal;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * A block of IPv4 or IPv6 addresses in CIDR notation: {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or a
 * single address ({@code 192.0.2.7}, {@code ::1}) for a block of one. Immutable and thread-safe.
 *
 * <p>Bits of the address beyond the prefix are ignored ({@code 10.1.2.3/8} is {@code 10.0.0.0/8}).
 * An IPv4 block also matches the same addresses written as IPv4-mapped IPv6 addresses
 * ({@code ::ffff:10.1.2.3}), which is how a server listening on {@code ::} may see IPv4 clients.
 */
public final class Cidr {

    private final byte[] network; // the address with the bits beyond the prefix cleared
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /**
     * Parses a block.
     *
     * @param text {@code ADDRESS/BITS} or {@code ADDRESS}, with an IP literal (never a host name)
     * @return the block
     * @throws IllegalArgumentException if the text is not a block, with a message that says why
     */
    public static Cidr parse(String text) {
        Objects.requireNonNull(text, "cidr");
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = address.isEmpty() || address.indexOf('%') >= 0 || address.startsWith("[")
                ? null
                : NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            throw new IllegalArgumentException("not an IP address block: '" + text
                    + "' (expected ADDRESS/BITS, such as 192.168.0.0/16 or fd00::/8)");
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String bits = text.substring(slash + 1);
            if (!bits.matches("[0-9]{1,3}") || Integer.parseInt(bits) > max) {
                throw new IllegalArgumentException("bad prefix length in '" + text + "': it must be 0 to " + max
                        + " for an " + (max == 32 ? "IPv4" : "IPv6") + " address");
            }
            prefix = Integer.parseInt(bits);
        }
        return new Cidr(mask(bytes, prefix), prefix);
    }

    /**
     * Tells whether an address is in this block.
     *
     * @param address an IPv4 or IPv6 address
     * @return {@code true} if its first prefix bits are this block's
     */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            candidate = candidate.length == 16 ? unmapped(candidate) : mapped(candidate);
            if (candidate == null) {
                return false; // an IPv6 address that is no IPv4 one in disguise
            }
        }
        return Arrays.equals(mask(candidate, prefix), network);
    }

    /** Returns the block as {@code ADDRESS/BITS}, with the address in its shortest form. */
    @Override
    public String toString() {
        return NetUtil.bytesToIpAddress(network) + "/" + prefix;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr that && prefix == that.prefix && Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i)); // bits of this byte inside the prefix
            masked[i] &= (byte) (0xFF00 >> keep);
        }
        return masked;
    }

    /** The IPv4 address inside an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}), or null. */
    private static byte[] unmapped(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return null;
            }
        }
        return v6[10] == (byte) 0xFF && v6[11] == (byte) 0xFF ? Arrays.copyOfRange(v6, 12, 16) : null;
    }

    /** The IPv4-mapped IPv6 form of an IPv4 address. */
    private static byte[] mapped(byte[] v4) {
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xFF;
        v6[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, v6, 12, 4);
        return v6;
    }
}
