package dev.linechat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class AddressesTest {

    private static InetSocketAddress ip(String literal, int port) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(literal), port); // a literal: no lookup
    }

    @Test
    void formatsIpv4AsHostColonPort() throws UnknownHostException {
        assertEquals("127.0.0.1:5000", Addresses.format(ip("127.0.0.1", 5000)));
    }

    @Test
    void formatsIpv6LoopbackInBracketsAndShortForm() throws UnknownHostException {
        assertEquals("[::1]:5000", Addresses.format(ip("::1", 5000)));
    }

    @Test
    void formatsOtherIpv6AddressesInShortForm() throws UnknownHostException {
        assertEquals("[::]:0", Addresses.format(ip("::", 0)));
        assertEquals("[2001:db8::17]:5000", Addresses.format(ip("2001:0db8:0000:0000:0000:0000:0000:0017", 5000)));
    }

    @Test
    void keepsTheScopeOfALinkLocalIpv6Address() throws UnknownHostException {
        byte[] linkLocal = {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        InetAddress scoped = Inet6Address.getByAddress(null, linkLocal, 2);
        assertEquals("[fe80::1%2]:5000", Addresses.format(new InetSocketAddress(scoped, 5000)));
    }

    @Test
    void formatsResolvedAddressByItsIpNotItsName() throws UnknownHostException {
        InetAddress named = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        assertEquals("127.0.0.1:5000", Addresses.format(new InetSocketAddress(named, 5000)));
    }

    @Test
    void formatsUnresolvedAddressByItsName() {
        assertEquals("chat.example:5000", Addresses.format(InetSocketAddress.createUnresolved("chat.example", 5000)));
    }
}
