package dev.plinth.bootstrapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small JSON-over-HTTP client for tests, on loopback. */
public final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;

    public Http(URI base) {
        this.base = base;
    }

    /** An answer: status, headers and the body as JSON (or null when it is not JSON). */
    public record Answer(int status, HttpResponse<String> raw, JsonNode json) {
        public String text() {
            return raw.body();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    public Answer send(String method, String path, Object body, String token, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            headers.forEach(request::header);
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json");
                request.method(method, HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = response.body().isBlank() ? null : JSON.readTree(response.body());
            } catch (IOException ignored) {
                // not JSON
            }
            return new Answer(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Answer get(String path, String token) {
        return send("GET", path, null, token, Map.of());
    }

    public Answer post(String path, Object body, String token) {
        return send("POST", path, body, token, Map.of());
    }

    /** Uploads a file as the multipart field {@code field}. */
    public Answer upload(String path, String field, String fileName, byte[] content, String token) {
        String boundary = "plinth-" + java.util.UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        try {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: application/zip\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            body.write(content);
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(120))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = response.body().isBlank() ? null : JSON.readTree(response.body());
            } catch (IOException ignored) {
                // not JSON
            }
            return new Answer(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Signs in and returns the access token; fails the test when sign-in fails. */
    public String login(String username, String password) {
        Answer answer = post("/api/auth/login", Map.of("username", username, "password", password), null);
        if (answer.status() != 200) {
            throw new AssertionError("sign-in of " + username + " failed: " + answer);
        }
        return answer.json().path("accessToken").asText();
    }
}
