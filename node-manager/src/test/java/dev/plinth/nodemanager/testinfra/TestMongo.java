package dev.plinth.nodemanager.testinfra;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

import java.net.InetSocketAddress;

/** A MongoDB wire-protocol server in memory, with a client; close it in {@code finally} or {@code @AfterEach}. */
public final class TestMongo implements AutoCloseable {

    /** The database tests use. */
    public static final String DATABASE = "plinth";

    private final MongoServer server;
    private final MongoClient client;
    private final String uri;

    public TestMongo() {
        server = new MongoServer(H2Backend.inMemory());
        InetSocketAddress address = server.bind();
        uri = "mongodb://127.0.0.1:" + address.getPort();
        client = MongoClients.create(uri);
    }

    public MongoClient client() {
        return client;
    }

    public MongoDatabase database() {
        return client.getDatabase(DATABASE);
    }

    /** @return the connection string, with the database */
    public String uri() {
        return uri + "/" + DATABASE;
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            server.shutdownNow();
        }
    }
}
