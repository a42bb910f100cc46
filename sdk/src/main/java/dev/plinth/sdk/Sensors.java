package dev.plinth.sdk;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The sensors bound to one requirement of the app ({@code sensors[].name} in {@code plinth.yaml}),
 * got from {@link Plinth#sensors(String)}.
 *
 * <pre>{@code
 * plinth.sensors("speed").subscribe(r -> check(r.sensorId(), r.number("speedKmh")));   // shared
 * plinth.sensors("speed").broadcast().subscribe(r -> dashboard.update(r));              // every instance
 * }</pre>
 */
public final class Sensors {

    private final Plinth plinth;
    private final String name;
    private final Delivery delivery;

    Sensors(Plinth plinth, String name, Delivery delivery) {
        this.plinth = plinth;
        this.name = name;
        this.delivery = delivery;
    }

    /** @return the requirement's name */
    public String name() {
        return name;
    }

    /** @return how {@link #subscribe(Consumer)} spreads readings over the app's instances */
    public Delivery delivery() {
        return delivery;
    }

    /**
     * @return the same sensors, subscribed so that every instance of the app gets every reading
     */
    public Sensors broadcast() {
        return new Sensors(plinth, name, Delivery.BROADCAST);
    }

    /**
     * @return the same sensors, subscribed so that each reading reaches one instance (the default)
     */
    public Sensors shared() {
        return new Sensors(plinth, name, Delivery.SHARED);
    }

    /**
     * Receives the readings of these sensors as they arrive, with QoS 1.
     *
     * <p>The callback runs on a thread of this subscription, one reading at a time, in the order the
     * broker delivers them. A reading is acknowledged once the callback returns: if the process dies
     * during the callback, the broker delivers the reading again when the instance comes back (so a
     * reading may be seen twice; {@link Reading#readingId()} tells). A callback that throws is
     * logged, and that reading is acknowledged and not delivered again.</p>
     *
     * <p>Readings that arrived while the instance was away (within a day) are delivered first.</p>
     *
     * @param callback what to do with each reading
     * @return the subscription; close it to stop
     * @throws IllegalStateException when this requirement is subscribed already on this connection
     * @throws PlinthException       when the broker refuses the subscription or does not answer
     */
    public Subscription subscribe(Consumer<Reading> callback) {
        return subscribe(delivery, callback);
    }

    /**
     * Like {@link #subscribe(Consumer)}, with the delivery chosen here.
     *
     * @param delivery {@link Delivery#SHARED} or {@link Delivery#BROADCAST}
     * @param callback what to do with each reading
     * @return the subscription; close it to stop
     */
    public Subscription subscribe(Delivery delivery, Consumer<Reading> callback) {
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(callback, "callback");
        String topic = Topics.sensors(plinth.app(), name);
        String filter = delivery == Delivery.SHARED ? Topics.shared(plinth.app(), topic) : topic;
        return plinth.link().subscribe(filter, topic,
                publish -> callback.accept(Json.reading(Json.parse(publish.getPayloadAsBytes(), "a reading on " + topic))));
    }

    /**
     * @return the latest reading of each bound sensor, by sensor id
     * @see Plinth#latest(String)
     */
    public Map<String, Reading> latest() {
        return plinth.latest(name);
    }

    /**
     * @param from the first instant, inclusive
     * @param to   the last instant, exclusive
     * @return the readings of the bound sensors in that time, oldest first
     * @see Plinth#history(String, Instant, Instant)
     */
    public List<Reading> history(Instant from, Instant to) {
        return plinth.history(name, from, to);
    }

    @Override
    public String toString() {
        return "Sensors[" + name + ", " + delivery + "]";
    }
}
