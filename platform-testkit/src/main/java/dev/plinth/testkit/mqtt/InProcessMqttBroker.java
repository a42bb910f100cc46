package dev.plinth.testkit.mqtt;

import com.hivemq.embedded.EmbeddedHiveMQ;
import dev.plinth.kit.net.FreePorts;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real MQTT 5 broker (HiveMQ CE embedded, in memory, no extensions: every client may do anything)
 * on a free loopback port. Its per-client queue holds a million messages, so no QoS 1 message is
 * dropped for a slow subscriber while a test counts them; offline sessions may last a week.
 */
public final class InProcessMqttBroker implements AutoCloseable {

    private static InProcessMqttBroker shared;

    private final EmbeddedHiveMQ hivemq;
    private final int port;

    private InProcessMqttBroker(EmbeddedHiveMQ hivemq, int port) {
        this.hivemq = hivemq;
        this.port = port;
    }

    /** @return the broker every test of this JVM shares, started on first use and stopped when the JVM ends */
    public static synchronized InProcessMqttBroker shared() {
        if (shared == null) {
            InProcessMqttBroker broker = start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-mqtt-stop"));
            shared = broker;
        }
        return shared;
    }

    /** @return a broker of the caller's own on a free port, its files in a new temporary directory */
    public static InProcessMqttBroker start() {
        try {
            return startIn(Files.createTempDirectory("plinth-test-mqtt"), FreePorts.next());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test MQTT broker: " + e.getMessage(), e);
        }
    }

    /** @return a broker on this port with its files under dir */
    public static InProcessMqttBroker startIn(Path dir, int port) {
        try {
            Path conf = Files.createDirectories(dir.resolve("conf"));
            Files.writeString(conf.resolve("config.xml"), """
                    <?xml version="1.0"?>
                    <hivemq>
                      <listeners>
                        <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
                      </listeners>
                      <mqtt>
                        <queued-messages><max-queue-size>1000000</max-queue-size><strategy>discard</strategy></queued-messages>
                        <receive-maximum><server-receive-maximum>1024</server-receive-maximum></receive-maximum>
                        <session-expiry><max-interval>604800</max-interval></session-expiry>
                      </mqtt>
                      <persistence><mode>in-memory</mode></persistence>
                      <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                    </hivemq>
                    """.formatted(port), StandardCharsets.UTF_8);
            EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(Files.createDirectories(dir.resolve("data")))
                    .withExtensionsFolder(Files.createDirectories(dir.resolve("extensions")))
                    .withoutLoggingBootstrap()
                    .build();
            hivemq.start().get(60, TimeUnit.SECONDS);
            return new InProcessMqttBroker(hivemq, port);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test MQTT broker: " + e.getMessage(), e);
        }
    }

    /** @return its URL, {@code tcp://127.0.0.1:port} */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** @return its URL as a URI */
    public URI uri() {
        return URI.create(url());
    }

    /** @return the port it listens on */
    public int port() {
        return port;
    }

    /** Stops the broker. */
    @Override
    public void close() {
        try {
            hivemq.stop().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the test MQTT broker did not stop: " + e, e);
        } finally {
            try {
                hivemq.close();
            } catch (Exception e) {
                // Already stopped.
            }
        }
    }
}
