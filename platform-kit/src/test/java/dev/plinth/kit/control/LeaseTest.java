package dev.plinth.kit.control;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import dev.plinth.contracts.state.Collections;
import dev.plinth.kit.mongo.embedded.EmbeddedMongoBackend;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lease against a MongoDB wire server, on a clock the test moves. */
class LeaseTest {

    private static final Instant T = Instant.parse("2025-03-01T12:00:00Z");
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    private MongoServer server;
    private MongoClient client;
    private MongoDatabase database;
    private Instant now = T;
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
        server = new MongoServer(EmbeddedMongoBackend.inMemory());
        InetSocketAddress address = server.bind();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort() + "/");
        database = client.getDatabase("plinth");
    }

    @AfterEach
    void stop() {
        try {
            client.close();
        } finally {
            server.shutdownNow();
        }
    }

    private Lease lease(String name, String holder) {
        return new Lease(database, name, holder, TEN_SECONDS, clock);
    }

    private void at(Instant time) {
        now = time;
    }

    private Document stored(String name) {
        return database.getCollection(Collections.LEASES).find(Filters.eq("_id", name)).first();
    }

    @Test
    void firstComerTakesTheLeaseAndOthersWaitUntilItExpires() {
        Lease a = lease("deployer", "a");
        Lease b = lease("deployer", "b");

        assertTrue(a.hold());
        at(T.plusSeconds(1));
        assertFalse(b.hold());
        at(T.plusSeconds(2));
        assertTrue(a.hold(), "the holder renews");
        at(T.plusSeconds(11));
        assertFalse(b.hold(), "renewed until T+12");
        assertEquals("a", b.currentHolder());

        at(T.plusSeconds(12));
        assertTrue(b.hold(), "expired: taken over");
        at(T.plusSeconds(13));
        assertFalse(a.hold(), "the old holder cannot renew");
        assertEquals("b", a.currentHolder());
        assertEquals("b", stored("deployer").getString("holder"));
    }

    @Test
    void oneHolderAtATimeUntilItsTermRunsOut() {
        Lease a = lease("node-manager", "a");
        Lease b = lease("node-manager", "b");

        assertTrue(a.hold());
        assertFalse(b.hold());
        at(now.plusSeconds(5));
        assertTrue(a.hold(), "renewed");
        at(now.plusSeconds(9));
        assertFalse(b.hold(), "a renewed 9 s ago, for 10 s");
        at(now.plusSeconds(2));
        assertTrue(b.hold(), "a's term ran out");
        assertFalse(a.hold());

        assertEquals("b", stored("node-manager").getString("holder"));
    }

    @Test
    void releasedLeaseIsFreeAtOnce() {
        Lease a = lease("deployer", "a");
        Lease b = lease("deployer", "b");
        assertTrue(a.hold());
        at(T.plusSeconds(1));
        b.release();
        assertFalse(b.hold(), "only the holder releases");

        a.release();

        assertNull(b.currentHolder());
        assertFalse(a.isHeld());
        assertTrue(b.hold());
    }

    @Test
    void leasesOfDifferentNamesAreIndependent() {
        assertTrue(lease("deployer", "a").hold());
        assertTrue(lease("scheduler", "b").hold());
    }

    @Test
    void aHolderThatCannotReachMongoActsOnlyUntilItsTermEnds() {
        Lease a = lease("node-manager", "a");
        assertTrue(a.hold());
        // MongoDB is gone for this process: every call fails at once.
        client.close();
        server.shutdownNow();

        at(now.plusSeconds(4));
        assertTrue(a.hold(), "its term still runs");
        assertTrue(a.isHeld());
        at(now.plusSeconds(7));
        assertFalse(a.hold(), "its term ran out");
        assertFalse(a.isHeld());
        assertThrows(RuntimeException.class, a::acquire, "acquire says why instead");
    }

    @Test
    void heldOnlyForTheTermOfTheLastRenewal() {
        Lease a = lease("deployer", "a");
        assertFalse(a.isHeld(), "not before it is taken");
        assertTrue(a.hold());
        at(T.plusSeconds(9));
        assertTrue(a.isHeld());
        at(T.plusSeconds(10));
        assertFalse(a.isHeld(), "the term is up, though nobody else took it");
        assertEquals(-1, a.token());
    }

    @Test
    void theTokenGrowsWithEveryNewHolderAndNeverOnARenewal() {
        Lease a = lease("deployer", "a");
        Lease b = lease("deployer", "b");
        List<Long> tokens = new ArrayList<>();

        assertTrue(a.hold());
        tokens.add(a.token());
        at(T.plusSeconds(5));
        assertTrue(a.hold());
        tokens.add(a.token());
        at(T.plusSeconds(20));
        assertTrue(b.hold(), "a's term ran out");
        tokens.add(b.token());
        assertEquals(-1, a.token(), "a knows its term is up");
        b.release();
        assertTrue(a.hold(), "released: a takes it back at once");
        tokens.add(a.token());

        assertEquals(List.of(1L, 1L, 2L, 3L), tokens);
        assertEquals(3L, stored("deployer").getLong("token"));
    }

    @Test
    void aLeaseFromBeforeTokensIsTakenOverWithAToken() {
        database.getCollection(Collections.LEASES).insertOne(new Document("_id", "deployer").append("holder", "old")
                .append("until", Date.from(T.minusSeconds(1))));

        Lease a = lease("deployer", "a");
        assertTrue(a.hold());

        assertEquals(1L, a.token());
    }

    @Test
    void aFencedWriteOfAnOlderHolderIsRefused() {
        MongoCollection<Document> things = database.getCollection("things");
        things.insertOne(new Document("_id", "x").append("value", 0));
        Lease a = lease("deployer", "a");
        Lease b = lease("deployer", "b");
        assertTrue(a.hold());
        assertEquals(1, things.updateOne(a.fence(Filters.eq("_id", "x")),
                Updates.combine(Updates.set("value", 1), a.stamp())).getModifiedCount());
        // a prepares another write, then stalls past its term.
        Bson aFilter = a.fence(Filters.eq("_id", "x"));
        Bson aUpdate = Updates.combine(Updates.set("value", 99), a.stamp());

        at(T.plusSeconds(11));
        assertTrue(b.hold());
        assertEquals(1, things.updateOne(b.fence(Filters.eq("_id", "x")),
                Updates.combine(Updates.set("value", 2), b.stamp())).getModifiedCount());

        assertEquals(0, things.updateOne(aFilter, aUpdate).getModifiedCount(), "a's late write is fenced off");
        assertEquals(2, things.find(Filters.eq("_id", "x")).first().getInteger("value"));
        assertThrows(Lease.LostLease.class, () -> a.fence(Filters.eq("_id", "x")), "a knows its term is up");
    }

    @Test
    void aRefusedWriteIsToldFromOneWhoseConditionNoLongerHeld() {
        MongoCollection<Document> things = database.getCollection("things");
        things.insertOne(new Document("_id", "x").append("value", 0));
        Lease a = lease("deployer", "a");
        assertTrue(a.hold());

        assertEquals(0, things.updateOne(a.fence(Filters.and(Filters.eq("_id", "x"), Filters.eq("value", 5))),
                Updates.combine(Updates.set("value", 6), a.stamp())).getMatchedCount());
        a.checkFenced(things, Filters.eq("_id", "x"));
        assertTrue(a.isHeld(), "its own condition missed: no newer holder wrote x");

        // a stalls past its term, as far as the store can tell; b takes over and writes x.
        Bson aFilter = a.fence(Filters.eq("_id", "x"));
        Bson aUpdate = Updates.combine(Updates.set("value", 99), a.stamp());
        Lease b = new Lease(database, "deployer", "b", TEN_SECONDS, Clock.offset(clock, Duration.ofSeconds(11)));
        assertTrue(b.hold());
        things.updateOne(b.fence(Filters.eq("_id", "x")), Updates.combine(Updates.set("value", 2), b.stamp()));
        assertTrue(a.isHeld(), "a's own clock says its term still runs");

        assertEquals(0, things.updateOne(aFilter, aUpdate).getMatchedCount());
        Lease.LostLease lost = assertThrows(Lease.LostLease.class, () -> a.checkFenced(things, Filters.eq("_id", "x")));
        assertEquals("this process no longer holds lease deployer: a newer holder of lease deployer wrote things x",
                lost.getMessage());
        assertFalse(a.isHeld(), "fenced off: a stops acting at once");
        assertFalse(a.hold(), "and the store agrees");
    }

    @Test
    void theTokensOfDifferentLeasesOnOneDocumentCountApart() {
        MongoCollection<Document> things = database.getCollection("things");
        things.insertOne(new Document("_id", "x").append("value", 0));
        Lease deployer = lease("deployer", "d");
        Lease first = lease("node-manager", "a");
        Lease second = lease("node-manager", "b");
        assertTrue(deployer.hold());
        assertTrue(first.hold());
        at(T.plusSeconds(11));
        assertTrue(second.hold());
        assertTrue(deployer.hold(), "renewed after its term ran out: nobody else asked");
        assertEquals(2L, second.token());

        things.updateOne(second.fence(Filters.eq("_id", "x")), Updates.combine(Updates.set("value", 2), second.stamp()));
        assertEquals(1, things.updateOne(deployer.fence(Filters.eq("_id", "x")),
                Updates.combine(Updates.set("value", 3), deployer.stamp())).getModifiedCount(),
                "node-manager's token 2 does not fence the deployer's token 1");

        assertEquals(new Document("node-manager", 2L).append("deployer", 1L),
                things.find(Filters.eq("_id", "x")).first().get(Lease.FENCE_FIELD, Document.class));
    }

    @Test
    void anInsertedDocumentCarriesTheTokenOnlyWhileTheLeaseIsHeld() {
        Lease a = lease("deployer", "a");
        assertThrows(Lease.LostLease.class, () -> a.stamp(new Document("_id", "x")), "not held yet");
        assertTrue(a.hold());

        assertEquals(new Document("_id", "x").append(Lease.FENCE_FIELD, new Document("deployer", 1L)),
                a.stamp(new Document("_id", "x")));
        at(T.plusSeconds(10));
        assertThrows(Lease.LostLease.class, () -> a.stamp(new Document("_id", "y")), "its term is up");
    }

    @Test
    void aLockThatIsForgottenLeavesNothingBehind() {
        Lease a = lease("app-controller/app/x", "a");
        assertTrue(a.acquire());
        assertFalse(lease("app-controller/app/x", "b").acquire());

        a.releaseAndForget();

        assertEquals(0, database.getCollection(Collections.LEASES).countDocuments());
        assertTrue(lease("app-controller/app/x", "b").acquire());
    }
}
