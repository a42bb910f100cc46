package dev.plinth.appcontroller.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

import java.net.InetSocketAddress;

/** An in-memory MongoDB wire server (mongo-java-server) on a free loopback port, with a client. */
public final class TestMongo implements AutoCloseable {

    private final MongoServer server;
    private final String uri;
    private final MongoClient client;

    public TestMongo() {
        server = new MongoServer(H2Backend.inMemory());
        InetSocketAddress address = server.bind();
        uri = "mongodb://127.0.0.1:" + address.getPort();
        client = MongoClients.create(uri);
    }

    /** @return the connection string */
    public String uri() {
        return uri;
    }

    /** @return a client of its own */
    public MongoClient client() {
        return client;
    }

    /** @return the database */
    public MongoDatabase database(String name) {
        return client.getDatabase(name);
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
