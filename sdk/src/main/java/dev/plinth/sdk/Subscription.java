package dev.plinth.sdk;

/**
 * A running subscription. Closing it unsubscribes from the broker, so the app's session stops
 * collecting these messages. Closing the {@link Plinth} instead keeps the subscription in the
 * broker's session: the next start of the same instance receives what arrived meanwhile.
 */
public final class Subscription implements AutoCloseable {

    private final String topicFilter;
    private final Runnable unsubscribe;

    Subscription(String topicFilter, Runnable unsubscribe) {
        this.topicFilter = topicFilter;
        this.unsubscribe = unsubscribe;
    }

    /** @return the MQTT topic filter subscribed to */
    public String topicFilter() {
        return topicFilter;
    }

    /** Unsubscribes and stops calling the callback; does nothing the second time. */
    @Override
    public void close() {
        unsubscribe.run();
    }

    @Override
    public String toString() {
        return "Subscription[" + topicFilter + "]";
    }
}
