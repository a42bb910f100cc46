package dev.plinth.gateway.apps.websocket;

import dev.plinth.gateway.apps.endpoints.AppEndpoints;
import dev.plinth.gateway.apps.proxy.AppProxyMetrics;

import dev.plinth.kit.errors.ApiError;
import dev.plinth.kit.http.AfterHttpCodec;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Passes WebSocket connections to app instances. Micronaut's proxy client cannot relay an HTTP
 * upgrade, so a Netty handler placed right after the HTTP/1.1 codec of every connection takes
 * {@code Upgrade: websocket} requests for {@code /apps/{name}/...} before Micronaut sees them,
 * opens a TCP connection to a healthy instance on the same event loop, sends it the upgrade request
 * with the prefix stripped and the {@code X-Forwarded-*} headers, and, when the instance switches
 * protocols, takes both connections out of HTTP and relays bytes until either side closes.
 *
 * <p>Any other request passes through untouched. WebSockets over HTTP/2 (RFC 8441) are not
 * relayed: the gateway speaks HTTP/1.1 unless configured otherwise.</p>
 */
@Singleton
@Requires(classes = NettyServerCustomizer.class)
public class WebSocketTunnels implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    static final String INTERCEPTOR = "plinth-app-websocket";

    private final AppEndpoints endpoints;
    private final AppProxyMetrics metrics;
    private final TunnelSettings settings;
    private final JsonMapper json;

    public WebSocketTunnels(AppEndpoints endpoints, AppProxyMetrics metrics, TunnelSettings settings, JsonMapper json) {
        this.endpoints = endpoints;
        this.metrics = metrics;
        this.settings = settings;
        this.json = json;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        NettyServerCustomizer.Registry registry = event.getBean();
        registry.register(new AfterHttpCodec(INTERCEPTOR, () -> new UpgradeInterceptor(this)));
        return registry;
    }

    AppEndpoints endpoints() {
        return endpoints;
    }

    AppProxyMetrics metrics() {
        return metrics;
    }

    TunnelSettings settings() {
        return settings;
    }

    byte[] toJson(ApiError error) {
        try {
            return json.writeValueAsBytes(error);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
