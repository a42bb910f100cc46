package dev.plinth.sensormanager.mqtt;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.net.URI;

/**
 * @param url      the broker, as {@code tcp://127.0.0.1:1883}
 * @param username the user sensor-manager connects as, when the broker needs one
 * @param password its password
 */
@ConfigurationProperties("plinth.mqtt")
public record MqttSettings(
        @Bindable(defaultValue = "tcp://127.0.0.1:1883") URI url,
        @Nullable String username,
        @Nullable String password) {
}
