package dev.plinth.bootstrapper.infra.mqtt;

import java.util.Optional;

/**
 * Who an MQTT connection is, as established when it connected.
 *
 * @param kind a device, an app instance or a platform service
 * @param name the device id, the app's name or the service's name
 */
public record BrokerIdentity(Kind kind, String name) {

    /** What connected. */
    public enum Kind {
        /** A registered sensor or controller. */
        DEVICE,
        /** An instance of a deployed app. */
        APP,
        /** A part of the platform, as sensor-manager. */
        SERVICE
    }

    /** @return a compact form for the connection's attribute store */
    String encode() {
        return kind.name() + ":" + name;
    }

    /** @return the identity an attribute holds */
    static Optional<BrokerIdentity> decode(String value) {
        int colon = value.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BrokerIdentity(Kind.valueOf(value.substring(0, colon)), value.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
