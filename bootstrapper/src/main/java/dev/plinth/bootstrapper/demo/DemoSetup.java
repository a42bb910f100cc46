package dev.plinth.bootstrapper.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.bootstrapper.infra.Infrastructure;
import dev.plinth.bootstrapper.simulator.DeviceRegistration;
import dev.plinth.bootstrapper.simulator.DeviceType;
import dev.plinth.bootstrapper.simulator.SimulatorException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the demo needs on the platform, made through its public API as the admin, each step only when
 * it is missing, so a restart with the same data directory finds everything there and changes
 * nothing: the types {@code vehicle-speed} and {@code buzzer}, the devices {@code car-1 … car-10}
 * ({@code route=A1}) and {@code buzzer-1} (their tokens in {@value DeviceRegistration#CREDENTIALS_FILE}
 * of the demo's directory), the speed-alert package (shipped in the plinth jar) and a deployment of it.
 * A deployment that is active already is left as it is, whatever its size: someone may have scaled it.
 */
final class DemoSetup {

    /** The buzzer: a controller that takes {@code {"action": "beep", …}}. */
    static final DeviceType BUZZER = new DeviceType("buzzer", "controller", Map.of("action", Map.of("type", "string")),
            "A buzzer that beeps on command.", "buzzer");
    /** The package in the plinth jar, beside this class. */
    static final String PACKAGE = SpeedAlertDemo.APP + "-" + SpeedAlertDemo.VERSION + ".zip";

    /**
     * The devices' tokens.
     *
     * @param cars   car id → token, car-1 first
     * @param buzzer the buzzer's token
     */
    record Devices(Map<String, String> cars, String buzzer) {
    }

    private final URI gateway;
    private final String adminPassword;
    private final Path dir;
    private final PrintStream progress;
    private String token;

    /**
     * @param gateway       the platform's HTTP entry
     * @param adminPassword the embedded directory's admin's password
     * @param dir           the demo's directory in the data directory
     * @param progress      where registrations are reported
     */
    DemoSetup(URI gateway, String adminPassword, Path dir, PrintStream progress) {
        this.gateway = gateway;
        this.adminPassword = adminPassword;
        this.dir = dir;
        this.progress = progress;
    }

    /** Signs in as the admin, once. */
    private String token() throws SimulatorException {
        if (token == null) {
            token = DeviceRegistration.login(gateway, Infrastructure.ADMIN_USER, adminPassword);
        }
        return token;
    }

    /**
     * Registers the types and devices that are missing.
     *
     * @return every device's token
     * @throws SimulatorException when the platform refuses or does not answer
     */
    Devices devices() throws SimulatorException {
        DeviceRegistration registration = new DeviceRegistration(gateway, this::token, progress).renewingLostTokens();
        List<String> cars = new ArrayList<>();
        for (int i = 1; i <= SpeedAlertDemo.CARS; i++) {
            cars.add(DeviceType.VEHICLE_SPEED.deviceId(i));
        }
        Map<String, String> carTokens = registration.ensure(DeviceType.VEHICLE_SPEED, cars, Map.of("route", "A1"), 1, dir);
        Map<String, String> buzzer = registration.ensure(BUZZER, List.of(SpeedAlertDemo.BUZZER), Map.of(), 0, dir);
        return new Devices(carTokens, buzzer.get(SpeedAlertDemo.BUZZER));
    }

    /**
     * Uploads the speed-alert package unless that version exists, and deploys it unless a deployment
     * of the app is active.
     *
     * @return what was done, for the log
     * @throws IOException          when the platform does not answer, or refuses
     * @throws SimulatorException   when signing in fails
     * @throws InterruptedException when the demo is stopped meanwhile
     */
    String app() throws IOException, SimulatorException, InterruptedException {
        PlatformApi api = new PlatformApi(gateway, token());
        String app = "/api/apps/" + SpeedAlertDemo.APP;
        List<String> done = new ArrayList<>();
        PlatformApi.Answer version = api.get(app + "/versions/" + SpeedAlertDemo.VERSION);
        if (version.status() == 404) {
            PlatformApi.Answer uploaded = api.upload("/api/apps", PACKAGE, packageBytes());
            if (uploaded.status() != 201 && uploaded.status() != 409) {
                throw new IOException("uploading " + PACKAGE + " was refused: " + uploaded.describe());
            }
            done.add("uploaded " + SpeedAlertDemo.APP + " " + SpeedAlertDemo.VERSION);
        } else if (version.status() != 200) {
            throw new IOException("looking up " + SpeedAlertDemo.APP + " " + SpeedAlertDemo.VERSION + ": " + version.describe());
        }
        PlatformApi.Answer deployments = api.get(app + "/deployments");
        if (deployments.status() != 200) {
            throw new IOException("looking up the deployments of " + SpeedAlertDemo.APP + ": " + deployments.describe());
        }
        if (active(deployments.json())) {
            done.add("kept its active deployment");
        } else {
            PlatformApi.Answer deployed = api.post(app + "/deployments",
                    Map.of("version", SpeedAlertDemo.VERSION, "instances", SpeedAlertDemo.INSTANCES));
            if (deployed.status() != 201 && deployed.status() != 200) {
                throw new IOException("deploying " + SpeedAlertDemo.APP + " was refused: " + deployed.describe());
            }
            done.add("deployed " + SpeedAlertDemo.APP + " " + SpeedAlertDemo.VERSION + " with " + SpeedAlertDemo.INSTANCES + " instances");
        }
        return String.join(", ", done);
    }

    private static boolean active(JsonNode deployments) {
        for (JsonNode d : deployments) {
            if (d.path("active").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] packageBytes() throws IOException {
        try (InputStream in = DemoSetup.class.getResourceAsStream(PACKAGE)) {
            if (in == null) {
                throw new IOException("the demo's app package " + PACKAGE + " is missing from the plinth jar");
            }
            return in.readAllBytes();
        }
    }
}
