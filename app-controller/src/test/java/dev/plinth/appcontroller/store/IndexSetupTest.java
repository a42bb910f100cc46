package dev.plinth.appcontroller.store;

import dev.plinth.testkit.mongo.InProcessMongo;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexSetupTest {

    @Test
    void createsTheIndexesAgainAndAgain() {
        try (InProcessMongo mongo = InProcessMongo.start()) {
            IndexSetup setup = new IndexSetup(new Database(mongo.database("plinth")));
            assertTrue(setup.ensure());
            assertTrue(setup.ensure());
        }
    }

    @Test
    void reportsFailureWhileMongoIsAway() {
        InProcessMongo mongo = InProcessMongo.start();
        mongo.close();
        var client = com.mongodb.client.MongoClients.create(com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString(mongo.uri()))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(300, java.util.concurrent.TimeUnit.MILLISECONDS))
                .build());
        try (client) {
            assertFalse(new IndexSetup(new Database(client.getDatabase("plinth"))).ensure());
        }
    }
}
