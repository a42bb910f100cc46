package dev.plinth.sdk;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The HTTP side of the app protocol: {@code /api/bindings/{app}/{name}/…} with the bearer token. */
final class BindingsApi {

    private final HttpClient http;
    private final URI api;
    private final String token;
    private final String app;
    private final Duration timeout;

    BindingsApi(PlinthConfig config, Duration timeout) {
        this.api = config.apiUrl();
        this.token = config.bearerToken();
        this.app = config.app();
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    Map<String, Reading> latest(String name) {
        return Json.latest(get(name, "/latest"));
    }

    List<Reading> history(String name, Instant from, Instant to, Integer limit) {
        StringBuilder query = new StringBuilder("/history?from=").append(encode(from.toString()))
                .append("&to=").append(encode(to.toString()));
        if (limit != null) {
            query.append("&limit=").append(limit);
        }
        return Json.history(get(name, query.toString()));
    }

    private JsonNode get(String name, String rest) {
        if (api == null) {
            throw new PlinthException("PLINTH_API_URL is not set: run inside Plinth or set apiUrl in Plinth.connect(config)");
        }
        String base = api.toString().endsWith("/") ? api.toString().substring(0, api.toString().length() - 1) : api.toString();
        URI uri = URI.create(base + "/api/bindings/" + app + "/" + name + rest);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new PlinthException("cannot reach the platform at " + api + " (GET " + uri.getPath() + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlinthException("interrupted while asking the platform for " + uri.getPath(), e);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            throw new PlinthApiException("GET " + uri.getPath() + " answered " + status + ": " + explain(status, name, body),
                    status, body);
        }
        return Json.parse(response.body(), "the answer to GET " + uri.getPath());
    }

    private String explain(int status, String name, String body) {
        String message = null;
        try {
            JsonNode error = Json.MAPPER.readTree(body);
            if (error != null && error.path("message").isTextual()) {
                message = error.path("message").asText();
            }
        } catch (IOException e) {
            // Not Plinth's error JSON: the status says enough.
        }
        String hint = switch (status) {
            case 401 -> "the token is missing, expired or wrong (PLINTH_TOKEN)";
            case 403 -> "this credential may not read the bindings of " + app;
            case 404 -> "no requirement " + name + " bound to " + app + " (is it in plinth.yaml, and is the app deployed?)";
            default -> "the platform could not answer";
        };
        return message == null ? hint : message + " (" + hint + ")";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
