package dev.plinth.appcontroller.store;

import dev.plinth.contracts.state.Collections;
import dev.plinth.kit.errors.ApiException;
import dev.plinth.testkit.mongo.InProcessMongo;
import dev.plinth.testkit.time.MutableClock;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AppLockTest {

    private InProcessMongo mongo;
    private Database database;

    @BeforeEach
    void start() {
        mongo = InProcessMongo.start();
        database = new Database(mongo.database("plinth"));
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void oneHolderAtATimeAcrossProcesses() throws Exception {
        // Two "processes": two lock objects on the same database.
        List<AppLock> locks = List.of(new AppLock(database, Clock.systemUTC()), new AppLock(database, Clock.systemUTC()));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                AppLock lock = locks.get(i % 2);
                work.add(pool.submit(() -> lock.withLock("app", () -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    Thread.onSpinWait();
                    inside.decrementAndGet();
                    return null;
                })));
            }
            for (Future<?> f : work) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, most.get());
        assertEquals(0, database.collection(Collections.LEASES).countDocuments());
    }

    @Test
    void takesOverTheLockOfAHolderThatDied() {
        Instant now = Instant.parse("2031-03-10T10:00:00Z");
        database.collection(Collections.LEASES).insertOne(new Document("_id", "app-controller/app/app")
                .append("holder", "dead").append("until", Date.from(now.minusSeconds(1))));

        assertEquals("done", new AppLock(database, new MutableClock(now)).withLock("app", () -> "done"));
    }

    @Test
    void givesUpWhenTheLockStaysTaken() {
        Instant now = Instant.now();
        database.collection(Collections.LEASES).insertOne(new Document("_id", "app-controller/app/app")
                .append("holder", "busy").append("until", Date.from(now.plusSeconds(3600))));
        // A clock that jumps past the wait at once.
        MutableClock clock = new MutableClock(now) {
            @Override
            public Instant instant() {
                Instant t = super.instant();
                advance(AppLock.WAIT);
                return t;
            }
        };

        ApiException e = assertThrows(ApiException.class, () -> new AppLock(database, clock).withLock("app", () -> "never"));
        assertEquals(503, e.status().getCode());
        assertEquals("busy", database.collection(Collections.LEASES).find().first().get("holder"));
    }
}
