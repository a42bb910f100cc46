package dev.plinth.gateway.auth;

import com.mongodb.client.MongoClient;
import dev.plinth.testkit.mongo.InProcessMongo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The switch against a MongoDB-wire server, as two gateway processes would share it. */
class RegistrationSwitchTest {

    private InProcessMongo server;
    private MongoClient client;

    @BeforeEach
    void start() {
        server = InProcessMongo.start();
        client = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static AuthSettings settings(boolean registrationOpen) {
        return new AuthSettings(Duration.ofHours(1), Duration.ofDays(7), 10, 10, false, registrationOpen);
    }

    @Test
    void theSettingHoldsUntilAnAdminDecides() {
        RegistrationSwitch closedByDefault = new RegistrationSwitch(client.getDatabase("plinth"), settings(false));
        RegistrationSwitch.State state = closedByDefault.state();
        assertFalse(state.open());
        assertNull(state.changedBy());
        assertTrue(new RegistrationSwitch(client.getDatabase("plinth"), settings(true)).state().open());
    }

    @Test
    void anAdminsDecisionHoldsForEveryGatewayWhateverItsSetting() {
        RegistrationSwitch first = new RegistrationSwitch(client.getDatabase("plinth"), settings(true));
        RegistrationSwitch second = new RegistrationSwitch(client.getDatabase("plinth"), settings(true));
        first.set(false, "root");
        RegistrationSwitch.State seen = second.state();
        assertFalse(seen.open(), "another gateway process sees the decision");
        assertEquals("root", seen.changedBy());
        assertNotNull(seen.changedAt());

        RegistrationSwitch restartedClosedByDefault = new RegistrationSwitch(client.getDatabase("plinth"), settings(false));
        second.set(true, "ada");
        assertTrue(restartedClosedByDefault.state().open(), "the decision outranks the setting");
        assertEquals("ada", restartedClosedByDefault.state().changedBy());
    }
}
