package dev.plinth.testkit.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import dev.plinth.kit.mongo.embedded.EmbeddedMongoBackend;
import dev.plinth.kit.net.FreePorts;

/**
 * A MongoDB wire-protocol server (mongo-java-server, H2 in memory) in the test JVM on a loopback
 * port, with a client to it. Its backend is the embedded platform's ({@link EmbeddedMongoBackend}),
 * so client sessions, and with them Micronaut Data's repositories, work against it. {@link #shared()} is the one server of a test JVM, where each test
 * class keeps to a database of its own; {@link #start()} gives a test a server of its own, which it
 * must close (its threads would keep the JVM alive).
 */
public final class InProcessMongo implements AutoCloseable {

    /** A database name for a test that has a server to itself. */
    public static final String TEST_DATABASE = "plinth-test";

    private static InProcessMongo shared;

    private final MongoServer server;
    private final int port;
    private final MongoClient client;

    private InProcessMongo(int port) {
        this.port = port;
        server = new MongoServer(EmbeddedMongoBackend.inMemory());
        server.bind("127.0.0.1", port);
        client = MongoClients.create(uri());
    }

    /** @return the server every test of this JVM shares, started on first use and stopped when the JVM ends */
    public static synchronized InProcessMongo shared() {
        if (shared == null) {
            InProcessMongo mongo = start();
            Runtime.getRuntime().addShutdownHook(new Thread(mongo::close, "test-mongo-stop"));
            shared = mongo;
        }
        return shared;
    }

    /** @return an empty server of the caller's own on a free port */
    public static InProcessMongo start() {
        return startOn(FreePorts.next());
    }

    /** @return an empty server on this port, e.g. to bring one back where a stopped one was */
    public static InProcessMongo startOn(int port) {
        return new InProcessMongo(port);
    }

    /** @return the connection string, without a database */
    public String uri() {
        return "mongodb://127.0.0.1:" + port;
    }

    /** @return the connection string naming a database */
    public String uri(String database) {
        return uri() + "/" + database;
    }

    /** @return the port it listens on */
    public int port() {
        return port;
    }

    /** @return its client */
    public MongoClient client() {
        return client;
    }

    /** @return a database of this server */
    public MongoDatabase database(String name) {
        return client.getDatabase(name);
    }

    /** Closes the client and stops the server. */
    @Override
    public void close() {
        try {
            client.close();
        } finally {
            server.shutdownNow();
        }
    }
}
