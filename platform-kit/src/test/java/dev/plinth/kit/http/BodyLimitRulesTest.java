package dev.plinth.kit.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BodyLimitRulesTest {

    private static final BodyLimitSettings LIMITS = new BodyLimitSettings(1000, 100, 200, 50_000, 70_000);

    @ParameterizedTest(name = "{0} {1} -> {2} bytes, streamed {3}, encoded bodies {4}")
    @CsvSource(delimiter = '|', value = {
            "POST|/api/auth/login|100|false|false",
            "POST|/api/auth/register?x=1|100|false|false",
            "POST|/api/auth|100|false|false",
            "POST|/api/authx|1000|false|false",
            "POST|/api/ingest/car-7|200|false|false",
            "POST|/api/ingest|200|false|false",
            "POST|/api/apps|50000|true|false",
            "POST|/api/apps/|50000|true|false",
            "POST|/api/apps?dryRun=true|50000|true|false",
            "PUT|/api/apps|1000|false|false",
            "POST|/api/apps/speed-alert/deployments|1000|false|false",
            "POST|/apps/speed-alert/echo|70000|true|true",
            "PUT|/apps/speed-alert/a%20b|70000|true|true",
            "POST|/apps|1000|false|false",
            "POST|/api/sensors|1000|false|false",
            "GET|/|1000|false|false",
            "POST|http://plinth.example:8080/api/apps|50000|true|false",
            "POST|http://plinth.example:8080|1000|false|false",
            // Written so they could mean another route once decoded or normalised: the standard limit.
            "POST|/api//apps|1000|false|false",
            "POST|//api/apps|1000|false|false",
            "POST|/api/x/../apps|1000|false|false",
            "POST|/apps/x/../../api/auth/login|1000|false|false",
            "POST|/apps/x/%2e%2e/%2e%2e/api/users|1000|false|false",
            "POST|/apps/x/a%2Fb|1000|false|false",
            "POST|/apps/x/a\\b|1000|false|false",
            "POST|/api/apps;jsessionid=1|1000|false|false",
            "POST|/apps/x/.|1000|false|false",
            "POST|*|1000|false|false",
    })
    void picksTheLimitFromMethodAndPathAlone(String method, String target, long bytes, boolean streamed, boolean encoded) {
        BodyLimitRules.RouteLimit limit = BodyLimitRules.limitFor(method, target, LIMITS);
        assertEquals(bytes, limit.bytes(), limit.toString());
        assertEquals(streamed, limit.streamed(), limit.toString());
        assertEquals(encoded, limit.encodedBodies(), limit.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"65536|64 KiB", "1048576|1 MiB", "220200960|210 MiB", "1000|1000 bytes", "1536|1536 bytes"})
    void saysLimitsInUnitsPeopleRead(long bytes, String text) {
        assertEquals(text, BodyLimitHandler.readable(bytes));
    }
}
