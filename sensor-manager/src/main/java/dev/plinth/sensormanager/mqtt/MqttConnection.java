package dev.plinth.sensormanager.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttSharedTopicFilter;
import com.hivemq.client.mqtt.datatypes.MqttTopicFilter;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import dev.plinth.contracts.state.MqttTopics;
import dev.plinth.kit.security.ServiceTokens;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * sensor-manager's MQTT 5 connections to the broker, reconnecting on their own with backoff when the
 * broker goes away, with fresh credentials each time (a service token lives minutes): the main one
 * subscribes (readings, commands) and sends commands; {@code plinth.mqtt.publishers} more only
 * publish readings to apps. HiveMQ handles each connection's publishes one after another, so
 * delivery spread over a few connections keeps up with ingestion where one alone would not.
 *
 * <p>Every incoming message goes through one dispatcher that hands it to the handler of the first
 * subscription whose filter matches its topic; subscriptions are sent again at every connect, so
 * they hold whether or not the broker kept the session.</p>
 */
@Context
public class MqttConnection {

    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);

    private final MqttSettings settings;
    private final ServiceTokens tokens;
    private final Mqtt5AsyncClient client;
    private final Mqtt5AsyncClient[] publishers;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile boolean closing;
    /** Whether the main connection is up and has sent the subscriptions; guarded by {@code subscriptions}. */
    private boolean subscribed;

    private record Subscription(String filter, MqttTopicFilter matcher, MqttQos qos, Consumer<Mqtt5Publish> handler) {
    }

    public MqttConnection(MqttSettings settings, @Nullable ServiceTokens tokens) {
        this.settings = settings;
        this.tokens = tokens;
        this.client = connect(settings.clientId(), settings.sessionExpiry(), true);
        this.publishers = new Mqtt5AsyncClient[Math.max(0, settings.publishers())];
        for (int i = 0; i < publishers.length; i++) {
            // Publish-only: nothing to keep between connections.
            publishers[i] = connect(settings.clientId() + "-p" + (i + 1), Duration.ZERO, false);
        }
    }

    private Mqtt5AsyncClient connect(String identifier, Duration sessionExpiry, boolean subscriber) {
        boolean cleanStart = sessionExpiry.isZero();
        Mqtt5AsyncClient c = MqttClient.builder()
                .useMqttVersion5()
                .identifier(identifier)
                .serverHost(settings.url().getHost())
                .serverPort(settings.url().getPort() > 0 ? settings.url().getPort() : 1883)
                .automaticReconnect().initialDelay(200, TimeUnit.MILLISECONDS).maxDelay(5, TimeUnit.SECONDS).applyAutomaticReconnect()
                .addConnectedListener(context -> {
                    LOG.info("connected to the MQTT broker at {} as {} ({})", settings.url(), username(), identifier);
                    if (subscriber) {
                        resubscribe();
                    }
                })
                .addDisconnectedListener(context -> {
                    if (subscriber) {
                        synchronized (subscriptions) {
                            subscribed = false;
                        }
                    }
                    if (context.getSource() != MqttDisconnectSource.USER && !closing) {
                        LOG.warn("lost the MQTT broker at {} ({}): {}", settings.url(), identifier, context.getCause().getMessage());
                        // A service token lives minutes: every attempt signs in with a fresh one.
                        ((Mqtt5ClientDisconnectedContext) context).getReconnector().connectWith()
                                .cleanStart(cleanStart)
                                .sessionExpiryInterval(sessionExpiry.toSeconds())
                                .simpleAuth(credentials())
                                .applyConnect();
                    }
                })
                .buildAsync();
        if (subscriber) {
            c.publishes(MqttGlobalPublishFilter.ALL, this::dispatch);
        }
        c.connectWith()
                .cleanStart(cleanStart)
                .sessionExpiryInterval(sessionExpiry.toSeconds())
                .simpleAuth(credentials())
                .send()
                .whenComplete((ack, error) -> {
                    if (error != null) {
                        LOG.warn("cannot connect to the MQTT broker at {} yet ({}): {}; retrying", settings.url(), identifier, error.getMessage());
                    }
                });
        return c;
    }

    private String username() {
        if (settings.username() != null) {
            return settings.username();
        }
        return tokens == null ? "" : tokens.subject();
    }

    private Mqtt5SimpleAuth credentials() {
        if (settings.username() != null) {
            return Mqtt5SimpleAuth.builder().username(settings.username())
                    .password(settings.password() == null ? new byte[0] : settings.password().getBytes(StandardCharsets.UTF_8))
                    .build();
        }
        if (tokens == null) {
            return null;
        }
        return Mqtt5SimpleAuth.builder().username(tokens.subject())
                .password(tokens.issue().getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /**
     * Subscribes now (when connected) and at every later connect.
     *
     * @param filter  the topic filter, shared ({@code $share/group/...}) or not
     * @param qos     the maximum QoS
     * @param handler called on the client's thread for each message whose topic the filter matches;
     *                it must not block
     */
    public void subscribe(String filter, MqttQos qos, Consumer<Mqtt5Publish> handler) {
        MqttTopicFilter parsed = MqttTopicFilter.of(filter);
        MqttTopicFilter matcher = parsed instanceof MqttSharedTopicFilter shared ? shared.getTopicFilter() : parsed;
        Subscription subscription = new Subscription(filter, matcher, qos, handler);
        // Only the main connection subscribes, and under the lock its connected listener takes:
        // either that listener already ran and this sends now, or it runs later and sends this
        // with the rest. (Waiting for the publish-only connections too lost the subscription when
        // the main one came up first.)
        boolean now;
        synchronized (subscriptions) {
            subscriptions.add(subscription);
            now = subscribed;
        }
        if (now) {
            send(List.of(subscription));
        }
    }

    private void resubscribe() {
        List<Subscription> all;
        synchronized (subscriptions) {
            subscribed = true;
            all = List.copyOf(subscriptions);
        }
        if (!all.isEmpty()) {
            send(all);
        }
    }

    private void send(List<Subscription> list) {
        Mqtt5Subscribe subscribe = Mqtt5Subscribe.builder()
                .addSubscriptions(list.stream().map(s -> Mqtt5Subscription.builder().topicFilter(s.filter()).qos(s.qos()).build()))
                .build();
        client.subscribe(subscribe).whenComplete((ack, error) -> {
            if (error != null) {
                LOG.warn("cannot subscribe to {} on the MQTT broker: {}", list.stream().map(Subscription::filter).toList(), error.getMessage());
            } else if (ack.getReasonCodes().stream().anyMatch(code -> code.isError())) {
                LOG.warn("the MQTT broker refused the subscriptions {}: {}", list.stream().map(Subscription::filter).toList(), ack.getReasonCodes());
            }
        });
    }

    private void dispatch(Mqtt5Publish publish) {
        for (Subscription s : subscriptions) {
            if (s.matcher().matches(publish.getTopic())) {
                try {
                    s.handler().accept(publish);
                } catch (RuntimeException e) {
                    LOG.error("handling a message on {} failed", publish.getTopic(), e);
                }
                return;
            }
        }
        LOG.debug("no handler for a message on {}", publish.getTopic());
    }

    /**
     * Publishes a message. Completes when the broker acknowledged it (QoS 1), exceptionally when it
     * refused it or the connection failed.
     */
    public CompletableFuture<Void> publish(String topic, byte[] payload, MqttQos qos) {
        return client.publishWith().topic(topic).qos(qos).payload(payload).send().thenApply(MqttConnection::checked);
    }

    /**
     * Publishes a message on one of the publish-only connections, chosen by a key: messages with
     * the same key always take the same connection, so they reach the broker in the order sent.
     * Without publish-only connections ({@code plinth.mqtt.publishers} 0) the main one is used.
     *
     * @param key the ordering key, as a sensor id
     */
    public CompletableFuture<Void> publish(String key, String topic, byte[] payload, MqttQos qos) {
        Mqtt5AsyncClient lane = publishers.length == 0 ? client : publishers[Math.floorMod(key.hashCode(), publishers.length)];
        return lane.publishWith().topic(topic).qos(qos).payload(payload).send().thenApply(MqttConnection::checked);
    }

    private static Void checked(Mqtt5PublishResult result) {
        if (result.getError().isPresent()) {
            throw new IllegalStateException("the MQTT broker did not take the message: " + result.getError().get().getMessage(),
                    result.getError().get());
        }
        if (result instanceof Mqtt5PublishResult.Mqtt5Qos1Result qos1 && qos1.getPubAck().getReasonCode().isError()) {
            throw new IllegalStateException("the MQTT broker refused the message: " + qos1.getPubAck().getReasonCode());
        }
        return null;
    }

    /**
     * @param filter a topic filter
     * @return the filter shared in sensor-manager's group, or as it is when
     *         {@code plinth.mqtt.shared-group} is empty (one sensor-manager process)
     */
    public String shared(String filter) {
        String group = settings.sharedGroup();
        return group == null || group.isBlank() ? filter : MqttTopics.shared(group, filter);
    }

    /** @return the client, for publishing and subscribing */
    public Mqtt5AsyncClient client() {
        return client;
    }

    /** @return whether the connection, and every publish-only one, is up now */
    public boolean connected() {
        if (!client.getState().isConnected()) {
            return false;
        }
        for (Mqtt5AsyncClient publisher : publishers) {
            if (!publisher.getState().isConnected()) {
                return false;
            }
        }
        return true;
    }

    /** @return the broker's URL */
    public String url() {
        return settings.url().toString();
    }

    /** @return the settings */
    public MqttSettings settings() {
        return settings;
    }

    @PreDestroy
    void close() {
        closing = true;
        List<CompletableFuture<Void>> disconnects = new java.util.ArrayList<>();
        disconnects.add(client.disconnect());
        for (Mqtt5AsyncClient publisher : publishers) {
            disconnects.add(publisher.disconnect());
        }
        try {
            CompletableFuture.allOf(disconnects.toArray(CompletableFuture[]::new)).get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("MQTT disconnect: {}", e.getMessage());
        }
    }
}
