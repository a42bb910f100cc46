package dev.plinth.bootstrapper;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sign-in and registration journeys, the same against the embedded directory and a real one. */
final class AuthScenarios {

    private AuthScenarios() {
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void goodLogin(Http http, String admin, String password) {
        Http.Answer login = http.post("/api/auth/login", Map.of("username", admin, "password", password), null);
        assertEquals(200, login.status(), login.toString());
        assertEquals("Bearer", login.json().path("tokenType").asText());
        assertTrue(login.json().path("expiresIn").asLong() > 0);
        assertNotNull(login.json().path("refreshToken").asText(null));
        String cookies = String.join("; ", login.raw().headers().allValues("Set-Cookie"));
        assertTrue(cookies.contains("PLINTH_SESSION=") && cookies.toLowerCase().contains("httponly") && cookies.contains("SameSite=Strict"), cookies);
        Http.Answer me = http.get("/api/auth/me", login.json().path("accessToken").asText());
        assertEquals(200, me.status(), me.toString());
        assertEquals(admin, me.json().path("username").asText());
        assertTrue(me.json().path("roles").toString().contains("ADMIN"), me.toString());
        String sessionCookie = login.raw().headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("PLINTH_SESSION=")).findFirst().orElseThrow().split(";")[0];
        Http.Answer byCookie = http.send("GET", "/api/auth/me", null, null, Map.of("Cookie", sessionCookie));
        assertEquals(200, byCookie.status(), "the session cookie signs the UI in: " + byCookie);
    }

    static void badLogins(Http http, String admin) {
        Http.Answer wrong = http.post("/api/auth/login", Map.of("username", admin, "password", "not-the-password"), null);
        assertEquals(401, wrong.status(), wrong.toString());
        assertEquals("wrong username or password", wrong.json().path("message").asText());
        Http.Answer unknown = http.post("/api/auth/login", Map.of("username", uniqueName("nobody"), "password", "whatever-password"), null);
        assertEquals(401, unknown.status(), unknown.toString());
        assertEquals("wrong username or password", unknown.json().path("message").asText(), "no hint whether the user exists");
        Http.Answer empty = http.post("/api/auth/login", Map.of("username", admin), null);
        assertEquals(400, empty.status(), empty.toString());
        Http.Answer noToken = http.get("/api/auth/me", null);
        assertEquals(401, noToken.status(), noToken.toString());
        Http.Answer forged = http.get("/api/auth/me", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiIsInJvbGVzIjpbIkFETUlOIl19.c2lnbmF0dXJl");
        assertEquals(401, forged.status(), forged.toString());
    }

    /** Registers a developer and returns the name. */
    static String registration(Http http) {
        String name = uniqueName("dev");
        Http.Answer created = http.post("/api/auth/register",
                Map.of("username", name, "password", "correct-horse-battery", "name", "Ada Lovelace", "email", name + "@example.com"), null);
        assertEquals(201, created.status(), created.toString());
        assertEquals(List.of("DEVELOPER"), List.of(created.json().path("roles").get(0).asText()));
        String token = http.login(name, "correct-horse-battery");
        Http.Answer me = http.get("/api/auth/me", token);
        assertEquals("[\"DEVELOPER\"]", me.json().path("roles").toString(), "a registered user is a developer, not an admin");

        Http.Answer again = http.post("/api/auth/register", Map.of("username", name, "password", "another-long-password"), null);
        assertEquals(409, again.status(), again.toString());

        Http.Answer weak = http.post("/api/auth/register", Map.of("username", uniqueName("dev"), "password", "short"), null);
        assertEquals(422, weak.status(), weak.toString());
        assertEquals("password", weak.json().path("problems").get(0).path("path").asText());
        assertTrue(weak.json().path("problems").get(0).path("message").asText().startsWith("must be at least"));

        String same = uniqueName("samepass");
        Http.Answer sameAsName = http.post("/api/auth/register", Map.of("username", same, "password", same), null);
        assertEquals(422, sameAsName.status(), sameAsName.toString());
        assertTrue(sameAsName.text().contains("must not be the username"), sameAsName.toString());

        Http.Answer badName = http.post("/api/auth/register", Map.of("username", "Bad Name!", "password", "correct-horse-battery"), null);
        assertEquals(422, badName.status(), badName.toString());
        assertEquals("username", badName.json().path("problems").get(0).path("path").asText());
        return name;
    }

    static void disabledUser(Http http, String adminToken, String developer, String developerPassword) {
        String devToken = http.login(developer, developerPassword);
        Http.Answer disable = http.post("/api/users/" + developer + "/disable", null, adminToken);
        assertEquals(200, disable.status(), disable.toString());
        assertTrue(disable.json().path("disabled").asBoolean());
        Http.Answer login = http.post("/api/auth/login", Map.of("username", developer, "password", developerPassword), null);
        assertEquals(403, login.status(), login.toString());
        Http.Answer oldToken = http.get("/api/auth/me", devToken);
        assertEquals(401, oldToken.status(), "a disabled user's token is refused at once: " + oldToken);
        Http.Answer enable = http.post("/api/users/" + developer + "/enable", null, adminToken);
        assertEquals(200, enable.status(), enable.toString());
        http.login(developer, developerPassword);
    }

    static void refreshAndLogout(Http http, String user, String password) {
        Http.Answer login = http.post("/api/auth/login", Map.of("username", user, "password", password), null);
        String refresh = login.json().path("refreshToken").asText();
        Http.Answer refreshed = http.post("/api/auth/refresh", Map.of("refreshToken", refresh), null);
        assertEquals(200, refreshed.status(), refreshed.toString());
        Http.Answer reused = http.post("/api/auth/refresh", Map.of("refreshToken", refresh), null);
        assertEquals(401, reused.status(), "a refresh token works once: " + reused);
        String second = refreshed.json().path("refreshToken").asText();
        Http.Answer logout = http.post("/api/auth/logout", Map.of("refreshToken", second), null);
        assertEquals(204, logout.status(), logout.toString());
        Http.Answer afterLogout = http.post("/api/auth/refresh", Map.of("refreshToken", second), null);
        assertEquals(401, afterLogout.status(), afterLogout.toString());
    }

    static void adminRoutes(Http http, String adminToken, String developerToken, String developer) {
        assertEquals(403, http.get("/api/users", developerToken).status());
        assertEquals(200, http.get("/api/users", adminToken).status());
        assertEquals(403, http.send("PUT", "/api/users/" + developer + "/admin", null, developerToken, Map.of()).status());
        Http.Answer grant = http.send("PUT", "/api/users/" + developer + "/admin", null, adminToken, Map.of());
        assertEquals(200, grant.status(), grant.toString());
        assertTrue(grant.json().path("roles").toString().contains("ADMIN"));
        Http.Answer revoke = http.send("DELETE", "/api/users/" + developer + "/admin", null, adminToken, Map.of());
        assertEquals(200, revoke.status(), revoke.toString());
        assertTrue(!revoke.json().path("roles").toString().contains("ADMIN"));
        assertEquals(404, http.post("/api/users/" + uniqueName("ghost") + "/disable", null, adminToken).status());
    }
}
