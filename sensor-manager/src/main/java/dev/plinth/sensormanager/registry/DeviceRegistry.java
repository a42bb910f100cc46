package dev.plinth.sensormanager.registry;

import dev.plinth.contracts.validation.Problem;
import dev.plinth.kit.errors.ApiException;
import dev.plinth.kit.security.Caller;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Registers types and devices and answers for them. Developers see and change the devices they
 * registered; someone else's device answers 404, as a missing one does. Admins see and change all.
 */
@Singleton
public class DeviceRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);

    /** Type names, as in the descriptor's schema. */
    static final Pattern TYPE_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?");
    /** Device ids: safe as an MQTT topic level and username (no {@code / + # :}). */
    public static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /**
     * Device ids beginning with this (in any case) are the platform's: its own MQTT clients use them
     * (sensor-manager is {@code plinth-sensor-manager}), and a device's client id is its id, so a
     * device of that name could take over the platform's session.
     */
    public static final String RESERVED_PREFIX = "plinth-";
    /** Usernames a device may be shared with (as the directory spells them). */
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    static final int MAX_SHARED_USERS = 100;
    static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    /** Label keys, as in the descriptor's schema. */
    static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._/-]{0,61}[A-Za-z0-9])?");
    static final int MAX_FIELDS = 64;
    static final int MAX_LABELS = 32;
    static final int MAX_LABEL_VALUE = 128;
    static final int MAX_PERIOD_SECONDS = 7 * 24 * 3600;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DeviceStore store;
    private final DeviceDirectory directory;
    private final ApplicationEventPublisher<DevicesChanged> changes;
    private final Clock clock = Clock.systemUTC();

    public DeviceRegistry(DeviceStore store, DeviceDirectory directory, ApplicationEventPublisher<DevicesChanged> changes) {
        this.store = store;
        this.directory = directory;
        this.changes = changes;
    }

    // ---- types ----

    /**
     * Registers a type (admins only; the controller checks the role).
     *
     * @throws ApiException 422 with every problem, 409 when the name is taken
     */
    public DeviceType registerType(Caller caller, TypeRegistration request) {
        List<Problem> problems = new ArrayList<>();
        String name = request.name();
        if (name == null || name.isBlank()) {
            problems.add(new Problem("name", "is required: lower-case letters, digits and dashes, as vehicle-speed"));
        } else if (!TYPE_NAME.matcher(name).matches()) {
            problems.add(new Problem("name", "must be 1 to 64 lower-case letters, digits or dashes, starting and ending with a letter or digit"));
        }
        DeviceKind kind = null;
        if (request.kind() == null) {
            problems.add(new Problem("kind", "is required: sensor or controller"));
        } else {
            kind = DeviceKind.fromWire(request.kind()).orElse(null);
            if (kind == null) {
                problems.add(new Problem("kind", "must be sensor or controller, not '" + request.kind() + "'"));
            }
        }
        Map<String, FieldSpec> fields = new LinkedHashMap<>();
        Map<String, TypeRegistration.Field> asked = request.fields() == null ? Map.of() : request.fields();
        if (asked.isEmpty() && kind != DeviceKind.CONTROLLER) {
            problems.add(new Problem("fields", "a sensor type needs at least one field, as {\"speedKmh\": {\"type\": \"number\", \"unit\": \"km/h\"}}"));
        }
        if (asked.size() > MAX_FIELDS) {
            problems.add(new Problem("fields", "at most " + MAX_FIELDS + " fields, not " + asked.size()));
        }
        for (Map.Entry<String, TypeRegistration.Field> e : asked.entrySet()) {
            String path = "fields." + e.getKey();
            if (!FIELD_NAME.matcher(e.getKey()).matches()) {
                problems.add(new Problem(path, "field names are 1 to 64 letters, digits or underscores, starting with a letter or underscore"));
                continue;
            }
            TypeRegistration.Field f = e.getValue();
            FieldType type = f == null ? null : FieldType.fromWire(f.type()).orElse(null);
            if (type == null) {
                problems.add(new Problem(path + ".type", "must be number, integer, string or boolean"));
                continue;
            }
            String unit = f.unit() == null || f.unit().isBlank() ? null : f.unit().trim();
            if (unit != null && unit.length() > 32) {
                problems.add(new Problem(path + ".unit", "at most 32 characters"));
                continue;
            }
            fields.put(e.getKey(), new FieldSpec(type, unit));
        }
        if (request.description() != null && request.description().length() > 500) {
            problems.add(new Problem("description", "at most 500 characters"));
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid("the sensor type has " + count(problems), problems);
        }
        DeviceType type = new DeviceType(name, kind, fields, request.description(), caller.name(), now());
        if (!store.insertType(type)) {
            throw ApiException.conflict("a sensor or controller type named '" + name + "' exists already");
        }
        directory.put(type);
        LOG.info("{} registered the {} type {} with fields {}", caller.name(), kind.wire(), name, fields.keySet());
        return type;
    }

    /** @return every type */
    public List<DeviceType> types() {
        return store.types();
    }

    /** @return the type of that name */
    public DeviceType type(String name) {
        return store.findType(name).orElseThrow(() -> ApiException.notFound("sensor type '" + name + "'"));
    }

    // ---- devices ----

    /**
     * A device just registered (or given a new token), with its token in clear: shown once.
     *
     * @param device the device
     * @param token  its token
     */
    public record Issued(Device device, String token) {
    }

    /**
     * Registers a device owned by the caller.
     *
     * @throws ApiException 422 with every problem, 409 when the id is taken
     */
    public Issued register(Caller caller, DeviceRegistration request) {
        List<Problem> problems = new ArrayList<>();
        String id = request.id();
        if (id != null && !DEVICE_ID.matcher(id).matches()) {
            problems.add(new Problem("id", "must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit"));
        } else if (id != null && reserved(id)) {
            problems.add(new Problem("id", "ids beginning with '" + RESERVED_PREFIX + "' are reserved for the platform's own MQTT clients;"
                    + " choose another id"));
        }
        DeviceType type = null;
        if (request.type() == null || request.type().isBlank()) {
            problems.add(new Problem("type", "is required: one of " + typeNames()));
        } else {
            type = store.findType(request.type()).orElse(null);
            if (type == null) {
                problems.add(new Problem("type", "no type named '" + request.type() + "' is registered; registered types: " + typeNames()));
            }
        }
        DeviceKind kind = type == null ? null : type.kind();
        if (request.kind() != null) {
            DeviceKind asked = DeviceKind.fromWire(request.kind()).orElse(null);
            if (asked == null) {
                problems.add(new Problem("kind", "must be sensor or controller, not '" + request.kind() + "'"));
            } else if (type != null && asked != type.kind()) {
                problems.add(new Problem("kind", "'" + type.name() + "' is a " + type.kind().wire() + " type, so the device is a "
                        + type.kind().wire() + ", not a " + asked.wire()));
            }
        }
        Map<String, String> labels = request.labels() == null ? Map.of() : request.labels();
        problems.addAll(labelProblems(labels, "labels"));
        Integer period = request.expectedPeriodSeconds();
        if (period != null && (period < 1 || period > MAX_PERIOD_SECONDS)) {
            problems.add(new Problem("expectedPeriodSeconds", "must be between 1 and " + MAX_PERIOD_SECONDS + " seconds"));
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid("the device has " + count(problems), problems);
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            String deviceId = id != null ? id : generatedId(type.name());
            String token = DeviceTokens.generate();
            Device device = new Device(deviceId, kind, type.name(), labels, period, caller.name(), DeviceTokens.hash(token),
                    now(), null, null, null, null, 0, 0, Sharing.NONE);
            if (store.insert(device)) {
                directory.put(device);
                LOG.info("{} registered {} {} of type {} with labels {}", caller.name(), kind.wire(), deviceId, type.name(), labels);
                changes.publishEventAsync(new DevicesChanged(deviceId, false));
                return new Issued(device, token);
            }
            if (id != null) {
                throw ApiException.conflict("a device with id '" + id + "' is registered already");
            }
        }
        throw new IllegalStateException("no free device id found for type " + type.name());
    }

    /**
     * @param type  only devices of this type, or null
     * @param kind  only devices of this kind ({@code sensor} or {@code controller}), or null
     * @param label only devices carrying each of these labels
     * @return the devices the caller may see, by id
     */
    public List<Device> list(Caller caller, @Nullable String type, @Nullable String kind, Map<String, String> label) {
        DeviceKind wantedKind = null;
        if (kind != null) {
            wantedKind = DeviceKind.fromWire(kind)
                    .orElseThrow(() -> new ApiException(io.micronaut.http.HttpStatus.BAD_REQUEST, "kind must be sensor or controller"));
        }
        DeviceKind k = wantedKind;
        return store.allWithValues().stream()
                .filter(d -> caller.mayAccess(d.owner()))
                .filter(d -> type == null || type.equals(d.type()))
                .filter(d -> k == null || k == d.kind())
                .filter(d -> d.matches(label))
                .toList();
    }

    /** @return the device, when the caller may see it; else 404 */
    public Device get(Caller caller, String id) {
        return store.find(id).filter(d -> caller.mayAccess(d.owner()))
                .orElseThrow(() -> ApiException.notFound("device '" + id + "'"));
    }

    /**
     * Deletes a device. Bindings that used it are recomputed at once, and its history is removed,
     * so a device registered later under the same id (by anyone) starts with none.
     */
    public void delete(Caller caller, String id) {
        get(caller, id);
        store.delete(id);
        directory.remove(id);
        LOG.info("{} deleted device {}", caller.name(), id);
        changes.publishEventAsync(new DevicesChanged(id, true));
    }

    /**
     * Sets whose apps besides the owner's may bind a device (admins only; the controller checks the
     * role): {@code {"with": ["ada", "bob"]}}, {@code {"with": "everyone"}} or {@code {"with": []}}.
     *
     * @throws ApiException 404 for an unknown device, 422 for a malformed request
     */
    public Device share(Caller caller, String id, SharingRequest request) {
        Device device = get(caller, id);
        Sharing sharing = request.toSharing();
        if (!store.replaceSharing(id, sharing)) {
            throw ApiException.notFound("device '" + id + "'");
        }
        Device changed = device.withSharing(sharing);
        directory.put(changed);
        LOG.info("{} shared device {} (owner {}) with {}", caller.name(), id, device.owner(),
                sharing.everyone() ? "everyone" : sharing.users().isEmpty() ? "nobody" : sharing.users());
        changes.publishEventAsync(new DevicesChanged(id, false));
        return changed;
    }

    /** @return whether a device id is in the platform's reserved space */
    public static boolean reserved(String id) {
        return id.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length());
    }

    /** @return an id for a device of this type: {@code {type}-{8 hex}}, never in the reserved space */
    static String generatedId(String type) {
        String id = type.substring(0, Math.min(55, type.length())) + "-" + randomSuffix();
        return reserved(id) ? "device-" + type.substring(0, Math.min(48, type.length())) + "-" + randomSuffix() : id;
    }

    /** Gives a device a new token; the old one stops working (in the broker within seconds). */
    public Issued rotateToken(Caller caller, String id) {
        Device device = get(caller, id);
        String token = DeviceTokens.generate();
        String hash = DeviceTokens.hash(token);
        if (!store.replaceTokenHash(id, hash)) {
            throw ApiException.notFound("device '" + id + "'");
        }
        Device changed = device.withTokenHash(hash);
        directory.put(changed);
        LOG.info("{} gave device {} a new token", caller.name(), id);
        return new Issued(changed, token);
    }

    /** @return the problems of a label map, with paths under {@code path} */
    static List<Problem> labelProblems(Map<String, String> labels, String path) {
        List<Problem> problems = new ArrayList<>();
        if (labels.size() > MAX_LABELS) {
            problems.add(new Problem(path, "at most " + MAX_LABELS + " labels, not " + labels.size()));
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!LABEL_KEY.matcher(e.getKey()).matches()) {
                problems.add(new Problem(path + "." + e.getKey(),
                        "label keys are letters, digits, dots, dashes, underscores or slashes (at most 63), starting and ending with a letter or digit"));
            } else if (e.getValue() == null || e.getValue().length() > MAX_LABEL_VALUE) {
                problems.add(new Problem(path + "." + e.getKey(), "label values are text of at most " + MAX_LABEL_VALUE + " characters"));
            }
        }
        return problems;
    }

    private String typeNames() {
        List<String> names = store.types().stream().map(DeviceType::name).toList();
        return names.isEmpty() ? "none yet (an admin registers types with POST /api/sensor-types)" : String.join(", ", names);
    }

    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private static String count(List<Problem> problems) {
        return problems.size() + (problems.size() == 1 ? " problem" : " problems");
    }

    private static String randomSuffix() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
