package dev.plinth.sensormanager.binding;

import dev.plinth.sensormanager.registry.DeviceKind;
import dev.plinth.sensormanager.registry.Sharing;
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

/**
 * The binding rules, as a table: requirement + app owner + devices + bound so far → bound devices or
 * what is missing. The fleet is ada's unless a row says otherwise; bob's devices, and those shared
 * with him, show whose devices an app may bind.
 */
class BindingRulesTest {

    private static final String ADA = "ada";

    private static Candidate speed(String id, String route) {
        return owned(ADA, Sharing.NONE, id, route);
    }

    private static Candidate owned(String owner, Sharing sharing, String id, String route) {
        return new Candidate(id, DeviceKind.SENSOR, "vehicle-speed", route == null ? Map.of() : Map.of("route", route), owner, sharing);
    }

    private static Candidate buzzer(String id, Map<String, String> labels) {
        return new Candidate(id, DeviceKind.CONTROLLER, "buzzer", labels, ADA, Sharing.NONE);
    }

    private static Requirement speedOn(String route, int count) {
        return new Requirement("speed", DeviceKind.SENSOR, "vehicle-speed", route == null ? Map.of() : Map.of("route", route), count, "shared");
    }

    private static final List<Candidate> FLEET = List.of(
            speed("car-3", "A1"), speed("car-1", "A1"), speed("car-2", "B7"), speed("car-4", "A1"), speed("car-5", null),
            new Candidate("car-6", DeviceKind.SENSOR, "temperature", Map.of("route", "A1"), ADA, Sharing.NONE),
            buzzer("buzzer-1", Map.of("route", "A1", "zone", "north")), buzzer("buzzer-2", Map.of("route", "A1")));

    /** Ada's fleet beside devices of carl: one shared with bob, one with everyone, one with nobody, one with dora. */
    private static final List<Candidate> MIXED = Stream.concat(FLEET.stream(), Stream.of(
            owned("carl", Sharing.with(List.of("bob")), "van-1", "A1"),
            owned("carl", Sharing.EVERYONE, "van-2", "A1"),
            owned("carl", Sharing.NONE, "van-3", "A1"),
            owned("carl", Sharing.with(List.of("dora")), "van-4", "A1"))).toList();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("fitting devices in id order", speedOn("A1", 2), ADA, FLEET, List.of(),
                        List.of("car-1", "car-3"), BindingStatus.BOUND, null),
                Arguments.of("every label must match; other types never fit", speedOn("A1", 3), ADA, FLEET, List.of(),
                        List.of("car-1", "car-3", "car-4"), BindingStatus.BOUND, null),
                Arguments.of("no selector: any device of the type", speedOn(null, 5), ADA, FLEET, List.of(),
                        List.of("car-1", "car-2", "car-3", "car-4", "car-5"), BindingStatus.BOUND, null),
                Arguments.of("devices bound so far stay bound", speedOn("A1", 2), ADA, FLEET, List.of("car-4", "car-3"),
                        List.of("car-3", "car-4"), BindingStatus.BOUND, null),
                Arguments.of("a bound device that stopped fitting is replaced", speedOn("A1", 2), ADA, FLEET, List.of("car-2", "car-4"),
                        List.of("car-1", "car-4"), BindingStatus.BOUND, null),
                Arguments.of("a deleted bound device is replaced", speedOn("A1", 2), ADA, FLEET, List.of("car-9", "car-3"),
                        List.of("car-1", "car-3"), BindingStatus.BOUND, null),
                Arguments.of("bound so far beyond the count: the first in id order stay", speedOn("A1", 1), ADA, FLEET, List.of("car-4", "car-3"),
                        List.of("car-3"), BindingStatus.BOUND, null),
                Arguments.of("too few: all fitting bound, and what is missing", speedOn("A1", 10), ADA, FLEET, List.of(),
                        List.of("car-1", "car-3", "car-4"), BindingStatus.INSUFFICIENT, "needs 10 vehicle-speed sensors with route=A1; 3 are registered to ada or shared with ada"),
                Arguments.of("none", speedOn("Z9", 1), ADA, FLEET, List.of(),
                        List.of(), BindingStatus.INSUFFICIENT, "needs 1 vehicle-speed sensor with route=Z9; 0 are registered to ada or shared with ada"),
                Arguments.of("one of two", new Requirement("b", DeviceKind.CONTROLLER, "buzzer", Map.of("zone", "north", "route", "A1"), 2, null),
                        ADA, FLEET, List.of(), List.of("buzzer-1"), BindingStatus.INSUFFICIENT,
                        "needs 2 buzzer controllers with route=A1, zone=north; 1 is registered to ada or shared with ada"),
                Arguments.of("the kind must match too", new Requirement("b", DeviceKind.SENSOR, "buzzer", Map.of(), 1, "shared"),
                        ADA, FLEET, List.of(), List.of(), BindingStatus.INSUFFICIENT, "needs 1 buzzer sensor; 0 are registered to ada or shared with ada"),
                Arguments.of("no devices at all", speedOn(null, 2), ADA, List.of(), List.of("car-1"),
                        List.of(), BindingStatus.INSUFFICIENT, "needs 2 vehicle-speed sensors; 0 are registered to ada or shared with ada"),
                Arguments.of("another developer's app binds none of ada's devices", speedOn("A1", 1), "bob", FLEET, List.of(),
                        List.of(), BindingStatus.INSUFFICIENT, "needs 1 vehicle-speed sensor with route=A1; 0 are registered to bob or shared with bob"),
                Arguments.of("devices bound so far that are out of reach are dropped", speedOn("A1", 2), "bob", FLEET, List.of("car-1", "car-3"),
                        List.of(), BindingStatus.INSUFFICIENT, "needs 2 vehicle-speed sensors with route=A1; 0 are registered to bob or shared with bob"),
                Arguments.of("shared with the owner or with everyone: within reach", speedOn("A1", 2), "bob", MIXED, List.of(),
                        List.of("van-1", "van-2"), BindingStatus.BOUND, null),
                Arguments.of("shared with someone else or nobody: out of reach", speedOn("A1", 3), "bob", MIXED, List.of(),
                        List.of("van-1", "van-2"), BindingStatus.INSUFFICIENT,
                        "needs 3 vehicle-speed sensors with route=A1; 2 are registered to bob or shared with bob"),
                Arguments.of("shared with everyone adds to the owner's own", speedOn("A1", 4), ADA, MIXED, List.of(),
                        List.of("car-1", "car-3", "car-4", "van-2"), BindingStatus.BOUND, null),
                Arguments.of("an owner matches by exact name", speedOn("A1", 1), "Ada", FLEET, List.of(),
                        List.of(), BindingStatus.INSUFFICIENT, "needs 1 vehicle-speed sensor with route=A1; 0 are registered to Ada or shared with Ada"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void binds(String why, Requirement requirement, String appOwner, List<Candidate> devices, List<String> boundSoFar,
               List<String> expected, BindingStatus status, String reason) {
        BindingDecision decision = BindingRules.bind(requirement, appOwner, devices, boundSoFar);

        assertEquals(expected, decision.devices(), why);
        assertEquals(status, decision.status(), why);
        assertEquals(reason, decision.reason(), why);
    }

    @Test
    void theOrderOfDevicesDoesNotMatter() {
        List<Candidate> shuffled = new ArrayList<>(FLEET);
        for (int seed = 0; seed < 20; seed++) {
            Collections.shuffle(shuffled, new java.util.Random(seed));
            assertEquals(List.of("car-1", "car-3"), BindingRules.bind(speedOn("A1", 2), ADA, shuffled, List.of()).devices());
        }
    }

    @Test
    void aNewFittingDeviceDoesNotDisplaceBoundOnes() {
        List<Candidate> more = new ArrayList<>(FLEET);
        more.add(speed("car-0", "A1"));

        assertEquals(List.of("car-3", "car-4"), BindingRules.bind(speedOn("A1", 2), ADA, more, List.of("car-3", "car-4")).devices());
        assertEquals(List.of("car-0", "car-1", "car-3", "car-4"),
                BindingRules.bind(speedOn("A1", 4), ADA, more, List.of("car-3", "car-4")).devices(), "it fills a free place");
    }
}
