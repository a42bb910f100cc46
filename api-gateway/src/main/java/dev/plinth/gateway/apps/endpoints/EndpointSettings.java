package dev.plinth.gateway.apps.endpoints;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Settings of the table of app instances ({@code plinth.gateway.apps.*}; the WebSocket tunnel reads
 * its own under the same prefix).
 *
 * @param resyncInterval how often the endpoint table is rebuilt from MongoDB
 * @param suspectFor     how long an instance that refused a connection is tried last
 * @param statusGrace    how long a status event outranks MongoDB, which node-manager updates a
 *                       little after the event
 */
@ConfigurationProperties("plinth.gateway.apps")
public record EndpointSettings(
        @Bindable(defaultValue = "5s") Duration resyncInterval,
        @Bindable(defaultValue = "5s") Duration suspectFor,
        @Bindable(defaultValue = "15s") Duration statusGrace) {
}
