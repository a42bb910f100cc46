package dev.plinth.gateway.apps.websocket;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Settings of the WebSocket tunnel to app instances ({@code plinth.gateway.apps.*}, beside the
 * endpoint table's).
 *
 * @param connectTimeout   how long the tunnel waits for an instance to accept a connection
 * @param handshakeTimeout how long the tunnel waits for an instance to answer the upgrade
 */
@ConfigurationProperties("plinth.gateway.apps")
public record TunnelSettings(
        @Bindable(defaultValue = "5s") Duration connectTimeout,
        @Bindable(defaultValue = "30s") Duration handshakeTimeout) {
}
