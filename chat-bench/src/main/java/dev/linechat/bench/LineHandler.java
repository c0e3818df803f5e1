package dev.linechat.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * The receiving end of the load tool's connections: cuts what arrives into lines and hands each one
 * to {@link #onLine} where it lies, with no buffer or message per line, so that the loader stays cheap
 * next to the server it measures. The time of arrival is taken once per read. One per channel.
 */
abstract class LineHandler extends ByteToMessageDecoder {

    /** Anything longer without a {@code \n} is not one of ours. */
    static final int MAX_LINE = 64 * 1024;

    ChannelHandlerContext ctx;
    /** When the bytes being read arrived, by {@link System#nanoTime()}. */
    long readAt;
    private String trouble;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        readAt = System.nanoTime();
        super.channelRead(ctx, msg);
    }

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int from = in.readerIndex();
        int end = in.writerIndex();
        for (int eol; (eol = in.indexOf(from, end, (byte) '\n')) >= 0; from = eol + 1) {
            int length = eol - from;
            if (length > 0 && in.getByte(eol - 1) == '\r') {
                length--;
            }
            onLine(in, from, length);
        }
        in.readerIndex(from);
        if (in.readableBytes() > MAX_LINE) {
            trouble("received more than " + MAX_LINE + " bytes without a line break");
            in.skipBytes(in.readableBytes());
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        in.skipBytes(in.readableBytes()); // an unfinished last line is never one of ours
    }

    /** Handles one line, {@code length} bytes at {@code from} in {@code in}, terminator excluded. */
    abstract void onLine(ByteBuf in, int from, int length);

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        trouble(String.valueOf(cause.getMessage() == null ? cause : cause.getMessage()));
        ctx.close();
    }

    /** Notes the first thing that went wrong on this connection. */
    final void trouble(String why) {
        if (trouble == null) {
            trouble = why;
        }
    }

    /** Returns the first thing that went wrong on this connection, or null. */
    final String trouble() {
        return trouble;
    }
}
