package dev.linechat.examples;

import dev.linechat.ChatServer;
import dev.linechat.pipeline.ChatPipelines;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A handler of your own in the chat pipeline, for people who run Netty themselves: a server with its
 * own {@link ServerBootstrap}, the chat handlers laid out by {@link ChatPipelines#server}, and a
 * filter that masks banned words in every line a client sends before the application's handler
 * sees it. The application here echoes each line, as the filter left it.
 *
 * <p>The filter goes in by name, just before {@link ChatPipelines#APP_HANDLER}: there lines arrive as
 * {@code String}s, already framed, decoded and checked for {@code BYE}.
 *
 * <p>Run it with
 * {@code ./mvnw -q -pl examples -am test-compile exec:java -Dexample=WordFilterServer -Dexec.args="5003 darn heck"}
 * (port, then the words to mask; by default 5003, darn and heck), then try
 * {@code printf 'Darn it!\nBYE\n' | nc 127.0.0.1 5003}, which answers {@code **** it!}.
 */
public final class WordFilterServer implements AutoCloseable {

    /** The filter's name in the pipeline. */
    public static final String WORD_FILTER = "word-filter";

    private static final System.Logger LOG = System.getLogger(WordFilterServer.class.getName());

    private final EventLoopGroup group;
    private final Channel listening;

    private WordFilterServer(EventLoopGroup group, Channel listening) {
        this.group = group;
        this.listening = listening;
    }

    /**
     * Starts the server and serves until the process is stopped.
     *
     * @param args an optional port (default 5003), then the words to mask (default darn and heck)
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 5003;
        List<String> banned = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : List.of("darn", "heck");
        try (WordFilterServer server = start(port, banned)) {
            System.out.println("Word filter server listening on port " + server.port() + ", masking " + banned);
            server.listening.closeFuture().sync();
        }
    }

    /**
     * Starts a server on 127.0.0.1 that echoes each line with the banned words masked.
     *
     * @param port the port, or 0 for any free one
     * @param bannedWords the words to mask, whole words in any case
     * @return the running server; close it to stop it
     * @throws IllegalStateException if the port cannot be bound
     */
    public static WordFilterServer start(int port, Collection<String> bannedWords) {
        WordFilter filter = new WordFilter(bannedWords);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("word-filter"),
                NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                // A client that half-closes after its last line (nc -N) still gets the answers.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        layOut(ch.pipeline(), filter);
                    }
                });
        ChannelFuture bound = bootstrap.bind(ChatServer.DEFAULT_HOST, port).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
            throw new IllegalStateException("cannot listen on port " + port + ": " + bound.cause().getMessage(),
                    bound.cause());
        }
        return new WordFilterServer(group, bound.channel());
    }

    /**
     * Lays out one connection's pipeline: the chat handlers around the echo, and the filter before it.
     *
     * @param pipeline a new channel's pipeline
     * @param filter the filter, shared by every connection
     */
    static void layOut(ChannelPipeline pipeline, WordFilter filter) {
        ChatPipelines.server(pipeline, Echo.INSTANCE);
        pipeline.addBefore(ChatPipelines.APP_HANDLER, WORD_FILTER, filter);
    }

    /**
     * Returns the port the server listens on.
     *
     * @return the bound port
     */
    public int port() {
        return ((InetSocketAddress) listening.localAddress()).getPort();
    }

    /** Stops listening, closes every connection and releases the threads, waiting at most a few seconds. */
    @Override
    public void close() {
        listening.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(); // closes the connections too
    }

    /** Masks banned words with asterisks. It keeps nothing per connection, so one instance serves them all. */
    @Sharable
    static final class WordFilter extends ChannelInboundHandlerAdapter {
        private final Pattern banned;

        WordFilter(Collection<String> words) {
            if (words.stream().allMatch(String::isBlank)) {
                throw new IllegalArgumentException("no words to mask");
            }
            // Whole words only ("darned" stays), in any case and any script.
            this.banned = Pattern.compile(words.stream().filter(word -> !word.isBlank()).map(Pattern::quote)
                    .collect(Collectors.joining("|", "\\b(?:", ")\\b")),
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
        }

        String mask(String line) {
            return banned.matcher(line).replaceAll(word -> "*".repeat(word.group().length()));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.fireChannelRead(msg instanceof String line ? mask(line) : msg);
        }
    }

    /** The application's handler: it answers each line with the same line. */
    @Sharable
    static final class Echo extends SimpleChannelInboundHandler<String> {
        static final Echo INSTANCE = new Echo();

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            ctx.writeAndFlush(line);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.log(System.Logger.Level.WARNING, "closing " + ctx.channel().remoteAddress() + ": " + cause);
            ctx.close();
        }
    }
}
