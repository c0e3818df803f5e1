package dev.linechat.internal;

import static dev.linechat.internal.PeerChannel.written;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linechat.pipeline.LineEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressFilterHandlerTest {

    /** Stands in for the handlers after the filter: records every inbound event that reaches it. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<String> events = new ArrayList<>();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            events.add("active");
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            events.add("read");
            io.netty.util.ReferenceCountUtil.release(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add("event " + evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            events.add("inactive");
        }
    }

    private static AddressFilterHandler filter(List<String> allow, List<String> deny) {
        return new AddressFilterHandler(allow.stream().map(Cidr::parse).toList(), deny.stream().map(Cidr::parse).toList());
    }

    /** As in ChatServer: the encoder sits before the filter, so the notice goes out as a line. */
    private static PeerChannel connect(AddressFilterHandler filter, String from, Recorder app) throws Exception {
        return PeerChannel.from(from, LineEncoder.UTF_8, filter, app);
    }

    private static void assertRefused(AddressFilterHandler filter, String from) throws Exception {
        Recorder app = new Recorder();
        PeerChannel ch = connect(filter, from, app);
        assertEquals("ERROR refused: connections from " + from + " are not allowed\n", written(ch), from);
        assertFalse(ch.isOpen(), from);
        assertFalse(ch.finish());
        assertEquals(List.of(), app.events, from);
    }

    private static void assertAdmitted(AddressFilterHandler filter, String from) throws Exception {
        Recorder app = new Recorder();
        PeerChannel ch = connect(filter, from, app);
        assertEquals("", written(ch), from);
        assertTrue(ch.isOpen(), from);
        assertFalse(ch.finish());
        assertEquals(List.of("active", "inactive"), app.events, from);
    }

    @Test
    void refusesADeniedAddressWithOneErrorLineAndClosesIt() throws Exception {
        AddressFilterHandler filter = filter(List.of(), List.of("10.0.0.0/8"));
        assertRefused(filter, "10.1.2.3");
        assertAdmitted(filter, "11.1.2.3");
        assertAdmitted(filter, "127.0.0.1");
    }

    @Test
    void refusesEveryAddressNotAllowedOnceAnyIsAllowed() throws Exception {
        AddressFilterHandler filter = filter(List.of("192.168.0.0/16", "127.0.0.1"), List.of());
        assertAdmitted(filter, "192.168.5.5");
        assertAdmitted(filter, "127.0.0.1");
        assertRefused(filter, "127.0.0.2");
        assertRefused(filter, "10.0.0.1");
        assertRefused(filter, "::1");
    }

    @Test
    void denyWinsOverAllow() throws Exception {
        AddressFilterHandler filter = filter(List.of("10.0.0.0/8"), List.of("10.6.0.0/16"));
        assertRefused(filter, "10.6.1.1");
        assertAdmitted(filter, "10.7.1.1");
        assertRefused(filter, "172.16.0.1");
    }

    @Test
    void filtersIpv6Peers() throws Exception {
        AddressFilterHandler allowLoopback = filter(List.of("::1/128"), List.of());
        assertAdmitted(allowLoopback, "::1");
        assertRefused(allowLoopback, "127.0.0.1");
        AddressFilterHandler denyDocumentation = filter(List.of(), List.of("2001:db8::/32"));
        assertRefused(denyDocumentation, "2001:db8::7");
        assertAdmitted(denyDocumentation, "2001:db9::7");
        assertAdmitted(denyDocumentation, "10.0.0.1");
    }

    @Test
    void handlersAfterTheFilterNeverHearOfARefusedConnection() throws Exception {
        AddressFilterHandler filter = filter(List.of(), List.of("10.0.0.0/8"));
        HeldWrites held = new HeldWrites();
        Recorder app = new Recorder();
        PeerChannel ch = PeerChannel.from("10.0.0.1", held, LineEncoder.UTF_8, filter, app);
        assertTrue(ch.isOpen()); // the notice is still on its way
        assertFalse(ch.config().isAutoRead());

        ByteBuf late = Unpooled.copiedBuffer("late\n", UTF_8);
        assertFalse(ch.writeInbound(late));
        assertEquals(0, late.refCnt());
        ch.pipeline().fireUserEventTriggered("some event");
        ch.pipeline().fireExceptionCaught(new IllegalStateException("reset"));
        assertEquals(List.of(), app.events);
        assertFalse(ch.isOpen()); // a failure just closes it
        held.letThrough();
        assertFalse(ch.finish());
        assertEquals(List.of(), app.events);
    }

    @Test
    void aRefusedConnectionUsesUpNoSlotOfTheConnectionLimit() throws Exception {
        AddressFilterHandler filter = filter(List.of(), List.of("10.0.0.0/8"));
        ConnectionLimitHandler limiter = new ConnectionLimitHandler(1);
        Recorder refusedApp = new Recorder();
        PeerChannel refused = PeerChannel.from("10.0.0.1", LineEncoder.UTF_8, filter, limiter, refusedApp);
        assertEquals(AddressFilterHandler.notice(java.net.InetAddress.getByName("10.0.0.1")) + "\n", written(refused));
        Recorder app = new Recorder();
        PeerChannel admitted = PeerChannel.from("127.0.0.1", LineEncoder.UTF_8, filter, limiter, app);
        assertEquals("", written(admitted));
        assertEquals(List.of("active"), app.events);
        assertFalse(refused.finish());
        assertFalse(admitted.finish());
    }

    @Test
    void aPeerWithoutAnIpAddressIsInNoBlock() {
        assertTrue(filter(List.of(), List.of("0.0.0.0/0")).admits(null));
        assertFalse(filter(List.of("0.0.0.0/0"), List.of()).admits(null));
    }
}
