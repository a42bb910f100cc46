package dev.plinth.gateway.apps.websocket;

import dev.plinth.gateway.apps.endpoints.AppEndpoints;
import dev.plinth.gateway.apps.endpoints.Endpoint;
import dev.plinth.gateway.apps.proxy.AppErrors;
import dev.plinth.gateway.apps.proxy.AppPath;
import dev.plinth.gateway.apps.proxy.ForwardedHeaders;

import dev.plinth.kit.errors.ApiError;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket upgrade of one client connection, from choosing an instance to relaying bytes.
 * Everything runs on the client connection's event loop, which the instance connection shares, so
 * no state here needs locking.
 */
final class WebSocketTunnel {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketTunnel.class);
    private static final String UPSTREAM_CODEC = "http-client-codec";
    private static final String HANDSHAKE = "plinth-app-handshake";
    private static final String RELAY = "plinth-app-relay";

    private final WebSocketTunnels tunnels;
    private final ChannelHandlerContext client;
    private final HttpRequest request;
    private final AppPath path;
    private final String rawQuery;

    private List<Endpoint> candidates = List.of();
    private Channel upstream;
    private ScheduledFuture<?> handshakeTimeout;
    /** The client got an answer, or the start of one. */
    private boolean answered;
    /** The tunnel is over, or relaying and no longer this object's business. */
    private boolean done;

    /**
     * @param client   the interceptor's context on the client connection
     * @param request  the upgrade request as the client sent it
     * @param path     its app path
     * @param rawQuery its raw query, or null
     */
    WebSocketTunnel(WebSocketTunnels tunnels, ChannelHandlerContext client, HttpRequest request, AppPath path, String rawQuery) {
        this.tunnels = tunnels;
        this.client = client;
        this.request = request;
        this.path = path;
        this.rawQuery = rawQuery;
    }

    void start() {
        String app = path.app();
        if (!path.validName()) {
            answer(AppErrors.unknownApp(app));
            return;
        }
        AppEndpoints.Route route = tunnels.endpoints().route(app);
        if (route.verdict() != AppEndpoints.Verdict.ROUTABLE) {
            if (route.verdict() == AppEndpoints.Verdict.NO_HEALTHY_INSTANCE) {
                tunnels.metrics().request(app);
                tunnels.metrics().failure(app);
            }
            answer(AppErrors.of(route.verdict(), app));
            return;
        }
        tunnels.metrics().request(app);
        candidates = route.candidates();
        connect(0);
    }

    private void connect(int index) {
        Endpoint endpoint = candidates.get(index);
        Channel clientChannel = client.channel();
        Bootstrap bootstrap = new Bootstrap()
                .group(clientChannel.eventLoop())
                .channel(clientChannel.getClass())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) tunnels.settings().connectTimeout().toMillis())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(UPSTREAM_CODEC, new HttpClientCodec());
                        ch.pipeline().addLast(HANDSHAKE, new Handshake());
                    }
                });
        bootstrap.connect(endpoint.host(), endpoint.port()).addListener((ChannelFutureListener) connected -> {
            if (done) {
                connected.channel().close();
                return;
            }
            if (connected.isSuccess()) {
                upstream = connected.channel();
                sendUpgrade(endpoint);
                return;
            }
            if (tunnels.endpoints().markSuspect(endpoint.instanceId())) {
                LOG.warn("instance {} of app {} at {} refuses connections ({}); trying it last for a while",
                        endpoint.instanceId(), endpoint.app(), endpoint.authority(), connected.cause().toString());
            }
            if (index + 1 < candidates.size()) {
                connect(index + 1);
            } else {
                tunnels.metrics().failure(path.app());
                answer(AppErrors.noInstanceAccepts(path.app()));
            }
        });
    }

    private void sendUpgrade(Endpoint endpoint) {
        DefaultFullHttpRequest upgrade = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                path.target(rawQuery), Unpooled.EMPTY_BUFFER);
        HttpHeaders in = request.headers();
        HttpHeaders out = upgrade.headers();
        Set<String> skip = ForwardedHeaders.notForwarded(in.getAll(HttpHeaderNames.CONNECTION));
        for (Map.Entry<String, String> header : in) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!skip.contains(name) && !name.equals("cookie") && !name.equals("content-length")
                    && !name.equals("transfer-encoding")) {
                out.add(header.getKey(), header.getValue());
            }
        }
        String cookie = ForwardedHeaders.withoutPlatformCookies(in.getAll(HttpHeaderNames.COOKIE));
        if (cookie != null) {
            out.set(HttpHeaderNames.COOKIE, cookie);
        }
        InetSocketAddress remote = client.channel().remoteAddress() instanceof InetSocketAddress a ? a : null;
        boolean secure = client.pipeline().get(SslHandler.class) != null;
        ForwardedHeaders.forwarded(in.getAll(ForwardedHeaders.X_FORWARDED_FOR), remote, secure,
                in.get(HttpHeaderNames.HOST), path.prefix()).forEach(out::set);
        out.set(HttpHeaderNames.HOST, endpoint.authority());
        out.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        out.set(HttpHeaderNames.UPGRADE, in.get(HttpHeaderNames.UPGRADE));

        handshakeTimeout = client.executor().schedule(() -> {
            if (!answered && !done) {
                tunnels.metrics().failure(path.app());
                answer(AppErrors.timeout(path.app()));
            }
        }, tunnels.settings().handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        upstream.writeAndFlush(upgrade).addListener((ChannelFutureListener) written -> {
            if (!written.isSuccess() && !answered && !done) {
                tunnels.metrics().failure(path.app());
                answer(AppErrors.broken(path.app(), "broke the connection before it answered the WebSocket upgrade"));
            }
        });
        upstream.read();
    }

    /** A message from the client while the upgrade is under way: an upgrade request has no body. */
    void clientMessage(Object msg) {
        boolean unexpected = !(msg instanceof LastHttpContent last) || last.content().isReadable();
        ReferenceCountUtil.release(msg);
        if (unexpected && !done) {
            LOG.debug("client sent data before the WebSocket upgrade of app {} completed; closing", path.app());
            closeBoth();
        }
    }

    /** The client connection closed before the tunnel took it over. */
    void clientClosed() {
        if (!done) {
            closeBoth();
        }
    }

    /** Answers the client with the gateway's own error, then closes both connections. */
    private void answer(ApiError error) {
        if (answered) {
            closeBoth();
            return;
        }
        answered = true;
        done = true;
        cancelTimeout();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(error.status()), Unpooled.wrappedBuffer(tunnels.toJson(error)));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (error.status() == HttpResponseStatus.SERVICE_UNAVAILABLE.code()) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, "5");
        }
        client.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        if (upstream != null) {
            upstream.close();
        }
    }

    private void closeBoth() {
        done = true;
        cancelTimeout();
        client.channel().close();
        if (upstream != null) {
            upstream.close();
        }
    }

    private void cancelTimeout() {
        if (handshakeTimeout != null) {
            handshakeTimeout.cancel(false);
        }
    }

    /**
     * The instance switched protocols: answer the client, then take both connections out of HTTP.
     * The HTTP codecs go last, so bytes they still hold reach the relays.
     */
    private void switchToRelay(ChannelHandlerContext handshake, HttpResponse switched) {
        done = true;
        answered = true;
        cancelTimeout();
        Channel clientChannel = client.channel();
        HttpResponse answer = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS,
                forBrowser(switched.headers()));
        client.write(answer);
        client.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);

        ChannelPipeline clientPipeline = client.pipeline();
        List<String> micronautHandlers = new ArrayList<>();
        boolean after = false;
        for (Map.Entry<String, ChannelHandler> handler : clientPipeline) {
            if (after) {
                micronautHandlers.add(handler.getKey());
            }
            after |= handler.getKey().equals(client.name());
        }
        micronautHandlers.forEach(clientPipeline::remove);
        clientPipeline.addAfter(client.name(), RELAY, new ByteRelay(upstream));
        clientPipeline.remove(client.name());
        clientPipeline.remove(HttpServerCodec.class);

        ChannelPipeline upstreamPipeline = handshake.pipeline();
        upstreamPipeline.addAfter(HANDSHAKE, RELAY, new ByteRelay(clientChannel));
        upstreamPipeline.remove(HANDSHAKE);
        upstreamPipeline.remove(UPSTREAM_CODEC);
        LOG.debug("WebSocket of {} relayed to {}", clientChannel.remoteAddress(), upstream.remoteAddress());
    }

    /** An instance's answer headers without the platform's cookies or a credentials challenge. */
    private static HttpHeaders forBrowser(HttpHeaders headers) {
        HttpHeaders copy = headers.copy();
        new ArrayList<>(copy.names()).stream().filter(ForwardedHeaders::isChallenge).forEach(copy::remove);
        List<String> cookies = copy.getAll(HttpHeaderNames.SET_COOKIE);
        copy.remove(HttpHeaderNames.SET_COOKIE);
        cookies.stream().filter(c -> !ForwardedHeaders.setsPlatformCookie(c))
                .forEach(c -> copy.add(HttpHeaderNames.SET_COOKIE, c));
        return copy;
    }

    /** Reads the instance's answer to the upgrade request. */
    private final class Handshake extends ChannelInboundHandlerAdapter {

        private HttpResponse switching;
        private boolean passingOn;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (done && !passingOn) {
                    return;
                }
                if (msg instanceof HttpResponse response) {
                    cancelTimeout();
                    if (response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
                        switching = response;
                    } else {
                        passOn(response);
                    }
                }
                if (msg instanceof HttpContent content) {
                    if (passingOn) {
                        boolean last = content instanceof LastHttpContent;
                        client.write(last ? new DefaultLastHttpContent(content.content().retain())
                                : new DefaultHttpContent(content.content().retain()));
                        if (last) {
                            passingOn = false;
                            client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                            ctx.close();
                        }
                    } else if (switching != null && content instanceof LastHttpContent) {
                        switchToRelay(ctx, switching);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        /** The instance refused the upgrade: its answer goes to the client as it is, then both close. */
        private void passOn(HttpResponse response) {
            answered = true;
            done = true;
            passingOn = true;
            if (response.status().code() >= 500) {
                tunnels.metrics().serverError(path.app());
            }
            HttpHeaders headers = forBrowser(response.headers());
            headers.remove("Keep-Alive");
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            client.write(new DefaultHttpResponse(HttpVersion.HTTP_1_1, response.status(), headers));
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (!done || passingOn) {
                ctx.read();
            }
            client.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!answered) {
                tunnels.metrics().failure(path.app());
                answer(AppErrors.broken(path.app(), "closed the connection before it answered the WebSocket upgrade"));
            } else if (passingOn || !clientPipelineSwitched()) {
                closeBoth();
            }
        }

        private boolean clientPipelineSwitched() {
            return client.pipeline().get(RELAY) != null;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("WebSocket upgrade of app {} failed: {}", path.app(), cause.toString());
            if (!answered) {
                tunnels.metrics().failure(path.app());
                answer(AppErrors.broken(path.app(), "broke the connection during the WebSocket upgrade"));
            } else {
                closeBoth();
            }
        }
    }
}
