package dev.linechat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal); // a literal: no lookup
    }

    @Test
    void matchesTheAddressesOfAnIpv4Block() throws Exception {
        Cidr block = Cidr.parse("192.168.0.0/16");
        assertTrue(block.contains(ip("192.168.0.0")));
        assertTrue(block.contains(ip("192.168.200.7")));
        assertTrue(block.contains(ip("192.168.255.255")));
        assertFalse(block.contains(ip("192.169.0.1")));
        assertFalse(block.contains(ip("10.0.0.1")));
    }

    @Test
    void matchesPrefixesThatEndInsideAByte() throws Exception {
        Cidr block = Cidr.parse("10.0.0.64/27"); // .64 to .95
        assertFalse(block.contains(ip("10.0.0.63")));
        assertTrue(block.contains(ip("10.0.0.64")));
        assertTrue(block.contains(ip("10.0.0.95")));
        assertFalse(block.contains(ip("10.0.0.96")));
    }

    @Test
    void takesASingleAddressAsABlockOfOne() throws Exception {
        assertTrue(Cidr.parse("127.0.0.1").contains(ip("127.0.0.1")));
        assertFalse(Cidr.parse("127.0.0.1").contains(ip("127.0.0.2")));
        assertTrue(Cidr.parse("::1").contains(ip("::1")));
        assertFalse(Cidr.parse("::1").contains(ip("::2")));
        assertEquals("127.0.0.1/32", Cidr.parse("127.0.0.1").toString());
        assertEquals("::1/128", Cidr.parse("::1").toString());
    }

    @Test
    void matchesTheAddressesOfAnIpv6Block() throws Exception {
        Cidr block = Cidr.parse("2001:db8::/32");
        assertTrue(block.contains(ip("2001:db8::1")));
        assertTrue(block.contains(ip("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")));
        assertFalse(block.contains(ip("2001:db9::1")));
        assertFalse(block.contains(ip("::1")));
        assertFalse(block.contains(ip("32.1.13.184"))); // the same first bytes, but IPv4
        Cidr odd = Cidr.parse("fe80::/10");
        assertTrue(odd.contains(ip("febf::1")));
        assertFalse(odd.contains(ip("fec0::1")));
    }

    @Test
    void ignoresTheBitsBeyondThePrefix() throws Exception {
        Cidr block = Cidr.parse("10.1.2.3/8");
        assertEquals(Cidr.parse("10.0.0.0/8"), block);
        assertEquals("10.0.0.0/8", block.toString());
        assertTrue(block.contains(ip("10.200.0.1")));
        assertEquals("2001:db8::/32", Cidr.parse("2001:db8:1:2::/32").toString());
    }

    @Test
    void aZeroPrefixMatchesAllOfItsFamily() throws Exception {
        assertTrue(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9")));
        assertFalse(Cidr.parse("0.0.0.0/0").contains(ip("2001:db8::1")));
        assertTrue(Cidr.parse("::/0").contains(ip("2001:db8::1")));
    }

    @Test
    void anIpv4BlockMatchesIpv4MappedIpv6Addresses() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 10, 1, 2, 3};
        InetAddress seenOnADualStackSocket = Inet6Address.getByAddress(null, mapped, -1);
        assertTrue(Cidr.parse("10.0.0.0/8").contains(seenOnADualStackSocket));
        assertFalse(Cidr.parse("192.168.0.0/16").contains(seenOnADualStackSocket));
        // and the other way round: the mapped block holds the plain IPv4 address
        assertTrue(Cidr.parse("::ffff:10.0.0.0/104").contains(ip("10.9.9.9")));
        assertFalse(Cidr.parse("::ffff:10.0.0.0/104").contains(ip("11.9.9.9")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/8", "10.0.0/8", "10.0.0.256/8", "example.com/8", "localhost", "10.0.0.0/", "10.0.0.0/x",
            "10.0.0.0/8/8", "[::1]/128", "fe80::1%eth0/64", " 10.0.0.0/8", "10.0.0.0 /8", "10.0.0.0/ 8", ":::/0"})
    void refusesWhatIsNotAnAddressBlock(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
        assertThat(e.getMessage()).contains("'" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/1000", "::/129"})
    void refusesAPrefixLongerThanTheAddress(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
        assertThat(e.getMessage()).contains("'" + text + "'").containsAnyOf("0 to 32", "0 to 128");
    }
}
