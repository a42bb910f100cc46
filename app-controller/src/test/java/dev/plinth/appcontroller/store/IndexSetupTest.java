package dev.plinth.appcontroller.store;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.plinth.testkit.mongo.InProcessMongo;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void reportsFailureWhileMongoIsAwayAndLogsItOnce() {
        Logger logger = (Logger) LoggerFactory.getLogger(IndexSetup.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        InProcessMongo mongo = InProcessMongo.start();
        mongo.close();
        var client = com.mongodb.client.MongoClients.create(com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString(mongo.uri()))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(300, java.util.concurrent.TimeUnit.MILLISECONDS))
                .build());
        try (client) {
            IndexSetup setup = new IndexSetup(new Database(client.getDatabase("plinth")));
            assertFalse(setup.ensure());
            assertFalse(setup.ensure(), "the retry fails too");
        } finally {
            logger.detachAppender(lines);
        }
        assertEquals(List.of("WARN cannot create the app-controller's indexes yet, trying again every 10 s"),
                lines.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage().split(": ")[0]).toList(),
                "one warning for both tries (then the fault)");
    }
}
