package dev.plinth.bootstrapper.infra.mqtt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The broker's topic permissions as a table. */
class TopicRulesTest {

    private static BrokerIdentity who(String kind, String name) {
        return new BrokerIdentity(BrokerIdentity.Kind.valueOf(kind), name);
    }

    @ParameterizedTest(name = "{0} {1} publishes {2}: {3}")
    @CsvSource({
            "DEVICE, car-7, devices/car-7/telemetry, true",
            "DEVICE, car-7, devices/car-8/telemetry, false",
            "DEVICE, car-7, devices/car-7/commands, false",
            "DEVICE, car-7, devices/car-7/telemetry/extra, false",
            "DEVICE, car-7, apps/speed/sensors/speed, false",
            "APP, speed, apps/speed/controllers/buzzer/commands, true",
            "APP, speed, apps/other/controllers/buzzer/commands, false",
            "APP, speed, apps/speed/sensors/speed, false",
            "APP, speed, apps/speed/controllers/buzzer/rejected, false",
            "APP, speed, apps/speed/controllers//commands, false",
            "APP, speed, devices/car-7/commands, false",
            "APP, speed, devices/car-7/telemetry, false",
            "SERVICE, sensor-manager, devices/car-7/commands, true",
            "SERVICE, sensor-manager, apps/speed/sensors/speed, true",
    })
    void publishing(String kind, String name, String topic, boolean allowed) {
        assertEquals(allowed, TopicRules.mayPublish(who(kind, name), topic));
    }

    @ParameterizedTest(name = "{0} {1} subscribes {2}: {3}")
    @CsvSource({
            "DEVICE, car-7, devices/car-7/commands, true",
            "DEVICE, car-7, devices/car-8/commands, false",
            "DEVICE, car-7, devices/+/commands, false",
            "DEVICE, car-7, devices/#, false",
            "DEVICE, car-7, $share/g/devices/car-7/commands, false",
            "DEVICE, car-7, #, false",
            "APP, speed, apps/speed/sensors/speed, true",
            "APP, speed, apps/speed/#, true",
            "APP, speed, apps/speed/controllers/+/rejected, true",
            "APP, speed, $share/speed/apps/speed/sensors/speed, true",
            "APP, speed, $share/speed/apps/speed/#, true",
            "APP, speed, $share/other/apps/speed/sensors/speed, false",
            "APP, speed, $share/speed/apps/other/sensors/speed, false",
            "APP, speed, apps/other/sensors/speed, false",
            "APP, speed, apps/+/sensors/speed, false",
            "APP, speed, apps/#, false",
            "APP, speed, #, false",
            "APP, speed, devices/+/telemetry, false",
            "APP, speed, $share/speed, false",
            "SERVICE, sensor-manager, $share/sensor-manager/devices/+/telemetry, true",
            "SERVICE, sensor-manager, #, true",
    })
    void subscribing(String kind, String name, String filter, boolean allowed) {
        assertEquals(allowed, TopicRules.maySubscribe(who(kind, name), filter));
    }
}
