package dev.plinth.nodemanager.control;

import dev.plinth.nodemanager.testinfra.Contexts;
import dev.plinth.testkit.mongo.InProcessMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static dev.plinth.nodemanager.testinfra.Fixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaseTest {

    private InProcessMongo mongo;
    private Instant now = NOW;
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @BeforeEach
    void start() {
        mongo = InProcessMongo.start();
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void oneHolderAtATimeUntilItsTermRunsOut() {
        Lease a = lease("a");
        Lease b = lease("b");

        assertTrue(a.hold());
        assertFalse(b.hold());
        now = now.plusSeconds(5);
        assertTrue(a.hold(), "renewed");
        now = now.plusSeconds(9);
        assertFalse(b.hold(), "a renewed 9 s ago, for 10 s");
        now = now.plusSeconds(2);
        assertTrue(b.hold(), "a's term ran out");
        assertFalse(a.hold());

        Document stored = mongo.database(Contexts.DATABASE).getCollection(Lease.COLLECTION).find(new Document("_id", "node-manager")).first();
        assertEquals("b", stored.getString("holder"));
    }

    @Test
    void aReleasedLeaseIsTakenAtOnce() {
        Lease a = lease("a");
        Lease b = lease("b");
        assertTrue(a.hold());

        a.release();

        assertTrue(b.hold());
    }

    @Test
    void aHolderThatCannotReachMongoActsOnlyUntilItsTermEnds() {
        Lease a = lease("a");
        assertTrue(a.hold());
        mongo.close();

        now = now.plusSeconds(4);
        assertTrue(a.hold(), "its term still runs");
        now = now.plusSeconds(7);
        assertFalse(a.hold(), "its term ran out");
    }

    private Lease lease(String holder) {
        return new Lease(mongo.client(), Contexts.DATABASE, "node-manager", holder, Duration.ofSeconds(10), clock);
    }
}
