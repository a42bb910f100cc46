package dev.plinth.bootstrapper.infra;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * An MQTT broker inside this JVM (HiveMQ Community Edition, embedded) with file persistence
 * under the data directory, so persistent sessions and queued QoS 1 messages survive a restart.
 *
 * <p>HiveMQ's default per-client queue (1,000 messages) drops QoS 1 messages for a subscriber
 * that falls behind; the queue here is large, and messages beyond it are refused at publish
 * rather than dropped silently. Each client may have up to 1,024 QoS 1 publishes awaiting the
 * broker's acknowledgement (HiveMQ's default is 10), so sensor-manager's one connection can pass
 * readings on to apps without waiting for each round trip.</p>
 *
 * <p>Retained messages are off (nothing of the platform uses them; a retained reading or command
 * would reach whoever subscribes later), and no packet may be larger than
 * {@code PLINTH_MQTT_MAX_PACKET_BYTES} (256 KiB by default; HiveMQ's own default is 256 MiB): a
 * client that sends a larger one is disconnected.</p>
 */
public final class EmbeddedMqtt implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMqtt.class);

    private final Path dir;
    private final String bindAddress;
    private final int port;
    private final EmbeddedExtension extension;
    private final int maxPacketBytes;
    private EmbeddedHiveMQ hivemq;

    /** The largest MQTT packet the broker takes unless {@code PLINTH_MQTT_MAX_PACKET_BYTES} says otherwise. */
    public static final int DEFAULT_MAX_PACKET_BYTES = 256 * 1024;
    /** The smallest setting: a reading of sensor-manager's smallest {@code max-payload-bytes} must fit. */
    static final int MIN_MAX_PACKET_BYTES = 4 * 1024;
    /** HiveMQ's limit. */
    static final int MAX_MAX_PACKET_BYTES = 268_435_460;

    /**
     * @param dir         holds the broker's configuration and data
     * @param bindAddress the address devices connect to
     * @param port        the MQTT port
     * @param extension   an extension to load (device authentication), or null
     */
    public EmbeddedMqtt(Path dir, String bindAddress, int port, EmbeddedExtension extension) {
        this(dir, bindAddress, port, extension, DEFAULT_MAX_PACKET_BYTES);
    }

    /**
     * @param maxPacketBytes the largest packet a client may send, in bytes
     */
    public EmbeddedMqtt(Path dir, String bindAddress, int port, EmbeddedExtension extension, int maxPacketBytes) {
        if (maxPacketBytes < MIN_MAX_PACKET_BYTES || maxPacketBytes > MAX_MAX_PACKET_BYTES) {
            throw new IllegalArgumentException("the MQTT maximum packet size must be between " + MIN_MAX_PACKET_BYTES + " and "
                    + MAX_MAX_PACKET_BYTES + " bytes, not " + maxPacketBytes);
        }
        this.dir = dir;
        this.bindAddress = bindAddress;
        this.port = port;
        this.extension = extension;
        this.maxPacketBytes = maxPacketBytes;
    }

    /**
     * @param env the environment
     * @return {@code PLINTH_MQTT_MAX_PACKET_BYTES}, or {@link #DEFAULT_MAX_PACKET_BYTES} when unset
     * @throws IllegalArgumentException when it is not a whole number in range
     */
    public static int maxPacketBytes(java.util.Map<String, String> env) {
        String value = env.get("PLINTH_MQTT_MAX_PACKET_BYTES");
        if (value == null || value.isBlank()) {
            return DEFAULT_MAX_PACKET_BYTES;
        }
        try {
            int bytes = Integer.parseInt(value.trim());
            if (bytes >= MIN_MAX_PACKET_BYTES && bytes <= MAX_MAX_PACKET_BYTES) {
                return bytes;
            }
        } catch (NumberFormatException e) {
            // Said below.
        }
        throw new IllegalArgumentException("PLINTH_MQTT_MAX_PACKET_BYTES must be a number of bytes between " + MIN_MAX_PACKET_BYTES
                + " and " + MAX_MAX_PACKET_BYTES + ", not '" + value + "'");
    }

    /** @return the URL clients on this machine use */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** @return the MQTT port */
    public int port() {
        return port;
    }

    public synchronized void start() throws IOException {
        Path conf = dir.resolve("conf");
        Path data = dir.resolve("data");
        Path extensions = dir.resolve("extensions");
        Files.createDirectories(conf);
        Files.createDirectories(data);
        Files.createDirectories(extensions);
        Files.writeString(conf.resolve("config.xml"), """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                    <tcp-listener>
                      <port>%d</port>
                      <bind-address>%s</bind-address>
                    </tcp-listener>
                  </listeners>
                  <mqtt>
                    <queued-messages>
                      <max-queue-size>1000000</max-queue-size>
                      <strategy>discard</strategy>
                    </queued-messages>
                    <receive-maximum>
                      <server-receive-maximum>1024</server-receive-maximum>
                    </receive-maximum>
                    <session-expiry>
                      <max-interval>604800</max-interval>
                    </session-expiry>
                    <retained-messages>
                      <enabled>false</enabled>
                    </retained-messages>
                    <packets>
                      <max-packet-size>%d</max-packet-size>
                    </packets>
                  </mqtt>
                  <persistence>
                    <mode>file</mode>
                  </persistence>
                  <anonymous-usage-statistics>
                    <enabled>false</enabled>
                  </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, bindAddress, maxPacketBytes), StandardCharsets.UTF_8);
        EmbeddedHiveMQBuilder builder = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(extensions)
                .withoutLoggingBootstrap();
        if (extension != null) {
            builder.withEmbeddedExtension(extension);
        }
        hivemq = builder.build();
        try {
            hivemq.start().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IOException("the embedded MQTT broker did not start on port " + port + ": " + rootMessage(e), e);
        }
        LOG.info("embedded MQTT broker listens on {}:{}", bindAddress, port);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** Stops the broker; its persisted sessions stay on disk for the next start. */
    @Override
    public synchronized void close() {
        if (hivemq != null) {
            try {
                hivemq.stop().get(30, TimeUnit.SECONDS);
                hivemq.close();
            } catch (Exception e) {
                LOG.warn("the embedded MQTT broker did not stop cleanly: {}", e.getMessage());
            }
            hivemq = null;
        }
    }
}
