package dev.plinth.gateway.apps.websocket;

import dev.plinth.gateway.apps.proxy.AppPath;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.channel.socket.SocketChannel;

import java.net.URI;

/**
 * Sits after the HTTP/1.1 codec of one client connection and takes WebSocket upgrade requests for
 * apps out of Micronaut's hands; everything else passes through. While it handles an upgrade it
 * holds back the connection's further input, so Micronaut neither reads nor answers on it.
 */
final class UpgradeInterceptor extends ChannelInboundHandlerAdapter {

    private final WebSocketTunnels tunnels;
    private WebSocketTunnel tunnel;

    UpgradeInterceptor(WebSocketTunnels tunnels) {
        this.tunnels = tunnels;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (tunnel != null) {
            tunnel.clientMessage(msg);
            return;
        }
        if (msg instanceof HttpRequest request && ctx.channel() instanceof SocketChannel) {
            AppPath path = appUpgradePath(request);
            if (path != null) {
                tunnel = new WebSocketTunnel(tunnels, ctx, request, path, rawQuery(request.uri()));
                tunnel.start();
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (tunnel == null) {
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (tunnel != null) {
            tunnel.clientClosed();
        }
        ctx.fireChannelInactive();
    }

    /** @return the app path of a WebSocket upgrade for {@code /apps/{name}/...}, else null */
    static AppPath appUpgradePath(HttpRequest request) {
        if (!request.decoderResult().isSuccess() || !HttpMethod.GET.equals(request.method())
                || !HttpVersion.HTTP_1_1.equals(request.protocolVersion())
                || !request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                || !request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
            return null;
        }
        AppPath path = AppPath.parse(rawPath(request.uri()));
        // Without the slash Micronaut answers with the redirect, as for any request.
        return path == null || path.needsSlash() ? null : path;
    }

    private static String rawPath(String requestTarget) {
        if (requestTarget.startsWith("/")) {
            int query = requestTarget.indexOf('?');
            return query < 0 ? requestTarget : requestTarget.substring(0, query);
        }
        try {
            return URI.create(requestTarget).getRawPath();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String rawQuery(String requestTarget) {
        int query = requestTarget.indexOf('?');
        return query < 0 ? null : requestTarget.substring(query + 1);
    }
}
