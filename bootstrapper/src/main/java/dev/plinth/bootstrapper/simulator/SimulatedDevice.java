package dev.plinth.bootstrapper.simulator;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;

import dev.plinth.contracts.state.MqttTopics;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated car: its {@link SpeedModel}, its MQTT connection (username = device id, password =
 * its token, publishing {@code devices/{id}/telemetry} with QoS 1) and its {@link OfflineQueue}.
 *
 * <p>Each {@link #tick} measures a speed, then sends the readings waiting in the queue, oldest first,
 * each removed only once the broker acknowledged it. If nothing waits any more and the broker is
 * reachable, the new reading is published at once; otherwise it joins the end of the queue. So
 * order is kept and nothing is lost while the broker is away (beyond what a full queue drops).</p>
 *
 * <p>Ticks of one device must not run at the same time; different devices may.</p>
 */
public final class SimulatedDevice implements AutoCloseable {

    /** How long to wait for the broker's acknowledgement before keeping the reading for later. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
    /** The most waiting readings sent in one tick, so new readings keep their cadence after a long outage. */
    static final int DRAIN_PER_TICK = 1000;

    private final String id;
    private final SpeedModel model;
    private final OfflineQueue queue;
    private final Clock clock;
    private final PrintStream out;
    private final Mqtt5AsyncClient client;
    private final String topic;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean refusalReported;
    private volatile boolean closed;

    /**
     * @param id     the device id (its MQTT username and client id)
     * @param token  its token (its MQTT password)
     * @param broker the broker, as {@code tcp://127.0.0.1:1883}
     * @param model  its speed
     * @param queue  its offline queue
     * @param clock  the time put in readings
     * @param out    where a refused token is reported
     */
    public SimulatedDevice(String id, String token, URI broker, SpeedModel model, OfflineQueue queue, Clock clock, PrintStream out) {
        this.id = id;
        this.model = model;
        this.queue = queue;
        this.clock = clock;
        this.out = out;
        this.topic = MqttTopics.deviceTelemetry(id);
        this.client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(id)
                .serverHost(broker.getHost())
                .serverPort(broker.getPort() > 0 ? broker.getPort() : 1883)
                .simpleAuth().username(id).password(token.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .automaticReconnect().initialDelay(250, TimeUnit.MILLISECONDS).maxDelay(5, TimeUnit.SECONDS).applyAutomaticReconnect()
                .addConnectedListener(c -> refusalReported = false)
                .addDisconnectedListener(this::disconnected)
                .buildAsync();
    }

    /** Starts connecting; the connection comes back by itself whenever it is lost. */
    public void connect() {
        client.connectWith().cleanStart(true).send();
    }

    private void disconnected(MqttClientDisconnectedContext context) {
        if (context.getSource() != MqttDisconnectSource.USER && !closed
                && context.getCause() instanceof Mqtt5ConnAckException refusal && !refusalReported) {
            refusalReported = true;
            out.println(id + ": the broker refused the device (" + refusal.getMqttMessage().getReasonCode() + "); was it deleted"
                    + " on the platform? Remove it from " + DeviceRegistration.CREDENTIALS_FILE + " to register it again");
        }
    }

    /**
     * Measures a reading, sends what waits, then publishes the reading (or queues it).
     *
     * @param interval the time since the last tick
     */
    public void tick(Duration interval) {
        double kmh = model.advance(interval.toNanos() / 1e9);
        String payload = String.format(Locale.ROOT, "{\"values\":{\"speedKmh\":%.1f},\"time\":\"%s\"}", kmh,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        // What waits goes first (and makes room before this reading could push the oldest out).
        drain();
        if (!(queue.isEmpty() && publish(payload))) {
            queue.add(payload);
        }
    }

    /** Sends waiting readings, oldest first, while the broker takes them. */
    void drain() {
        for (int i = 0; i < DRAIN_PER_TICK && !queue.isEmpty(); i++) {
            if (!publish(queue.peek())) {
                return;
            }
            queue.remove();
        }
    }

    /** @return whether the broker acknowledged the reading (or refused it for good) */
    private boolean publish(String payload) {
        if (closed || !client.getState().isConnected()) {
            return false;
        }
        try {
            Mqtt5PublishResult result = client.publishWith()
                    .topic(topic)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload.getBytes(StandardCharsets.UTF_8))
                    .send()
                    .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (result.getError().isPresent()) {
                return false;
            }
            if (result instanceof Mqtt5PublishResult.Mqtt5Qos1Result qos1 && qos1.getPubAck().getReasonCode().isError()) {
                // The broker took it and said no (a reading the platform does not accept): sending it again would not help.
                refused.incrementAndGet();
                return true;
            }
            sent.incrementAndGet();
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return the device id */
    public String id() {
        return id;
    }

    /** @return whether the broker connection is up now */
    public boolean connected() {
        return client.getState().isConnected();
    }

    /** @return readings the broker acknowledged */
    public long sent() {
        return sent.get();
    }

    /** @return readings the broker acknowledged with an error (not sent again) */
    public long refused() {
        return refused.get();
    }

    /** @return readings waiting in the offline queue */
    public int queued() {
        return queue.size();
    }

    /** @return readings dropped because the offline queue was full */
    public long dropped() {
        return queue.dropped();
    }

    /** Disconnects and closes the queue; what waits stays on disk for the next run. */
    @Override
    public void close() {
        closed = true;
        try {
            client.disconnect().get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Not connected: nothing to say goodbye to.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.close();
    }
}
