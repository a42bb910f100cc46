package dev.plinth.sdk;

/**
 * How the readings of a sensor requirement are spread over an app's instances.
 */
public enum Delivery {
    /** Each reading reaches one instance of the app (an MQTT shared subscription). The default. */
    SHARED,
    /** Every instance receives every reading. */
    BROADCAST
}
