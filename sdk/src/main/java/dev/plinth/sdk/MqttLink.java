package dev.plinth.sdk;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The app's MQTT 5 session: persistent (client id = username, clean start false, one day of
 * session expiry), reconnecting on its own, QoS 1 both ways.
 *
 * <p>Messages are taken through one global flow registered before connecting, and acknowledged by
 * hand once their callback returned. A broker resumes a persistent session by sending what it
 * queued right after CONNACK, before the app had a chance to subscribe again; a client that routed
 * only through per-subscription callbacks would acknowledge and drop those. Here they wait,
 * unacknowledged, until the app subscribes to their topic (the broker sends no more than the
 * client's {@link #RECEIVE_MAXIMUM} unacknowledged, which bounds the wait).</p>
 */
final class MqttLink implements AutoCloseable {

    static final long SESSION_EXPIRY_SECONDS = Duration.ofDays(1).toSeconds();
    /**
     * Unacknowledged messages the broker may have in flight to this client. Small enough that a
     * busy instance leaves shared readings to the other instances, and that what waits in memory
     * stays bounded; large enough to keep a loopback link busy.
     */
    static final int RECEIVE_MAXIMUM = 100;
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
    private static final System.Logger LOG = System.getLogger("dev.plinth.sdk");

    private final PlinthConfig config;
    private final Duration timeout;
    private final Mqtt5AsyncClient client;
    private final Object lock = new Object();
    /** Topic → where its messages go. Guarded by {@link #lock}. */
    private final Map<String, Route> routes = new HashMap<>();
    /** Topic → messages that arrived before anything subscribed to it, oldest first. Guarded by {@link #lock}. */
    private final Map<String, List<Mqtt5Publish>> waiting = new HashMap<>();
    private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();
    private volatile boolean everConnected;
    private volatile boolean outageLogged;
    private volatile boolean closing;

    private MqttLink(PlinthConfig config, Duration timeout) {
        this.config = config;
        this.timeout = timeout;
        String scheme = config.mqttUrl().getScheme();
        boolean tls = scheme.equals("ssl") || scheme.equals("mqtts");
        int port = config.mqttUrl().getPort() > 0 ? config.mqttUrl().getPort() : tls ? 8883 : 1883;
        Mqtt5ClientBuilder builder = MqttClient.builder()
                .useMqttVersion5()
                .identifier(config.username())
                .serverHost(config.mqttUrl().getHost())
                .serverPort(port)
                .simpleAuth()
                .username(config.username())
                .password(config.password().getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .automaticReconnect()
                .initialDelay(250, TimeUnit.MILLISECONDS)
                .maxDelay(10, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(context -> connected())
                .addDisconnectedListener(this::disconnected);
        if (tls) {
            builder = builder.sslWithDefaultConfig();
        }
        this.client = builder.buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, this::arrived, true);
    }

    /**
     * Connects and waits for the broker's first CONNACK.
     *
     * @throws PlinthException when the broker refuses the credential or cannot be reached in time
     */
    static MqttLink open(PlinthConfig config, Duration timeout) {
        MqttLink link = new MqttLink(config, timeout);
        link.client.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(SESSION_EXPIRY_SECONDS)
                .restrictions().receiveMaximum(RECEIVE_MAXIMUM).applyRestrictions()
                .send();
        try {
            link.firstConnect.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return link;
        } catch (TimeoutException e) {
            link.abandon();
            throw new PlinthException("cannot reach the MQTT broker at " + config.mqttUrl() + " within "
                    + timeout.toSeconds() + " s (is it running, and is PLINTH_MQTT_URL right?)");
        } catch (ExecutionException e) {
            link.abandon();
            throw e.getCause() instanceof PlinthException p ? p
                    : new PlinthException("cannot connect to the MQTT broker at " + config.mqttUrl() + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            link.abandon();
            Thread.currentThread().interrupt();
            throw new PlinthException("interrupted while connecting to the MQTT broker", e);
        }
    }

    private void connected() {
        if (everConnected && outageLogged) {
            LOG.log(Level.INFO, "reconnected to the MQTT broker at {0}", config.mqttUrl());
        }
        everConnected = true;
        outageLogged = false;
        firstConnect.complete(null);
    }

    private void disconnected(MqttClientDisconnectedContext context) {
        if (context.getSource() == MqttDisconnectSource.USER || closing) {
            return;
        }
        Throwable cause = context.getCause();
        if (cause instanceof Mqtt5ConnAckException refused && !everConnected) {
            // A wrong credential will not get better by retrying: fail connect() with the reason.
            context.getReconnector().reconnect(false);
            firstConnect.completeExceptionally(new PlinthException("the MQTT broker at " + config.mqttUrl()
                    + " refused " + config.username() + ": " + refused.getMqttMessage().getReasonCode()
                    + " (check PLINTH_MQTT_USERNAME and PLINTH_MQTT_PASSWORD)"));
            return;
        }
        if (everConnected && !outageLogged) {
            outageLogged = true;
            LOG.log(Level.WARNING, "lost the MQTT broker at {0} ({1}); reconnecting, messages wait in the session",
                    config.mqttUrl(), cause == null ? "no reason given" : cause.getMessage());
        }
    }

    /** @return whether the connection is up now */
    boolean isConnected() {
        return client.getState().isConnected();
    }

    /** Every incoming message, on the client's I/O thread: hand it to its route, or keep it. */
    private void arrived(Mqtt5Publish publish) {
        String topic = publish.getTopic().toString();
        synchronized (lock) {
            Route route = routes.get(topic);
            if (route != null) {
                route.offer(publish);
            } else {
                waiting.computeIfAbsent(topic, t -> new ArrayList<>()).add(publish);
            }
        }
    }

    /**
     * Subscribes with QoS 1 and routes messages of {@code topic} to {@code handler}, one at a time in
     * arrival order on a thread of their own, acknowledging each after the handler returned.
     *
     * @param topicFilter what to subscribe to (may be a shared subscription of {@code topic})
     * @param topic       the topic messages arrive on
     * @param handler     what to do with each message
     * @throws IllegalStateException when something already subscribed to {@code topic}
     * @throws PlinthException       when the broker refuses or does not answer
     */
    Subscription subscribe(String topicFilter, String topic, Consumer<Mqtt5Publish> handler) {
        Route route = new Route(topic, handler);
        synchronized (lock) {
            if (closing) {
                throw new IllegalStateException("this Plinth connection is closed");
            }
            if (routes.containsKey(topic)) {
                throw new IllegalStateException("already subscribed to " + topic + ": close that subscription first");
            }
            routes.put(topic, route);
            List<Mqtt5Publish> early = waiting.remove(topic);
            if (early != null) {
                early.forEach(route::offer);
            }
        }
        try {
            Mqtt5SubAck ack = await(client.subscribeWith().topicFilter(topicFilter).qos(MqttQos.AT_LEAST_ONCE).send(),
                    "subscribing to " + topicFilter);
            Mqtt5SubAckReasonCode code = ack.getReasonCodes().get(0);
            if (code.isError()) {
                throw new PlinthException("the MQTT broker refused the subscription to " + topicFilter + ": " + code
                        + ack.getReasonString().map(r -> " (" + r + ")").orElse(""));
            }
        } catch (RuntimeException e) {
            synchronized (lock) {
                routes.remove(topic, route);
            }
            route.stop();
            throw e;
        }
        return new Subscription(topicFilter, () -> unsubscribe(topicFilter, topic, route));
    }

    private void unsubscribe(String topicFilter, String topic, Route route) {
        synchronized (lock) {
            if (!routes.remove(topic, route)) {
                return;
            }
        }
        route.stop();
        if (!closing) {
            await(client.unsubscribeWith().topicFilter(topicFilter).send(), "unsubscribing from " + topicFilter);
        }
    }

    /**
     * Publishes with QoS 1.
     *
     * @return completes when the broker acknowledged; fails when it refused (a topic the app may
     *         not publish to) or the session ended first
     */
    CompletableFuture<Void> publish(String topic, byte[] payload) {
        return client.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .contentType("application/json")
                .payload(payload)
                .send()
                .thenApply(result -> {
                    result.getError().ifPresent(error -> {
                        throw new PlinthException("publishing to " + topic + " failed: " + error.getMessage(), error);
                    });
                    if (result instanceof Mqtt5PublishResult.Mqtt5Qos1Result qos1 && qos1.getPubAck().getReasonCode().isError()) {
                        throw new PlinthException("the MQTT broker refused the message on " + topic + ": "
                                + qos1.getPubAck().getReasonCode()
                                + qos1.getPubAck().getReasonString().map(r -> " (" + r + ")").orElse(""));
                    }
                    return null;
                });
    }

    private <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new PlinthException(what + ": the MQTT broker at " + config.mqttUrl() + " did not answer within "
                    + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new PlinthException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlinthException(what + ": interrupted", e);
        }
    }

    /**
     * Lets running callbacks finish (for a few seconds) so their messages are acknowledged, then
     * disconnects. Messages not handled yet stay in the broker's session for the next start.
     */
    @Override
    public void close() {
        List<Route> open;
        synchronized (lock) {
            if (closing) {
                return;
            }
            closing = true;
            open = new ArrayList<>(routes.values());
            routes.clear();
            waiting.clear();
        }
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        for (Route route : open) {
            route.drain(Math.max(0, deadline - System.nanoTime()));
        }
        try {
            client.disconnect().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.DEBUG, "MQTT disconnect: {0}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Gives up a connection that never became usable. */
    private void abandon() {
        closing = true;
        client.disconnect();
    }

    /** One topic's messages, handled one at a time in order on a thread of their own. */
    private final class Route {
        private final String topic;
        private final Consumer<Mqtt5Publish> handler;
        private final ExecutorService executor;
        /** Set when callbacks were cut short: their messages must not be acknowledged any more. */
        private volatile boolean abandoned;
        private volatile boolean stopped;
        /** Set when the app unsubscribed: what is still queued is dropped, so it is acknowledged. */
        private volatile boolean acknowledgeSkipped;

        Route(String topic, Consumer<Mqtt5Publish> handler) {
            this.topic = topic;
            this.handler = handler;
            this.executor = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "plinth-" + topic);
                thread.setDaemon(true);
                return thread;
            });
        }

        void offer(Mqtt5Publish publish) {
            try {
                executor.execute(() -> handle(publish));
            } catch (RejectedExecutionException e) {
                // Stopping: left unacknowledged, the broker sends it again in the next session.
            }
        }

        private void handle(Mqtt5Publish publish) {
            if (stopped) {
                if (acknowledgeSkipped && !abandoned) {
                    acknowledge(publish);
                }
                return;
            }
            try {
                handler.accept(publish);
            } catch (RuntimeException | Error e) {
                // Acknowledged all the same: a message that always fails must not block the ones after it.
                LOG.log(Level.WARNING, "the callback for " + topic + " failed; the message is dropped", e);
            }
            if (!abandoned) {
                acknowledge(publish);
            }
        }

        private void acknowledge(Mqtt5Publish publish) {
            try {
                publish.acknowledge();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "acknowledging a message of {0}: {1}", topic, e.getMessage());
            }
        }

        /** Stops taking messages; lets the running callback finish within {@code nanos}. */
        void drain(long nanos) {
            stopped = true;
            executor.shutdown();
            try {
                if (!executor.awaitTermination(nanos, TimeUnit.NANOSECONDS)) {
                    abandoned = true;
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                abandoned = true;
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }

        /** The app unsubscribed: drops (and acknowledges) what is still queued. */
        void stop() {
            acknowledgeSkipped = true;
            drain(CLOSE_GRACE.toNanos());
        }
    }
}
