package dev.plinth.kit.security;

import io.micronaut.security.authentication.Authentication;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One row per kind of token: who the caller is, and whether it may act on what "ada" owns. */
class CallerTest {

    record Case(Authentication token, Caller caller, boolean mayAccessAdasThings) {
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                row("a developer acts on what they own",
                        new Case(Authentication.build("ada", List.of(Roles.DEVELOPER)),
                                new Caller("ada", false, null, null), true)),
                row("a developer does not act on what another owns",
                        new Case(Authentication.build("bob", List.of(Roles.DEVELOPER)),
                                new Caller("bob", false, null, null), false)),
                row("an admin acts on everything",
                        new Case(Authentication.build("root", List.of(Roles.ADMIN)),
                                new Caller("root", true, null, null), true)),
                row("an app speaks for its app and deployment",
                        new Case(Authentication.build("app:speed-alert", List.of(Roles.APP),
                                Map.of(Roles.APP_CLAIM, "speed-alert", Roles.DEPLOYMENT_CLAIM, "d1")),
                                new Caller("app:speed-alert", false, "speed-alert", "d1"), false)),
                row("an app is never an owner, even one whose subject names the owner",
                        new Case(Authentication.build("ada", List.of(Roles.APP), Map.of(Roles.APP_CLAIM, "speed-alert")),
                                new Caller("ada", false, "speed-alert", null), false)),
                row("the app claims count only on a token with the APP role",
                        new Case(Authentication.build("ada", List.of(Roles.DEVELOPER),
                                Map.of(Roles.APP_CLAIM, "speed-alert", Roles.DEPLOYMENT_CLAIM, "d1")),
                                new Caller("ada", false, null, null), true)));
    }

    private static Arguments row(String name, Case c) {
        return Arguments.of(Named.of(name, c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void callerComesFromTheToken(Case c) {
        Caller caller = Caller.of(c.token());

        assertEquals(c.caller(), caller);
        assertEquals(c.mayAccessAdasThings(), caller.mayAccess("ada"));
    }

    @Test
    void aPersonIsNotAnApp() {
        assertEquals(new Caller("ada", true, null, null), new Caller("ada", true));
    }
}
