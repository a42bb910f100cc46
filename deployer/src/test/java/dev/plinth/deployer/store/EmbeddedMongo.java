package dev.plinth.deployer.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

import java.net.InetSocketAddress;

/** A real MongoDB wire-protocol server (mongo-java-server, H2 in memory) and a client to it, for tests. */
public final class EmbeddedMongo implements AutoCloseable {

    /** The database tests use. */
    public static final String DATABASE = "plinth-test";

    private final MongoServer server;
    private final MongoClient client;
    private final String uri;

    public EmbeddedMongo() {
        server = new MongoServer(H2Backend.inMemory());
        InetSocketAddress address = server.bind();
        uri = "mongodb://127.0.0.1:" + address.getPort();
        client = MongoClients.create(uri);
    }

    /** @return the connection string */
    public String uri() {
        return uri;
    }

    public MongoClient client() {
        return client;
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
