package dev.plinth.kit.http;

import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;

import java.util.function.Supplier;

/**
 * Puts a Netty handler right after the HTTP/1.1 codec of every connection of a Micronaut HTTP
 * server, so it sees each request before Micronaut does. Register it from a
 * {@code BeanCreatedEventListener<NettyServerCustomizer.Registry>}.
 */
public final class AfterHttpCodec implements NettyServerCustomizer {

    private final String name;
    private final Supplier<ChannelHandler> handler;
    private final Channel channel;

    /**
     * @param name    the handler's name in the pipeline (it is added once per connection)
     * @param handler makes the handler of one connection
     */
    public AfterHttpCodec(String name, Supplier<ChannelHandler> handler) {
        this(name, handler, null);
    }

    private AfterHttpCodec(String name, Supplier<ChannelHandler> handler, Channel channel) {
        this.name = name;
        this.handler = handler;
        this.channel = channel;
    }

    @Override
    public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
        return role == ChannelRole.CONNECTION ? new AfterHttpCodec(name, handler, channel) : this;
    }

    @Override
    public void onStreamPipelineBuilt() {
        if (channel == null) {
            return;
        }
        ChannelPipeline pipeline = channel.pipeline();
        ChannelHandlerContext codec = pipeline.context(HttpServerCodec.class);
        if (codec != null && pipeline.get(name) == null) {
            pipeline.addAfter(codec.name(), name, handler.get());
        }
    }
}
