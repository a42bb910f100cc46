package dev.plinth.sensormanager.binding;

import dev.plinth.sensormanager.registry.DeviceKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The binding rules, as a table: requirement + devices + bound so far → bound devices or what is missing. */
class BindingRulesTest {

    private static Candidate speed(String id, String route) {
        return new Candidate(id, DeviceKind.SENSOR, "vehicle-speed", route == null ? Map.of() : Map.of("route", route));
    }

    private static Candidate buzzer(String id, Map<String, String> labels) {
        return new Candidate(id, DeviceKind.CONTROLLER, "buzzer", labels);
    }

    private static Requirement speedOn(String route, int count) {
        return new Requirement("speed", DeviceKind.SENSOR, "vehicle-speed", route == null ? Map.of() : Map.of("route", route), count, "shared");
    }

    private static final List<Candidate> FLEET = List.of(
            speed("car-3", "A1"), speed("car-1", "A1"), speed("car-2", "B7"), speed("car-4", "A1"), speed("car-5", null),
            new Candidate("car-6", DeviceKind.SENSOR, "temperature", Map.of("route", "A1")),
            buzzer("buzzer-1", Map.of("route", "A1", "zone", "north")), buzzer("buzzer-2", Map.of("route", "A1")));

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("fitting devices in id order", speedOn("A1", 2), FLEET, List.of(),
                        List.of("car-1", "car-3"), BindingStatus.BOUND, null),
                Arguments.of("every label must match; other types never fit", speedOn("A1", 3), FLEET, List.of(),
                        List.of("car-1", "car-3", "car-4"), BindingStatus.BOUND, null),
                Arguments.of("no selector: any device of the type", speedOn(null, 5), FLEET, List.of(),
                        List.of("car-1", "car-2", "car-3", "car-4", "car-5"), BindingStatus.BOUND, null),
                Arguments.of("devices bound so far stay bound", speedOn("A1", 2), FLEET, List.of("car-4", "car-3"),
                        List.of("car-3", "car-4"), BindingStatus.BOUND, null),
                Arguments.of("a bound device that stopped fitting is replaced", speedOn("A1", 2), FLEET, List.of("car-2", "car-4"),
                        List.of("car-1", "car-4"), BindingStatus.BOUND, null),
                Arguments.of("a deleted bound device is replaced", speedOn("A1", 2), FLEET, List.of("car-9", "car-3"),
                        List.of("car-1", "car-3"), BindingStatus.BOUND, null),
                Arguments.of("bound so far beyond the count: the first in id order stay", speedOn("A1", 1), FLEET, List.of("car-4", "car-3"),
                        List.of("car-3"), BindingStatus.BOUND, null),
                Arguments.of("too few: all fitting bound, and what is missing", speedOn("A1", 10), FLEET, List.of(),
                        List.of("car-1", "car-3", "car-4"), BindingStatus.INSUFFICIENT, "needs 10 vehicle-speed sensors with route=A1; 3 are registered"),
                Arguments.of("none", speedOn("Z9", 1), FLEET, List.of(),
                        List.of(), BindingStatus.INSUFFICIENT, "needs 1 vehicle-speed sensor with route=Z9; 0 are registered"),
                Arguments.of("one of two", new Requirement("b", DeviceKind.CONTROLLER, "buzzer", Map.of("zone", "north", "route", "A1"), 2, null),
                        FLEET, List.of(), List.of("buzzer-1"), BindingStatus.INSUFFICIENT,
                        "needs 2 buzzer controllers with route=A1, zone=north; 1 is registered"),
                Arguments.of("the kind must match too", new Requirement("b", DeviceKind.SENSOR, "buzzer", Map.of(), 1, "shared"),
                        FLEET, List.of(), List.of(), BindingStatus.INSUFFICIENT, "needs 1 buzzer sensor; 0 are registered"),
                Arguments.of("no devices at all", speedOn(null, 2), List.of(), List.of("car-1"),
                        List.of(), BindingStatus.INSUFFICIENT, "needs 2 vehicle-speed sensors; 0 are registered"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void binds(String why, Requirement requirement, List<Candidate> devices, List<String> boundSoFar,
               List<String> expected, BindingStatus status, String reason) {
        BindingDecision decision = BindingRules.bind(requirement, devices, boundSoFar);

        assertEquals(expected, decision.devices(), why);
        assertEquals(status, decision.status(), why);
        assertEquals(reason, decision.reason(), why);
    }

    @Test
    void theOrderOfDevicesDoesNotMatter() {
        List<Candidate> shuffled = new ArrayList<>(FLEET);
        for (int seed = 0; seed < 20; seed++) {
            Collections.shuffle(shuffled, new java.util.Random(seed));
            assertEquals(List.of("car-1", "car-3"), BindingRules.bind(speedOn("A1", 2), shuffled, List.of()).devices());
        }
    }

    @Test
    void aNewFittingDeviceDoesNotDisplaceBoundOnes() {
        List<Candidate> more = new ArrayList<>(FLEET);
        more.add(speed("car-0", "A1"));

        assertEquals(List.of("car-3", "car-4"), BindingRules.bind(speedOn("A1", 2), more, List.of("car-3", "car-4")).devices());
        assertEquals(List.of("car-0", "car-1", "car-3", "car-4"),
                BindingRules.bind(speedOn("A1", 4), more, List.of("car-3", "car-4")).devices(), "it fills a free place");
    }
}
