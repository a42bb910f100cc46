package dev.plinth.deployer.store;

import dev.plinth.testkit.mongo.InProcessMongo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaseRepositoryTest {

    private static final Instant T = Instant.parse("2025-03-01T12:00:00Z");
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    private final InProcessMongo mongo = InProcessMongo.start();
    private final LeaseRepository leases = new LeaseRepository(mongo.client(), InProcessMongo.TEST_DATABASE);

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void firstComerTakesTheLeaseAndOthersWaitUntilItExpires() {
        assertTrue(leases.acquire("deployer", "a", T, TEN_SECONDS));
        assertFalse(leases.acquire("deployer", "b", T.plusSeconds(1), TEN_SECONDS));
        assertTrue(leases.acquire("deployer", "a", T.plusSeconds(2), TEN_SECONDS), "the holder renews");
        assertFalse(leases.acquire("deployer", "b", T.plusSeconds(11), TEN_SECONDS), "renewed until T+12");
        assertEquals("a", leases.holder("deployer", T.plusSeconds(11)));

        assertTrue(leases.acquire("deployer", "b", T.plusSeconds(12), TEN_SECONDS), "expired: taken over");
        assertFalse(leases.acquire("deployer", "a", T.plusSeconds(13), TEN_SECONDS), "the old holder cannot renew");
        assertEquals("b", leases.holder("deployer", T.plusSeconds(13)));
    }

    @Test
    void releasedLeaseIsFreeAtOnce() {
        assertTrue(leases.acquire("deployer", "a", T, TEN_SECONDS));
        leases.release("deployer", "b", T.plusSeconds(1));
        assertFalse(leases.acquire("deployer", "b", T.plusSeconds(1), TEN_SECONDS), "only the holder releases");

        leases.release("deployer", "a", T.plusSeconds(1));

        assertNull(leases.holder("deployer", T.plusSeconds(1)));
        assertTrue(leases.acquire("deployer", "b", T.plusSeconds(1), TEN_SECONDS));
    }

    @Test
    void leasesOfDifferentNamesAreIndependent() {
        assertTrue(leases.acquire("deployer", "a", T, TEN_SECONDS));
        assertTrue(leases.acquire("scheduler", "b", T, TEN_SECONDS));
    }
}
