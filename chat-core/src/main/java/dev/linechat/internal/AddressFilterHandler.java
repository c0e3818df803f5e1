package dev.linechat.internal;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Admits connections by the peer's IP address. A refused connection receives one {@code ERROR} line
 * and is closed; the handlers after this one never hear of it.
 *
 * <p>The rule: an address in any {@code deny} block is refused, whatever the {@code allow} blocks
 * say; otherwise, if there are {@code allow} blocks, an address must be in one of them; with no
 * {@code allow} block every address not denied is admitted. A peer without an IP address (which TCP
 * never has) counts as in no block.
 *
 * <p>Stateless apart from a channel attribute, and {@link Sharable}: one instance per server.
 * The refusal itself is {@link AdmissionHandler}'s.
 */
@Sharable
public final class AddressFilterHandler extends AdmissionHandler {

    /** The handler's name in a server pipeline. */
    public static final String NAME = "chat-address-filter";

    private final List<Cidr> allow;
    private final List<Cidr> deny;

    /**
     * Creates a filter.
     *
     * @param allow the blocks admitted; empty to admit every address not denied
     * @param deny the blocks refused, even if also allowed
     */
    public AddressFilterHandler(List<Cidr> allow, List<Cidr> deny) {
        this.allow = List.copyOf(allow);
        this.deny = List.copyOf(deny);
    }

    /**
     * Tells whether a peer may connect.
     *
     * @param address the peer's IP address, or {@code null} if it has none
     * @return {@code true} if it is admitted
     */
    public boolean admits(InetAddress address) {
        if (address == null) {
            return allow.isEmpty();
        }
        if (deny.stream().anyMatch(block -> block.contains(address))) {
            return false;
        }
        return allow.isEmpty() || allow.stream().anyMatch(block -> block.contains(address));
    }

    /**
     * Returns the line a refused connection receives.
     *
     * @param address the peer's address, as the server sees it, or {@code null}
     * @return the {@code ERROR} line, without terminator
     */
    public static String notice(InetAddress address) {
        return "ERROR refused: connections from " + (address == null ? "this address" : NetUtil.toAddressString(address))
                + " are not allowed";
    }

    @Override
    String refusal(ChannelHandlerContext ctx) {
        InetAddress address = ctx.channel().remoteAddress() instanceof InetSocketAddress ip ? ip.getAddress() : null;
        return admits(address) ? null : notice(address);
    }
}
