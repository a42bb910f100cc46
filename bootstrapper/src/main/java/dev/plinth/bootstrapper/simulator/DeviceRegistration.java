package dev.plinth.bootstrapper.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.bootstrapper.infra.FilePermissions;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Makes sure the simulated devices exist on the platform and that their tokens are at hand.
 *
 * <p>Tokens are shown once, when a device is registered, so they are kept in
 * {@value #CREDENTIALS_FILE} in the queue directory (device id → token, readable by the owner
 * only). A rerun that finds every device there asks the platform nothing. Otherwise: the device
 * type is looked up ({@code GET /api/sensor-types/{name}}) and registered when missing
 * ({@code POST /api/sensor-types}, admins only), then each missing device is registered
 * ({@code POST /api/sensors}) and its token saved at once.</p>
 *
 * <p>A device registered already whose token is not in the file is a problem, named in the
 * exception, unless the registration {@link #renewingLostTokens() renews lost tokens}: then a device
 * of the right type gets a new token ({@code POST /api/sensors/{id}/token}, its owner or an admin).</p>
 */
public final class DeviceRegistration {

    /** The file, in the queue directory, that keeps device tokens between runs. */
    public static final String CREDENTIALS_FILE = "devices.properties";

    /** Where the platform token comes from, asked only when something must be registered. */
    @FunctionalInterface
    public interface TokenSource {
        /**
         * @return a bearer token of a developer or an admin
         * @throws SimulatorException when there is none, saying how to give one
         */
        String token() throws SimulatorException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI platform;
    private final TokenSource tokens;
    private final PrintStream out;
    private final boolean renewLostTokens;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param platform the platform's HTTP entry, as {@code http://127.0.0.1:8080}
     * @param tokens   where the bearer token comes from
     * @param out      where progress is printed
     */
    public DeviceRegistration(URI platform, TokenSource tokens, PrintStream out) {
        this(platform, tokens, out, false);
    }

    private DeviceRegistration(URI platform, TokenSource tokens, PrintStream out, boolean renewLostTokens) {
        this.platform = platform;
        this.tokens = tokens;
        this.out = out;
        this.renewLostTokens = renewLostTokens;
    }

    /**
     * For a caller that owns the devices (the platform's own demo): a device registered already whose
     * token was lost gets a new one, when it is of the expected type, instead of being reported.
     *
     * @return a registration that renews lost tokens
     */
    public DeviceRegistration renewingLostTokens() {
        return new DeviceRegistration(platform, tokens, out, true);
    }

    /**
     * Registers what is missing and returns every device's token.
     *
     * @param type                  the devices' type
     * @param ids                   the devices
     * @param labels                labels for newly registered devices
     * @param expectedPeriodSeconds how often each device publishes; 0 for devices that publish nothing (controllers)
     * @param dir                   the queue directory, holding {@value #CREDENTIALS_FILE}
     * @return device id → token, in the order of {@code ids}
     * @throws SimulatorException when the platform refuses or cannot be reached
     */
    public Map<String, String> ensure(DeviceType type, List<String> ids, Map<String, String> labels,
                                      int expectedPeriodSeconds, Path dir) throws SimulatorException {
        Path file = dir.resolve(CREDENTIALS_FILE);
        Properties known = load(file);
        List<String> missing = ids.stream().filter(id -> known.getProperty(id) == null).toList();
        if (!missing.isEmpty()) {
            String token = tokens.token();
            ensureType(type, token);
            List<String> problems = new ArrayList<>();
            int registered = 0;
            for (String id : missing) {
                String deviceToken = register(type, id, labels, expectedPeriodSeconds, token, file, problems);
                if (deviceToken != null) {
                    known.setProperty(id, deviceToken);
                    save(file, known);
                    registered++;
                }
            }
            if (registered > 0) {
                out.println("registered " + registered + " " + type.name() + " device(s); their tokens are in " + file);
            }
            if (!problems.isEmpty()) {
                throw new SimulatorException(String.join("\n", problems));
            }
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (String id : ids) {
            result.put(id, known.getProperty(id));
        }
        return result;
    }

    private void ensureType(DeviceType type, String token) throws SimulatorException {
        HttpResponse<String> lookup = send(HttpRequest.newBuilder(url("/api/sensor-types/" + type.name())).GET(), token);
        if (lookup.statusCode() == 200) {
            return;
        }
        if (lookup.statusCode() != 404) {
            throw refused("looking up the sensor type " + type.name(), lookup);
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("name", type.name());
        body.put("kind", type.kind());
        body.set("fields", JSON.valueToTree(type.fields()));
        body.put("description", type.description());
        HttpResponse<String> created = send(post("/api/sensor-types", body), token);
        switch (created.statusCode()) {
            case 200, 201 -> out.println("registered the " + type.kind() + " type " + type.name());
            case 409 -> {
                // Registered meanwhile by someone else: just as good.
            }
            case 403 -> throw new SimulatorException("the sensor type " + type.name() + " is not registered, and only an admin"
                    + " can register it: run plinth simulate once with an admin's --token (or --user/--password), or ask an admin"
                    + " to register it");
            default -> throw refused("registering the sensor type " + type.name(), created);
        }
    }

    private String register(DeviceType type, String id, Map<String, String> labels, int expectedPeriodSeconds,
                            String token, Path file, List<String> problems) throws SimulatorException {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", id);
        body.put("kind", type.kind());
        body.put("type", type.name());
        body.set("labels", JSON.valueToTree(labels));
        if (expectedPeriodSeconds > 0) {
            body.put("expectedPeriodSeconds", expectedPeriodSeconds);
        }
        HttpResponse<String> response = send(post("/api/sensors", body), token);
        int status = response.statusCode();
        if (status == 200 || status == 201) {
            JsonNode answer = parse(response.body());
            String deviceToken = answer.path("token").asText(null);
            if (deviceToken == null || deviceToken.isBlank()) {
                throw new SimulatorException("the platform registered " + id + " but its answer has no token: " + abbreviate(response.body()));
            }
            return deviceToken;
        }
        if (status == 409 && renewLostTokens) {
            return renew(type, id, token, problems);
        }
        if (status == 409) {
            problems.add(id + " is registered already, but its token is not in " + file + " (a token is shown only once):"
                    + " delete the device on the platform, or restore that file");
            return null;
        }
        if (status == 401 || status == 403) {
            throw refused("registering " + id, response);
        }
        problems.add("registering " + id + ": " + describe(response));
        return null;
    }

    /** A new token for a registered device of the expected type, or null (and a problem) for another one. */
    private String renew(DeviceType type, String id, String token, List<String> problems) throws SimulatorException {
        HttpResponse<String> device = send(HttpRequest.newBuilder(url("/api/sensors/" + id)).GET(), token);
        if (device.statusCode() != 200) {
            problems.add(id + " is registered already but cannot be read (" + describe(device) + "): its token cannot be renewed");
            return null;
        }
        String registeredType = parse(device.body()).path("type").asText();
        if (!type.name().equals(registeredType)) {
            problems.add(id + " is registered already as a " + registeredType + " device, not " + type.name() + ": delete it or use another id");
            return null;
        }
        HttpResponse<String> renewed = send(HttpRequest.newBuilder(url("/api/sensors/" + id + "/token"))
                .POST(HttpRequest.BodyPublishers.noBody()), token);
        String deviceToken = renewed.statusCode() == 200 ? parse(renewed.body()).path("token").asText(null) : null;
        if (deviceToken == null || deviceToken.isBlank()) {
            problems.add("renewing the token of " + id + ": " + describe(renewed));
            return null;
        }
        out.println(id + " was registered already and its token was not kept: it has a new one");
        return deviceToken;
    }

    /**
     * Signs in for a bearer token ({@code POST /api/auth/login}).
     *
     * @param platform the platform's HTTP entry
     * @param username who
     * @param password their password
     * @return the access token
     * @throws SimulatorException when the platform refuses or cannot be reached
     */
    public static String login(URI platform, String username, String password) throws SimulatorException {
        DeviceRegistration http = new DeviceRegistration(platform, () -> null, System.out);
        ObjectNode body = JSON.createObjectNode();
        body.put("username", username);
        body.put("password", password);
        HttpResponse<String> response = http.send(http.post("/api/auth/login", body), null);
        if (response.statusCode() != 200) {
            throw new SimulatorException("signing in to " + platform + " as " + username + " failed: " + describe(response));
        }
        String token = parse(response.body()).path("accessToken").asText(null);
        if (token == null) {
            throw new SimulatorException("signing in to " + platform + " gave no accessToken: " + abbreviate(response.body()));
        }
        return token;
    }

    private URI url(String path) {
        String base = platform.toString().endsWith("/") ? platform.toString().substring(0, platform.toString().length() - 1)
                : platform.toString();
        return URI.create(base + path);
    }

    private HttpRequest.Builder post(String path, JsonNode body) {
        return HttpRequest.newBuilder(url(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) throws SimulatorException {
        request.timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpRequest built = request.build();
        try {
            return http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SimulatorException("the platform does not answer at " + platform + " (" + built.method() + " "
                    + built.uri().getPath() + ": " + e + "): is it running? (start it with ./plinth up, or give --url)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulatorException("interrupted", e);
        }
    }

    private static SimulatorException refused(String what, HttpResponse<String> response) {
        String hint = switch (response.statusCode()) {
            case 401 -> " (the token is missing, expired or wrong: give --token, or --user and --password)";
            case 403 -> " (this user may not do that)";
            default -> "";
        };
        return new SimulatorException(what + " failed: " + describe(response) + hint);
    }

    private static String describe(HttpResponse<String> response) {
        String message = null;
        try {
            JsonNode error = JSON.readTree(response.body());
            if (error != null && error.path("message").isTextual()) {
                message = error.path("message").asText();
                if (error.path("problems").isArray()) {
                    for (JsonNode problem : error.path("problems")) {
                        message += "; " + problem.path("path").asText() + ": " + problem.path("message").asText();
                    }
                }
            }
        } catch (IOException e) {
            // Not Plinth's error JSON.
        }
        return response.statusCode() + (message != null ? " " + message : response.body().isBlank() ? "" : " " + abbreviate(response.body()));
    }

    private static JsonNode parse(String body) throws SimulatorException {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new SimulatorException("the platform answered something that is not JSON: " + abbreviate(body), e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    static Properties load(Path file) throws SimulatorException {
        Properties props = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(in);
            } catch (IOException e) {
                throw new SimulatorException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return props;
    }

    private static void save(Path file, Properties props) throws SimulatorException {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                props.store(out, "Simulated devices and their tokens (shown once by the platform). Keep this file private.");
            }
            FilePermissions.ownerOnly(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SimulatorException("cannot save the device tokens in " + file + ": " + e.getMessage(), e);
        }
    }
}
