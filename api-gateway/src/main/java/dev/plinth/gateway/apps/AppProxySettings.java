package dev.plinth.gateway.apps;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Settings of the proxy to app instances ({@code plinth.gateway.apps.*}).
 *
 * @param resyncInterval   how often the endpoint table is rebuilt from MongoDB
 * @param suspectFor       how long an instance that refused a connection is tried last
 * @param statusGrace      how long a status event outranks MongoDB, which node-manager updates a
 *                         little after the event
 * @param connectTimeout   how long the WebSocket tunnel waits for an instance to accept a connection
 * @param handshakeTimeout how long the WebSocket tunnel waits for an instance to answer the upgrade
 */
@ConfigurationProperties("plinth.gateway.apps")
public record AppProxySettings(
        @Bindable(defaultValue = "5s") Duration resyncInterval,
        @Bindable(defaultValue = "5s") Duration suspectFor,
        @Bindable(defaultValue = "15s") Duration statusGrace,
        @Bindable(defaultValue = "5s") Duration connectTimeout,
        @Bindable(defaultValue = "30s") Duration handshakeTimeout) {
}
