package dev.plinth.bootstrapper.simulator;

import java.util.Map;

/**
 * A device type as the simulator registers it: {@code POST /api/sensor-types} with
 * {@code {name, kind, fields, description}} (the {@code device_types} record of docs/sensors.md).
 *
 * @param name        the type's name, such as {@code vehicle-speed}
 * @param kind        {@code sensor} or {@code controller}
 * @param fields      field name → {@code {type, unit?}}
 * @param description one line for people
 * @param idPrefix    simulated devices are {@code {idPrefix}-1 … {idPrefix}-N}
 */
public record DeviceType(String name, String kind, Map<String, Map<String, String>> fields, String description, String idPrefix) {

    /** A car's speedometer: {@code speedKmh}, a number in km/h. */
    public static final DeviceType VEHICLE_SPEED = new DeviceType("vehicle-speed", "sensor",
            Map.of("speedKmh", Map.of("type", "number", "unit", "km/h")),
            "The speed of a vehicle, in km/h.", "car");

    /**
     * @param name a type name given on the command line
     * @return the type the simulator can play, or null
     */
    public static DeviceType named(String name) {
        return VEHICLE_SPEED.name().equals(name) ? VEHICLE_SPEED : null;
    }

    /** @return the id of the {@code n}-th simulated device, from 1 */
    public String deviceId(int n) {
        return idPrefix + "-" + n;
    }
}
