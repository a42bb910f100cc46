package dev.plinth.gateway.apps.proxy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AppPathTest {

    @ParameterizedTest(name = "{0} -> app={1} rest={2} valid={3}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "/apps/speed-alert/|speed-alert|/|true",
            "/apps/speed-alert|speed-alert|''|true",
            "/apps/speed-alert/api/v1/readings|speed-alert|/api/v1/readings|true",
            "/apps/speed-alert//double|speed-alert|//double|true",
            "/apps/a/%2Fencoded%20path|a|/%2Fencoded%20path|true",
            "/apps/Speed/|Speed|/|false",
            "/apps/speed_alert/|speed_alert|/|false",
            "/apps/%73peed/|%73peed|/|false",
            "/apps/0123456789012345678901234567890123456789/|0123456789012345678901234567890123456789|/|true",
            "/apps/01234567890123456789012345678901234567890/|01234567890123456789012345678901234567890|/|false",
    })
    void splitsTheAppFromThePathItSees(String raw, String app, String rest, boolean valid) {
        AppPath path = AppPath.parse(raw);
        assertEquals(new AppPath(app, rest, valid), path);
        assertEquals(rest.isEmpty(), path.needsSlash());
        assertEquals("/apps/" + app, path.prefix());
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"/apps", "/apps/", "/apps//x", "/api/apps/x/", "/", "null", "/applications/x/"})
    void namesNoAppOutsideAppsOrWithoutAName(String raw) {
        assertNull(AppPath.parse(raw));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "/apps/a/|null|/",
            "/apps/a/|''|/",
            "/apps/a/x|q=1&r=%20|/x?q=1&r=%20",
    })
    void keepsTheQueryAsItCame(String raw, String query, String target) {
        assertEquals(target, AppPath.parse(raw).target(query));
    }
}
