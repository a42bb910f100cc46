package dev.plinth.sdk;

import com.hivemq.embedded.EmbeddedHiveMQ;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real MQTT 5 broker (HiveMQ CE, embedded, in memory) on a free loopback port. Its per-client
 * queue is large so no QoS 1 message is dropped for a slow subscriber while we count them.
 */
final class TestBroker implements AutoCloseable {

    private final EmbeddedHiveMQ hivemq;
    private final int port;

    private TestBroker(EmbeddedHiveMQ hivemq, int port) {
        this.hivemq = hivemq;
        this.port = port;
    }

    static TestBroker start(Path dir) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("config.xml"), """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                    <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
                  </listeners>
                  <mqtt>
                    <queued-messages><max-queue-size>100000</max-queue-size><strategy>discard</strategy></queued-messages>
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
        return new TestBroker(hivemq, port);
    }

    URI url() {
        return URI.create("tcp://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws IOException {
        try {
            hivemq.stop().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("the test broker did not stop: " + e, e);
        } finally {
            try {
                hivemq.close();
            } catch (Exception e) {
                // Already stopped.
            }
        }
    }
}
