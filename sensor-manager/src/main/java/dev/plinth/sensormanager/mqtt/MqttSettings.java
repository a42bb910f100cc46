package dev.plinth.sensormanager.mqtt;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.net.URI;
import java.time.Duration;

/**
 * sensor-manager's connection to the MQTT broker, under {@code plinth.mqtt}.
 *
 * <p>Without a username, sensor-manager signs in as {@code service:{subsystem}} with a service token
 * as the password, which the embedded broker's extension checks; a fresh token is sent at every
 * reconnect. An external broker that cannot check tokens gets a fixed username and password.</p>
 *
 * @param url           the broker, as {@code tcp://127.0.0.1:1883}
 * @param username      a fixed username, for brokers that cannot check service tokens
 * @param password      its password
 * @param clientId      the MQTT client id; every sensor-manager process needs its own
 * @param sessionExpiry how long the broker keeps this client's session (subscriptions and queued
 *                      readings) while it is away, so a restart loses nothing; zero for a clean
 *                      session at every connect
 * @param sharedGroup   the shared-subscription group sensor-manager processes split devices'
 *                      readings and apps' commands in; empty for plain subscriptions, right when
 *                      only one sensor-manager runs ({@code plinth up}) and several times faster on
 *                      HiveMQ CE, whose shared subscriptions deliver a few thousand messages a second
 * @param publishers    extra publish-only connections that deliver readings to apps (client ids
 *                      {@code {clientId}-p1}, …); 0 delivers on the main connection
 */
@ConfigurationProperties("plinth.mqtt")
public record MqttSettings(
        @Bindable(defaultValue = "tcp://127.0.0.1:1883") URI url,
        @Nullable String username,
        @Nullable String password,
        @Bindable(defaultValue = "plinth-sensor-manager") String clientId,
        @Bindable(defaultValue = "1h") Duration sessionExpiry,
        @Bindable(defaultValue = "sensor-manager") String sharedGroup,
        @Bindable(defaultValue = "2") int publishers) {
}
