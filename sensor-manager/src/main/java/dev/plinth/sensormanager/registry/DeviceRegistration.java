package dev.plinth.sensormanager.registry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * A request to register a device.
 *
 * @param id                    the device id; generated from the type when absent
 * @param type                  a registered type
 * @param labels                labels apps select it by, as {@code {route: A1}}
 * @param kind                  {@code sensor} or {@code controller}; must be the type's kind; the
 *                              type's kind when absent
 * @param expectedPeriodSeconds how often it sends a reading, for people and the monitor
 */
@Serdeable
public record DeviceRegistration(@Nullable String id, @Nullable String type, @Nullable Map<String, String> labels,
                                 @Nullable String kind, @Nullable Integer expectedPeriodSeconds) {
}
