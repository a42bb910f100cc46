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
 */
public final class EmbeddedMqtt implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMqtt.class);

    private final Path dir;
    private final String bindAddress;
    private final int port;
    private final EmbeddedExtension extension;
    private EmbeddedHiveMQ hivemq;

    /**
     * @param dir         holds the broker's configuration and data
     * @param bindAddress the address devices connect to
     * @param port        the MQTT port
     * @param extension   an extension to load (device authentication), or null
     */
    public EmbeddedMqtt(Path dir, String bindAddress, int port, EmbeddedExtension extension) {
        this.dir = dir;
        this.bindAddress = bindAddress;
        this.port = port;
        this.extension = extension;
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
                  </mqtt>
                  <persistence>
                    <mode>file</mode>
                  </persistence>
                  <anonymous-usage-statistics>
                    <enabled>false</enabled>
                  </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, bindAddress), StandardCharsets.UTF_8);
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
