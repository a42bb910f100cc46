package dev.plinth.bootstrapper.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Registering simulated devices against a small real HTTP server that answers as the platform does. */
class DeviceRegistrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private FakePlatform platform;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        platform = new FakePlatform();
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    private DeviceRegistration as(String token) {
        return new DeviceRegistration(platform.url(), () -> token, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private static List<String> cars(int n) {
        return java.util.stream.IntStream.rangeClosed(1, n).mapToObj(i -> "car-" + i).toList();
    }

    @Test
    void anAdminRegistersTheTypeAndTheDevicesAndTheTokensAreKept() throws Exception {
        Map<String, String> tokens = as(FakePlatform.ADMIN_TOKEN)
                .ensure(DeviceType.VEHICLE_SPEED, cars(3), Map.of("route", "A1"), 1, dir);

        assertEquals(Map.of("car-1", "token-of-car-1", "car-2", "token-of-car-2", "car-3", "token-of-car-3"), tokens);
        assertEquals(List.of("GET /api/sensor-types/vehicle-speed", "POST /api/sensor-types",
                "POST /api/sensors", "POST /api/sensors", "POST /api/sensors"), platform.calls());
        assertEquals(JSON.readTree("""
                {"name":"vehicle-speed","kind":"sensor","fields":{"speedKmh":{"type":"number","unit":"km/h"}},
                 "description":"The speed of a vehicle, in km/h."}"""), platform.requests.get(1).body());
        assertEquals(JSON.readTree("""
                {"id":"car-1","kind":"sensor","type":"vehicle-speed","labels":{"route":"A1"},"expectedPeriodSeconds":1}"""),
                platform.requests.get(2).body());

        Path file = dir.resolve(DeviceRegistration.CREDENTIALS_FILE);
        Properties saved = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            saved.load(in);
        }
        assertEquals("token-of-car-2", saved.getProperty("car-2"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("registered 3 vehicle-speed device(s)"), printed.toString());
    }

    @Test
    void aRerunReusesTheTokensAndAsksNothing() throws Exception {
        as(FakePlatform.ADMIN_TOKEN).ensure(DeviceType.VEHICLE_SPEED, cars(3), Map.of(), 1, dir);
        platform.requests.clear();
        DeviceRegistration noToken = new DeviceRegistration(platform.url(),
                () -> fail("no token is needed when every device is known"), System.out);
        Map<String, String> tokens = noToken.ensure(DeviceType.VEHICLE_SPEED, cars(3), Map.of(), 1, dir);
        assertEquals("token-of-car-3", tokens.get("car-3"));
        assertEquals(List.of(), platform.calls());
    }

    @Test
    void moreDevicesRegisterOnlyTheNewOnes() throws Exception {
        as(FakePlatform.ADMIN_TOKEN).ensure(DeviceType.VEHICLE_SPEED, cars(2), Map.of(), 1, dir);
        platform.requests.clear();
        Map<String, String> tokens = as(FakePlatform.DEVELOPER_TOKEN).ensure(DeviceType.VEHICLE_SPEED, cars(4), Map.of(), 2, dir);
        assertEquals(List.of("car-1", "car-2", "car-3", "car-4"), List.copyOf(tokens.keySet()));
        assertEquals(List.of("GET /api/sensor-types/vehicle-speed", "POST /api/sensors", "POST /api/sensors"), platform.calls());
        assertEquals("car-3", platform.requests.get(1).body().path("id").asText());
        assertEquals(2, platform.requests.get(1).body().path("expectedPeriodSeconds").asInt());
    }

    @Test
    void aDeveloperCannotRegisterAMissingTypeAndIsToldWhy() {
        SimulatorException e = assertThrows(SimulatorException.class,
                () -> as(FakePlatform.DEVELOPER_TOKEN).ensure(DeviceType.VEHICLE_SPEED, cars(2), Map.of(), 1, dir));
        assertTrue(e.getMessage().startsWith("the sensor type vehicle-speed is not registered, and only an admin can register it"),
                e.getMessage());
        assertTrue(platform.devices.isEmpty());
        assertFalse(Files.exists(dir.resolve(DeviceRegistration.CREDENTIALS_FILE)));
    }

    @Test
    void aDeveloperRegistersDevicesOfAnExistingType() throws Exception {
        platform.types.add("vehicle-speed");
        Map<String, String> tokens = as(FakePlatform.DEVELOPER_TOKEN).ensure(DeviceType.VEHICLE_SPEED, cars(2), Map.of(), 1, dir);
        assertEquals(2, tokens.size());
        assertEquals(List.of("GET /api/sensor-types/vehicle-speed", "POST /api/sensors", "POST /api/sensors"), platform.calls());
    }

    @Test
    void aDeviceRegisteredElsewhereIsNamedAndTheOthersAreKept() throws Exception {
        platform.types.add("vehicle-speed");
        platform.devices.put("car-2", "someone-elses");
        SimulatorException e = assertThrows(SimulatorException.class,
                () -> as(FakePlatform.ADMIN_TOKEN).ensure(DeviceType.VEHICLE_SPEED, cars(3), Map.of(), 1, dir));
        assertTrue(e.getMessage().startsWith("car-2 is registered already, but its token is not in " + dir.resolve("devices.properties")),
                e.getMessage());
        Properties saved = DeviceRegistration.load(dir.resolve(DeviceRegistration.CREDENTIALS_FILE));
        assertEquals("token-of-car-1", saved.getProperty("car-1"));
        assertEquals("token-of-car-3", saved.getProperty("car-3"));
    }

    @Test
    void lostTokensAreRenewedWhenAskedForDevicesOfTheRightType() throws Exception {
        platform.types.add("vehicle-speed");
        platform.devices.put("car-2", "lost");
        platform.deviceTypes.put("car-2", "vehicle-speed");
        platform.devices.put("car-3", "someone-elses");
        platform.deviceTypes.put("car-3", "thermometer");
        SimulatorException e = assertThrows(SimulatorException.class, () -> as(FakePlatform.ADMIN_TOKEN).renewingLostTokens()
                .ensure(DeviceType.VEHICLE_SPEED, cars(3), Map.of(), 1, dir));
        assertEquals("car-3 is registered already as a thermometer device, not vehicle-speed: delete it or use another id", e.getMessage());
        Properties saved = DeviceRegistration.load(dir.resolve(DeviceRegistration.CREDENTIALS_FILE));
        assertEquals("token-of-car-1", saved.getProperty("car-1"));
        assertEquals("renewed-token-of-car-2", saved.getProperty("car-2"));
        assertEquals(null, saved.getProperty("car-3"), "another type's device is left alone");
        assertEquals("someone-elses", platform.devices.get("car-3"));
        assertTrue(platform.calls().contains("POST /api/sensors/car-2/token"), platform.calls().toString());
    }

    @Test
    void devicesThatPublishNothingAreRegisteredWithoutAPeriod() throws Exception {
        platform.types.add("vehicle-speed");
        as(FakePlatform.ADMIN_TOKEN).ensure(DeviceType.VEHICLE_SPEED, cars(1), Map.of(), 0, dir);
        assertFalse(platform.requests.get(1).body().has("expectedPeriodSeconds"), platform.requests.get(1).body().toString());
    }

    @Test
    void aWrongTokenIsA401WithWhatToGive() {
        SimulatorException e = assertThrows(SimulatorException.class,
                () -> as("stale").ensure(DeviceType.VEHICLE_SPEED, cars(1), Map.of(), 1, dir));
        assertTrue(e.getMessage().contains("401"), e.getMessage());
        assertTrue(e.getMessage().contains("--token, or --user and --password"), e.getMessage());
    }

    @Test
    void signingInGivesTheAccessToken() throws Exception {
        assertEquals(FakePlatform.DEVELOPER_TOKEN, DeviceRegistration.login(platform.url(), "ada", "correct-horse"));
        SimulatorException e = assertThrows(SimulatorException.class,
                () -> DeviceRegistration.login(platform.url(), "ada", "wrong"));
        assertTrue(e.getMessage().contains("401 wrong username or password"), e.getMessage());
    }

    @Test
    void aPlatformThatIsDownSaysHowToStartIt() {
        URI url = platform.url();
        platform.close();
        SimulatorException e = assertThrows(SimulatorException.class, () -> new DeviceRegistration(url,
                () -> FakePlatform.ADMIN_TOKEN, System.out).ensure(DeviceType.VEHICLE_SPEED, cars(1), Map.of(), 1, dir));
        assertTrue(e.getMessage().startsWith("the platform does not answer at " + url), e.getMessage());
        assertTrue(e.getMessage().contains("./plinth up"), e.getMessage());
    }
}
