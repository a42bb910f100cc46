package dev.plinth.gateway.apps.websocket;

import dev.plinth.gateway.apps.endpoints.Endpoint;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.nio.charset.StandardCharsets;

/**
 * A WebSocket app instance for tests: at {@code /ws} it echoes text with its id appended and binary
 * as it came; any other path answers 404 ({@code /challenge}: 401 asking for credentials). It remembers
 * the last handshake it accepted and the headers of the last request it refused.
 */
final class WebSocketEchoInstance implements AutoCloseable {

    final String id;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    volatile String handshakeUri;
    volatile HttpHeaders handshakeHeaders;
    volatile HttpHeaders refusedHeaders;

    WebSocketEchoInstance(String id) throws InterruptedException {
        this.id = id;
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/ws").checkStartsWith(true).maxFramePayloadLength(1 << 20).build();
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
                                new WebSocketServerProtocolHandler(config), new Echo());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    Endpoint endpoint(String app) {
        return new Endpoint(id, app, "127.0.0.1", port());
    }

    private final class Echo extends SimpleChannelInboundHandler<Object> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof TextWebSocketFrame text) {
                ctx.writeAndFlush(new TextWebSocketFrame(text.text() + " from " + id));
            } else if (msg instanceof BinaryWebSocketFrame binary) {
                ctx.writeAndFlush(new BinaryWebSocketFrame(binary.content().retain()));
            } else if (msg instanceof FullHttpRequest request) {
                refusedHeaders = request.headers().copy();
                boolean challenge = request.uri().startsWith("/challenge");
                DefaultFullHttpResponse notFound = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        challenge ? HttpResponseStatus.UNAUTHORIZED : HttpResponseStatus.NOT_FOUND,
                        Unpooled.copiedBuffer("no websocket here", StandardCharsets.UTF_8));
                if (challenge) {
                    notFound.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"give me your platform password\"")
                            .set(HttpHeaderNames.PROXY_AUTHENTICATE, "Basic realm=\"proxy\"");
                }
                notFound.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, notFound.content().readableBytes())
                        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(notFound).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
                handshakeUri = handshake.requestUri();
                handshakeHeaders = handshake.requestHeaders();
            }
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
