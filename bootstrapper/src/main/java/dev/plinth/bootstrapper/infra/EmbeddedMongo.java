package dev.plinth.bootstrapper.infra;

import de.bwaldvogel.mongo.MongoServer;
import dev.plinth.kit.mongo.embedded.EmbeddedMongoBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A MongoDB wire-protocol server inside this JVM (mongo-java-server), keeping its data in one
 * H2 file under the data directory, listening on loopback only.
 *
 * <p>It has no transactions and no change streams; Plinth's code does not rely on either, so the
 * same code runs against a real MongoDB replica set by URI.</p>
 *
 * <p>Its backend ({@link EmbeddedMongoBackend}, shared with the tests' server) commits every write
 * to the file before acknowledging it, and announces client sessions so Micronaut Data's
 * repositories work against it.</p>
 */
public final class EmbeddedMongo implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongo.class);

    private final Path file;
    private final int port;
    private MongoServer server;
    private EmbeddedMongoBackend backend;

    /**
     * @param file the H2 file holding every database
     * @param port the port on 127.0.0.1
     */
    public EmbeddedMongo(Path file, int port) {
        this.file = file;
        this.port = port;
    }

    /** @return the connection string clients use */
    public String uri() {
        return "mongodb://127.0.0.1:" + port;
    }

    public synchronized void start() throws IOException {
        Files.createDirectories(file.getParent());
        backend = EmbeddedMongoBackend.inFile(file);
        server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        LOG.info("embedded MongoDB listens on {} with data in {}", uri(), file);
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }
}
