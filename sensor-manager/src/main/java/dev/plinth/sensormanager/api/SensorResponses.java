package dev.plinth.sensormanager.api;

import dev.plinth.contracts.events.SensorReading;
import dev.plinth.contracts.state.MqttTopics;
import dev.plinth.sensormanager.binding.Binding;
import dev.plinth.sensormanager.registry.Device;
import dev.plinth.sensormanager.registry.DeviceType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON bodies of sensor-manager's answers. */
public final class SensorResponses {

    private SensorResponses() {
    }

    /**
     * A type.
     *
     * @param name        its name
     * @param kind        sensor or controller
     * @param fields      each field's type and unit
     * @param description a line for people
     * @param createdBy   who registered it
     * @param createdAt   when
     */
    @Serdeable
    public record TypeView(String name, String kind, Map<String, FieldView> fields, String description,
                           @Nullable String createdBy, @Nullable Instant createdAt) {

        static TypeView of(DeviceType t) {
            Map<String, FieldView> fields = new LinkedHashMap<>();
            t.fields().forEach((name, spec) -> fields.put(name, new FieldView(spec.type().wire(), spec.unit())));
            return new TypeView(t.name(), t.kind().wire(), fields, t.description(), t.createdBy(), t.createdAt());
        }
    }

    /**
     * One field of a type.
     *
     * @param type number, integer, string or boolean
     * @param unit its unit, may be null
     */
    @Serdeable
    public record FieldView(String type, @Nullable String unit) {
    }

    /**
     * A device, without its token hash.
     *
     * @param id                    its id
     * @param kind                  sensor or controller
     * @param type                  its type
     * @param labels                its labels
     * @param expectedPeriodSeconds how often it should send
     * @param owner                 who registered it
     * @param createdAt             when
     * @param lastSeenAt            its last accepted reading's arrival (updated every second or so)
     * @param lastValues            that reading's values
     * @param accepted              readings accepted
     * @param rejected              readings refused
     * @param sharing               whose apps besides the owner's may bind it
     */
    @Serdeable
    public record DeviceView(String id, String kind, String type, Map<String, String> labels,
                             @Nullable Integer expectedPeriodSeconds, String owner, @Nullable Instant createdAt,
                             @Nullable Instant lastSeenAt, @Nullable Map<String, Object> lastValues, long accepted, long rejected,
                             SharingView sharing) {

        static DeviceView of(Device d) {
            return new DeviceView(d.id(), d.kind().wire(), d.type(), d.labels(), d.expectedPeriodSeconds(), d.owner(),
                    d.createdAt(), d.lastSeenAt(), d.lastValues(), d.accepted(), d.rejected(), SharingView.of(d.sharing()));
        }
    }

    /**
     * Whom a device is shared with, as {@code PUT /api/sensors/{id}/sharing} takes it.
     *
     * @param everyone whether every developer's apps may bind it
     * @param with     the developers whose apps may bind it (empty with {@code everyone})
     */
    @Serdeable
    public record SharingView(boolean everyone, List<String> with) {

        static SharingView of(dev.plinth.sensormanager.registry.Sharing sharing) {
            return new SharingView(sharing.everyone(), sharing.users());
        }
    }

    /**
     * A device's token, shown once.
     *
     * @param id    the device
     * @param token its token: the MQTT password and the HTTP bearer token of the device
     */
    @Serdeable
    public record TokenView(String id, String token) {
    }

    /**
     * A reading taken.
     *
     * @param readingId its id
     */
    @Serdeable
    public record AcceptedView(String readingId) {
    }

    /**
     * Readings, oldest first.
     *
     * @param readings the readings, each as apps get them over MQTT
     */
    @Serdeable
    public record ReadingsView(List<SensorReading> readings) {
    }

    /**
     * An app's bindings.
     *
     * @param app          the app
     * @param deploymentId its active deployment, null when none is active
     * @param sensors      sensor requirements by name
     * @param controllers  controller requirements by name
     */
    @Serdeable
    public record BindingsView(String app, @Nullable String deploymentId, Map<String, BindingView> sensors,
                               Map<String, BindingView> controllers) {
    }

    /**
     * One requirement's binding.
     *
     * @param type     the device type
     * @param where    the label selector
     * @param count    how many devices it asks for
     * @param delivery shared or broadcast (sensors)
     * @param devices  the bound devices
     * @param status   BOUND or INSUFFICIENT
     * @param reason   what is missing, when INSUFFICIENT
     * @param boundAt  when the device list last changed
     * @param topic    the MQTT topic of its readings (sensors) or commands (controllers)
     */
    @Serdeable
    public record BindingView(String type, Map<String, String> where, int count, @Nullable String delivery,
                              List<String> devices, String status, @Nullable String reason, Instant boundAt, String topic) {

        static BindingView of(Binding b) {
            String topic = b.requirement().kind() == dev.plinth.sensormanager.registry.DeviceKind.CONTROLLER
                    ? MqttTopics.appCommands(b.app(), b.requirement().name())
                    : MqttTopics.appSensor(b.app(), b.requirement().name());
            return new BindingView(b.requirement().type(), b.requirement().where(), b.requirement().count(),
                    b.requirement().delivery(), b.devices(), b.status().name(), b.reason(), b.boundAt(), topic);
        }
    }

    /**
     * A command sent.
     *
     * @param commandId its id, in every device's message
     * @param devices   the devices it went to
     */
    @Serdeable
    public record CommandView(String commandId, List<String> devices) {
    }
}
