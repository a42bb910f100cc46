package dev.plinth.gateway.apps.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForwardedHeadersTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("10.1.2.3", 51000);

    @Test
    void setsEveryForwardedHeader() {
        Map<String, String> headers = ForwardedHeaders.forwarded(List.of(), CLIENT, false, "plinth.example:8080", "/apps/a");
        assertEquals(Map.of(
                "X-Forwarded-For", "10.1.2.3",
                "X-Forwarded-Proto", "http",
                "X-Forwarded-Host", "plinth.example:8080",
                "X-Forwarded-Prefix", "/apps/a"), headers);
    }

    @Test
    void appendsTheClientToAnExistingChain() {
        Map<String, String> headers = ForwardedHeaders.forwarded(List.of("203.0.113.9, 10.0.0.1", "10.0.0.2"), CLIENT, true,
                null, "/apps/b");
        assertEquals("203.0.113.9, 10.0.0.1, 10.0.0.2, 10.1.2.3", headers.get("X-Forwarded-For"));
        assertEquals("https", headers.get("X-Forwarded-Proto"));
        assertFalse(headers.containsKey("X-Forwarded-Host"));
    }

    @ParameterizedTest(name = "Cookie: {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "theme=dark|theme=dark",
            "PLINTH_SESSION=abc|null",
            "PLINTH_SESSION=abc; theme=dark|theme=dark",
            "a=1; PLINTH_REFRESH=r;b=2|a=1; b=2",
    })
    void keepsThePlatformsCookiesFromApps(String header, String expected) {
        assertEquals(expected, ForwardedHeaders.withoutPlatformCookies(List.of(header)));
    }

    @Test
    void filtersAndJoinsSeveralCookieHeaders() {
        assertEquals("a=1; b=2", ForwardedHeaders.withoutPlatformCookies(List.of("a=1", "PLINTH_SESSION=x; b=2")));
    }

    @Test
    void noCookieHeaderStaysNone() {
        assertNull(ForwardedHeaders.withoutPlatformCookies(List.of()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PLINTH_SESSION=x; Path=/; HttpOnly|true",
            " PLINTH_REFRESH=|true",
            "PLINTH_SESSIONS=x|false",
            "session=PLINTH_SESSION|false",
    })
    void recognisesAppsSettingThePlatformsCookies(String setCookie, boolean platform) {
        assertEquals(platform, ForwardedHeaders.setsPlatformCookie(setCookie));
    }

    @Test
    void dropsHopByHopHeadersThoseConnectionNamesAndCredentials() {
        var names = ForwardedHeaders.notForwarded(List.of("keep-alive, X-Secret-Hop", "Upgrade"));
        assertTrue(names.containsAll(List.of("connection", "keep-alive", "upgrade", "te", "trailer", "x-secret-hop",
                "authorization", "proxy-authorization")));
        assertFalse(names.contains("content-length"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "WWW-Authenticate|true",
            "www-authenticate|true",
            "Proxy-Authenticate|true",
            "Authentication-Info|false",
            "X-WWW-Authenticate|false",
    })
    void recognisesCredentialChallenges(String header, boolean challenge) {
        assertEquals(challenge, ForwardedHeaders.isChallenge(header));
    }
}
