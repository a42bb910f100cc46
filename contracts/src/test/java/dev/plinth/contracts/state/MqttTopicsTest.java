package dev.plinth.contracts.state;

import dev.plinth.contracts.state.MqttTopics.AppRequirement;
import dev.plinth.contracts.state.MqttTopics.Subscription;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The topics are a public protocol (docs/sensors.md): these tables are its spelling. */
class MqttTopicsTest {

    static Stream<Arguments> builders() {
        return Stream.of(
                Arguments.of("device telemetry", (Supplier<String>) () -> MqttTopics.deviceTelemetry("car-7"), "devices/car-7/telemetry"),
                Arguments.of("device commands", (Supplier<String>) () -> MqttTopics.deviceCommands("horn-1"), "devices/horn-1/commands"),
                Arguments.of("every device's telemetry", (Supplier<String>) () -> MqttTopics.ALL_DEVICE_TELEMETRY, "devices/+/telemetry"),
                Arguments.of("every device's commands", (Supplier<String>) () -> MqttTopics.ALL_DEVICE_COMMANDS, "devices/+/commands"),
                Arguments.of("app sensor", (Supplier<String>) () -> MqttTopics.appSensor("speed-alert", "speed"), "apps/speed-alert/sensors/speed"),
                Arguments.of("app commands", (Supplier<String>) () -> MqttTopics.appCommands("speed-alert", "buzzer"),
                        "apps/speed-alert/controllers/buzzer/commands"),
                Arguments.of("app rejected", (Supplier<String>) () -> MqttTopics.appRejected("speed-alert", "buzzer"),
                        "apps/speed-alert/controllers/buzzer/rejected"),
                Arguments.of("an app's commands", (Supplier<String>) () -> MqttTopics.appCommandsFilter("speed-alert"),
                        "apps/speed-alert/controllers/+/commands"),
                Arguments.of("an app's refusals", (Supplier<String>) () -> MqttTopics.appRejectedFilter("speed-alert"),
                        "apps/speed-alert/controllers/+/rejected"),
                Arguments.of("every app's commands", (Supplier<String>) () -> MqttTopics.ALL_APP_COMMANDS, "apps/+/controllers/+/commands"),
                Arguments.of("an app's tree", (Supplier<String>) () -> MqttTopics.appTree("speed-alert"), "apps/speed-alert/#"),
                Arguments.of("shared", (Supplier<String>) () -> MqttTopics.shared("sensor-manager", MqttTopics.ALL_DEVICE_TELEMETRY),
                        "$share/sensor-manager/devices/+/telemetry"),
                Arguments.of("shared app sensor", (Supplier<String>) () -> MqttTopics.shared("speed-alert", MqttTopics.appSensor("speed-alert", "speed")),
                        "$share/speed-alert/apps/speed-alert/sensors/speed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builders")
    void buildersSpellTheDocumentedTopics(String what, Supplier<String> built, String expected) {
        assertEquals(expected, built.get());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", value = {
            "devices/car-7/telemetry,   car-7",
            "devices/a.b_c-9/telemetry, a.b_c-9",
            "devices/car-7/commands,    -",
            "devices//telemetry,        -",
            "devices/+/telemetry,       -",
            "devices/#/telemetry,       -",
            "devices/car-7/telemetry/x, -",
            "devices/car-7,             -",
            "device/car-7/telemetry,    -",
            "x/devices/car-7/telemetry, -",
            "apps/car-7/telemetry,      -",
            "'',                        -"})
    void telemetryDeviceIsTheSecondLevelOfADevicesTelemetryTopic(String topic, String device) {
        assertEquals(Optional.ofNullable(device), MqttTopics.telemetryDevice(topic));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", value = {
            "devices/horn-1/commands,   horn-1",
            "devices/horn-1/telemetry,  -",
            "devices/+/commands,        -",
            "devices/#,                 -",
            "devices//commands,         -",
            "devices/horn-1/commands/x, -"})
    void commandsDeviceIsTheSecondLevelOfADevicesCommandsTopic(String topic, String device) {
        assertEquals(Optional.ofNullable(device), MqttTopics.commandsDevice(topic));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(nullValues = "-", value = {
            "apps/speed/controllers/buzzer/commands,   speed, buzzer",
            "apps/speed/controllers/buzzer/rejected,   -,     -",
            "apps/speed/controllers//commands,         -,     -",
            "apps/speed/controllers/+/commands,        -,     -",
            "apps/+/controllers/buzzer/commands,       -,     -",
            "apps//controllers/buzzer/commands,        -,     -",
            "apps/speed/sensors/buzzer/commands,       -,     -",
            "apps/speed/controllers/buzzer/commands/x, -,     -",
            "apps/speed/controllers/buzzer,            -,     -",
            "devices/speed/controllers/buzzer/commands, -,    -"})
    void appCommandsOfNamesTheAppAndTheRequirement(String topic, String app, String name) {
        assertEquals(app == null ? Optional.empty() : Optional.of(new AppRequirement(app, name)), MqttTopics.appCommandsOf(topic));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", value = {
            "apps/speed/sensors/speed,            speed",
            "apps/speed/#,                        speed",
            "apps/speed/controllers/+/rejected,   speed",
            "apps/speed/,                         speed",
            "apps/speed,                          -",
            "apps/+/sensors/speed,                -",
            "apps/#,                              -",
            "apps//sensors/speed,                 -",
            "devices/speed/telemetry,             -"})
    void appOfIsTheAppWhoseTreeATopicIsIn(String filter, String app) {
        assertEquals(Optional.ofNullable(app), MqttTopics.appOf(filter));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(nullValues = "-", value = {
            "devices/+/telemetry,                         -,              devices/+/telemetry,  true",
            "$share/sensor-manager/devices/+/telemetry,   sensor-manager, devices/+/telemetry,  true",
            "$share/speed/apps/speed/#,                   speed,          apps/speed/#,         true",
            "$share/speed,                                -,              -,                    false",
            "$share//apps/speed/#,                        -,              -,                    false",
            "$share/speed/,                               -,              -,                    false",
            "$shared/speed/apps/speed/#,                  -,              $shared/speed/apps/speed/#, true"})
    void subscriptionSplitsTheShareGroupFromTheFilter(String filter, String group, String inner, boolean valid) {
        assertEquals(valid ? Optional.of(new Subscription(group, inner)) : Optional.empty(), MqttTopics.subscription(filter));
    }
}
