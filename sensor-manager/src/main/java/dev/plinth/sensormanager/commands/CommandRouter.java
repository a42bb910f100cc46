package dev.plinth.sensormanager.commands;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.plinth.contracts.state.MqttTopics;
import dev.plinth.sensormanager.SensorMetrics;
import dev.plinth.sensormanager.SensorSettings;
import dev.plinth.sensormanager.binding.Binding;
import dev.plinth.sensormanager.binding.BindingIndex;
import dev.plinth.sensormanager.mqtt.MqttConnection;
import dev.plinth.sensormanager.registry.DeviceKind;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Forwards apps' commands to the controllers bound to them. Commands arrive over MQTT on
 * {@code apps/{app}/controllers/{name}/commands} (shared between sensor-manager processes; the broker
 * lets an app publish under its own {@code apps/{app}/} only, so the topic names the sender) or over
 * HTTP. A command names one bound device or none (then it goes to every controller bound to the
 * requirement) and is published on {@code devices/{id}/commands} at QoS 1 as
 * {@code {commandId, from, payload, time}}. Anything else is refused: counted, logged, and, for MQTT,
 * answered on {@code apps/{app}/controllers/{name}/rejected}.
 */
@Context
public class CommandRouter {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRouter.class);
    private static final Duration LOG_EVERY = Duration.ofSeconds(10);

    private final MqttConnection mqtt;
    private final BindingIndex bindings;
    private final SensorMetrics metrics;
    private final int maxPayloadBytes;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Instant> lastLogged = new ConcurrentHashMap<>();

    /** Why a command was refused, as an HTTP status would say it. */
    public enum Refusal {
        /** The app has no controller requirement of that name bound. */
        NO_BINDING,
        /** The command is malformed or names a device the app is not bound to. */
        INVALID
    }

    /**
     * What became of a command.
     *
     * @param commandId the id given to it, when forwarded
     * @param devices   the devices it was sent to
     * @param refusal   why it was refused, or null
     * @param reason    the refusal for people, or null
     * @param sent      completes when the broker has every message
     */
    public record Outcome(@Nullable String commandId, List<String> devices, @Nullable Refusal refusal, @Nullable String reason,
                          CompletableFuture<Void> sent) {
    }

    public CommandRouter(MqttConnection mqtt, BindingIndex bindings, SensorMetrics metrics, SensorSettings settings) {
        this.mqtt = mqtt;
        this.bindings = bindings;
        this.metrics = metrics;
        this.maxPayloadBytes = settings.maxPayloadBytes();
        mqtt.subscribe(mqtt.shared(MqttTopics.ALL_APP_COMMANDS), MqttQos.AT_LEAST_ONCE,
                this::fromBroker);
    }

    private void fromBroker(Mqtt5Publish publish) {
        MqttTopics.AppRequirement topic = MqttTopics.appCommandsOf(publish.getTopic().toString()).orElse(null);
        if (topic == null) {
            return;
        }
        String app = topic.app();
        String name = topic.name();
        Outcome outcome = send(app, null, name, publish.getPayloadAsBytes());
        if (outcome.refusal() != null) {
            String device = null;
            try {
                device = CommandRequest.parse(publish.getPayloadAsBytes()).device();
            } catch (CommandRequest.Malformed ignored) {
                // The reason already says what is wrong with it.
            }
            mqtt.publish(MqttTopics.appRejected(app, name),
                    CommandRequest.refusal(outcome.reason(), device, clock.instant()), MqttQos.AT_LEAST_ONCE)
                    .whenComplete((ok, error) -> {
                        if (error != null) {
                            LOG.debug("cannot tell {} its command was refused: {}", app, error.getMessage());
                        }
                    });
        }
    }

    /**
     * Checks and forwards one command.
     *
     * @param app        the sending app, trusted (the broker or the HTTP token says who it is)
     * @param deployment the deployment the sender speaks for, or null for the app's active one (the
     *                   broker admits only instances of active deployments)
     * @param name       the controller requirement
     * @param body       the command as sent
     * @return what became of it
     */
    public Outcome send(String app, @Nullable String deployment, String name, byte[] body) {
        if (body.length > maxPayloadBytes) {
            return refuse(app, name, Refusal.INVALID, "a command may have at most " + maxPayloadBytes + " bytes");
        }
        CommandRequest request;
        try {
            request = CommandRequest.parse(body);
        } catch (CommandRequest.Malformed e) {
            return refuse(app, name, Refusal.INVALID, e.getMessage());
        }
        Binding binding = bindings.binding(app, DeviceKind.CONTROLLER, name)
                .filter(b -> deployment == null || b.deploymentId().equals(deployment)).orElse(null);
        if (binding == null) {
            return refuse(app, name, Refusal.NO_BINDING, "app " + app + " has no controllers named '" + name
                    + "' bound (is it deployed, and does its plinth.yaml list them under controllers?)");
        }
        List<String> targets;
        if (request.device() != null) {
            if (!binding.devices().contains(request.device())) {
                return refuse(app, name, Refusal.INVALID, "device " + request.device() + " is not bound to controllers '" + name
                        + "' of app " + app + "; bound: " + binding.devices());
            }
            targets = List.of(request.device());
        } else {
            targets = binding.devices();
            if (targets.isEmpty()) {
                return refuse(app, name, Refusal.INVALID, "no controller is bound to '" + name + "' of app " + app + ": " + binding.reason());
            }
        }
        String commandId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        List<CompletableFuture<Void>> sent = new ArrayList<>(targets.size());
        for (String device : targets) {
            byte[] message = request.forDevice(commandId, app, now);
            sent.add(mqtt.publish(MqttTopics.deviceCommands(device), message, MqttQos.AT_LEAST_ONCE)
                    .whenComplete((ok, error) -> {
                        if (error == null) {
                            metrics.commandForwarded();
                        } else {
                            LOG.warn("command {} of {} could not be sent to {}: {}", commandId, app, device, error.getMessage());
                        }
                    }));
        }
        return new Outcome(commandId, targets, null, null, CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)));
    }

    private Outcome refuse(String app, String name, Refusal refusal, String reason) {
        metrics.commandRejected();
        Instant now = clock.instant();
        Instant last = lastLogged.get(app);
        // At most one line per app every few seconds: a misbehaving app must not flood the logs.
        if (last == null || last.plus(LOG_EVERY).isBefore(now)) {
            lastLogged.put(app, now);
            LOG.info("refused a command of {} to controllers '{}': {}", app, name, reason);
        }
        return new Outcome(null, List.of(), refusal, reason, CompletableFuture.completedFuture(null));
    }
}
