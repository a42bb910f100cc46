package dev.plinth.bootstrapper;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.plinth.bootstrapper.infra.EmbeddedMongo;
import dev.plinth.bootstrapper.infra.Ports;
import org.bson.Document;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What committing every write costs the embedded MongoDB (not a test; run by bench/mongo/run.sh):
 * small inserts and updates per second through the official driver, one writer and four at once,
 * against H2's background commit (a plain {@code H2Backend}, as before) and against
 * {@link EmbeddedMongo}, which commits each write before it answers. Prints figures; asserts nothing.
 */
public final class MongoWriteBenchmark {

    private MongoWriteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int writes = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        for (int round = 1; round <= rounds; round++) {
            for (boolean durable : new boolean[]{false, true}) {
                for (int writers : new int[]{1, 4}) {
                    double perSecond = measure(durable, writers, writes);
                    System.out.printf("round %d: %-26s %d writer(s): %,8.0f writes/s%n", round,
                            durable ? "commit per write" : "background commit (1 s)", writers, perSecond);
                }
            }
        }
    }

    private static double measure(boolean durable, int writers, int writes) throws Exception {
        Path dir = Files.createTempDirectory("plinth-mongo-bench");
        Path file = dir.resolve("mongo.mv");
        int port = Ports.free();
        AutoCloseable server;
        if (durable) {
            EmbeddedMongo mongo = new EmbeddedMongo(file, port);
            mongo.start();
            server = mongo;
        } else {
            H2Backend backend = new H2Backend(file.toString());
            MongoServer plain = new MongoServer(backend);
            plain.bind("127.0.0.1", port);
            server = () -> {
                plain.shutdownNow();
                backend.close();
            };
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            MongoCollection<Document> devices = client.getDatabase("bench").getCollection("devices");
            devices.insertOne(new Document("_id", "warm-up"));
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                running.add(pool.submit(() -> {
                    for (int i = 0; i < writes / writers; i++) {
                        String id = "device-" + writer + "-" + i;
                        // Half inserts, half updates: what registrations and status records do.
                        devices.insertOne(new Document("_id", id).append("type", "vehicle-speed").append("owner", "dev"));
                        devices.updateOne(new Document("_id", id), new Document("$set", new Document("accepted", i)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            return (writes / writers) * writers * 2 / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
            server.close();
        }
    }
}
