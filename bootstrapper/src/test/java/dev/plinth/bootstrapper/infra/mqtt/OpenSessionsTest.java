package dev.plinth.bootstrapper.infra.mqtt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which open connections must go, as a table: a session + the records now → kept, or closed and why. */
class OpenSessionsTest {

    private static OpenSessions.Session device(String id, String hash) {
        return new OpenSessions.Session(id, new BrokerIdentity(BrokerIdentity.Kind.DEVICE, id), hash, "c-" + id);
    }

    private static OpenSessions.Session app(String app, String deployment) {
        return new OpenSessions.Session("app:" + app + ":i1", new BrokerIdentity(BrokerIdentity.Kind.APP, app), deployment, "c-" + app);
    }

    static Stream<Arguments> cases() {
        Map<String, String> hashes = Map.of("car-1", "aa11", "car-2", "bb22");
        Map<String, String> active = Map.of("speed-d1", "speed", "other-d1", "other");
        return Stream.of(
                Arguments.of("a device with its registered token stays", device("car-1", "aa11"), hashes, active, null),
                Arguments.of("hashes compare without regard to case", device("car-1", "AA11"), hashes, active, null),
                Arguments.of("a device given a new token goes", device("car-2", "old0"), hashes, active, "device car-2 has a new token"),
                Arguments.of("a deleted device goes", device("car-3", "cc33"), hashes, active, "device car-3 was deleted"),
                Arguments.of("an instance of an active deployment stays", app("speed", "speed-d1"), hashes, active, null),
                Arguments.of("an instance of a stopped deployment goes", app("speed", "speed-d0"), hashes, active,
                        "deployment speed-d0 of speed is no longer active"),
                Arguments.of("a deployment of another app is no credential", app("speed", "other-d1"), hashes, active,
                        "deployment other-d1 of speed is no longer active"),
                Arguments.of("nothing is known: every device and instance goes", app("speed", "speed-d1"), Map.of(), Map.of(),
                        "deployment speed-d1 of speed is no longer active"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String why, OpenSessions.Session session, Map<String, String> hashes, Map<String, String> active, String reason) {
        List<OpenSessions.Revoked> revoked = OpenSessions.revoked(List.of(session), hashes, active);
        assertEquals(reason == null ? List.of() : List.of(reason), revoked.stream().map(OpenSessions.Revoked::reason).toList(), why);
    }

    @Test
    void servicesAreNotTrackedAndALaterConnectionOutlivesTheEndOfAnEarlierOne() {
        OpenSessions sessions = new OpenSessions();
        sessions.opened(new OpenSessions.Session("plinth-sensor-manager", new BrokerIdentity(BrokerIdentity.Kind.SERVICE, "sensor-manager"),
                null, "s1"));
        sessions.opened(device("car-1", "aa11"));
        sessions.opened(new OpenSessions.Session("car-1", new BrokerIdentity(BrokerIdentity.Kind.DEVICE, "car-1"), "aa11", "later"));
        sessions.closed("car-1", "c-car-1");
        assertEquals(1, sessions.size(), "the later connection of car-1 is still tracked, the service never was");
        assertEquals(java.util.Set.of("car-1"), sessions.devices());
        sessions.closed("car-1", "later");
        assertEquals(0, sessions.size());
    }
}
