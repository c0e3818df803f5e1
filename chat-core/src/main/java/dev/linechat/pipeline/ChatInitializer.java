package dev.linechat.pipeline;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import java.util.function.Supplier;

/**
 * Sets up a new channel as one side of a chat, around the application's own handler, for people who
 * configure Netty bootstraps themselves:
 *
 * <pre>{@code
 * serverBootstrap.childHandler(ChatInitializer.server(MyHandler::new));
 * bootstrap.handler(ChatInitializer.client(MyHandler::new));
 * }</pre>
 *
 * <p>The supplier is asked for a handler per channel; it may return the same instance every time if
 * that handler is {@code @Sharable}. The handler receives {@link String} lines and may write any
 * {@link CharSequence}.
 */
public final class ChatInitializer extends ChannelInitializer<Channel> {

    private final boolean server;
    private final LineOptions options;
    private final Supplier<? extends ChannelHandler> app;

    private ChatInitializer(boolean server, LineOptions options, Supplier<? extends ChannelHandler> app) {
        if (options == null || app == null) {
            throw new NullPointerException(options == null ? "options" : "app");
        }
        this.server = server;
        this.options = options;
        this.app = app;
    }

    /**
     * Returns an initializer for accepted connections, with the default line options.
     *
     * @param app supplies the application's handler for each connection
     * @return the initializer, for {@code ServerBootstrap.childHandler}
     */
    public static ChatInitializer server(Supplier<? extends ChannelHandler> app) {
        return server(LineOptions.DEFAULT, app);
    }

    /**
     * Returns an initializer for accepted connections; see {@link ChatPipelines#server}.
     *
     * @param options line limit and charset
     * @param app supplies the application's handler for each connection
     * @return the initializer, for {@code ServerBootstrap.childHandler}
     */
    public static ChatInitializer server(LineOptions options, Supplier<? extends ChannelHandler> app) {
        return new ChatInitializer(true, options, app);
    }

    /**
     * Returns an initializer for outgoing connections, with the default line options.
     *
     * @param app supplies the application's handler for the connection
     * @return the initializer, for {@code Bootstrap.handler}
     */
    public static ChatInitializer client(Supplier<? extends ChannelHandler> app) {
        return client(LineOptions.DEFAULT, app);
    }

    /**
     * Returns an initializer for outgoing connections; see {@link ChatPipelines#client}.
     *
     * @param options line limit and charset
     * @param app supplies the application's handler for the connection
     * @return the initializer, for {@code Bootstrap.handler}
     */
    public static ChatInitializer client(LineOptions options, Supplier<? extends ChannelHandler> app) {
        return new ChatInitializer(false, options, app);
    }

    @Override
    protected void initChannel(Channel ch) {
        if (server) {
            ChatPipelines.server(ch.pipeline(), options, app.get());
        } else {
            ChatPipelines.client(ch.pipeline(), options, app.get());
        }
    }
}
