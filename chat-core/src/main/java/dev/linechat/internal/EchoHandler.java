package dev.linechat.internal;

import dev.linechat.pipeline.LineEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The echo mode: every line goes back to its sender unchanged, and the replies to one read burst
 * are flushed together.
 *
 * <p>Where nobody needs the lines as text (no listener wants them), the server leaves the string
 * decoder out and this handler receives each line's bytes: it copies them, terminated, into one
 * buffer per read burst and writes that buffer once, so a line costs a copy and no decoding,
 * encoding or message of its own. Lines that arrive as {@link String}s are written back as they
 * are. Not sharable: it holds the burst being gathered.
 */
public final class EchoHandler extends ChannelInboundHandlerAdapter {

    private ByteBuf burst;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf line) {
            try {
                if (burst == null) {
                    burst = ctx.alloc().buffer(Math.max(256, line.readableBytes() + 1));
                }
                burst.writeBytes(line, line.readerIndex(), line.readableBytes()).writeByte(LineEncoder.TERMINATOR);
            } finally {
                line.release();
            }
        } else {
            ctx.write(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        writeBurst(ctx);
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    /**
     * Whatever happened mid-burst (a {@code BYE}, an over-long line) is about to make the pipeline
     * write or close: the replies to the lines before it go first. The handlers that fire these
     * events fire them before they act.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        writeBurst(ctx);
        ctx.fireUserEventTriggered(evt);
    }

    private void writeBurst(ChannelHandlerContext ctx) {
        if (burst != null) {
            ByteBuf replies = burst;
            burst = null;
            ctx.write(replies);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (burst != null) {
            burst.release();
            burst = null;
        }
    }
}
