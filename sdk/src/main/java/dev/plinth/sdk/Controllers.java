package dev.plinth.sdk;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The controllers bound to one requirement of the app ({@code controllers[].name} in
 * {@code plinth.yaml}), got from {@link Plinth#controllers(String)}.
 *
 * <pre>{@code
 * Controllers buzzer = plinth.controllers("buzzer");
 * buzzer.onRejected(r -> log.warn("command refused: " + r.reason()));
 * buzzer.send(Map.of("action", "beep"));               // every bound buzzer
 * buzzer.send("buzzer-1", Map.of("action", "beep"));   // one of them
 * }</pre>
 *
 * <p>A command is any value Jackson can write as JSON (a map, a record, a string). The platform
 * adds an id, the sender and the time, and passes it on to each addressed device.</p>
 */
public final class Controllers {

    private final Plinth plinth;
    private final String name;

    Controllers(Plinth plinth, String name) {
        this.plinth = plinth;
        this.name = name;
    }

    /** @return the requirement's name */
    public String name() {
        return name;
    }

    /**
     * Sends a command to every controller bound to this requirement.
     *
     * @param command the command's payload
     * @return completes when the broker took the command (QoS 1); fails when it refused it
     */
    public CompletableFuture<Void> send(Object command) {
        return publish(null, command);
    }

    /**
     * Sends a command to one bound controller. A device the app is not bound to is refused by the
     * platform and reported to {@link #onRejected}.
     *
     * @param deviceId the controller, such as {@code buzzer-1}
     * @param command  the command's payload
     * @return completes when the broker took the command (QoS 1); fails when it refused it
     */
    public CompletableFuture<Void> send(String deviceId, Object command) {
        Objects.requireNonNull(deviceId, "deviceId");
        return publish(deviceId, command);
    }

    /**
     * Listens for commands of this requirement that the platform refused, with the reason.
     *
     * @param listener called once per refused command, on a thread of this subscription
     * @return the subscription; close it to stop listening
     */
    public Subscription onRejected(Consumer<Rejection> listener) {
        Objects.requireNonNull(listener, "listener");
        String topic = Topics.rejected(plinth.app(), name);
        return plinth.link().subscribe(topic, topic, publish -> listener.accept(Json.rejection(publish.getPayloadAsBytes())));
    }

    private CompletableFuture<Void> publish(String deviceId, Object command) {
        Objects.requireNonNull(command, "command");
        return plinth.link().publish(Topics.commands(plinth.app(), name), Json.command(deviceId, command));
    }

    @Override
    public String toString() {
        return "Controllers[" + name + "]";
    }
}
