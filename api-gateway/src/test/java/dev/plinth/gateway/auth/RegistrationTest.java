package dev.plinth.gateway.auth;

import dev.plinth.contracts.validation.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a new account must meet, case by case: the fields with a problem, in order. */
class RegistrationTest {

    private static final int MIN = 10;

    @ParameterizedTest(name = "{0} / {1} / {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "ada          | long-enough-pw   | null             | ''",
            "ada          | long-enough-pw   | ada@example.org  | ''",
            "ada          | long-enough-pw   | '  '             | ''",
            "ada-lovelace | long-enough-pw   | null             | ''",
            "a1b          | long-enough-pw   | null             | ''",
            "ab           | long-enough-pw   | null             | username",
            "Ada          | long-enough-pw   | null             | username",
            "1ada         | long-enough-pw   | null             | username",
            "ada-         | long-enough-pw   | null             | username",
            "ada_l        | long-enough-pw   | null             | username",
            "''           | long-enough-pw   | null             | username",
            "abcdefghijklmnopqrstuvwxyz0123456 | long-enough-pw | null | username",
            "abcdefghijklmnopqrstuvwxyz012345  | long-enough-pw | null | ''",
            "ada          | short            | null             | password",
            "ada          | 123456789        | null             | password",
            "ada          | 1234567890       | null             | ''",
            "adalovelace1 | ADALOVELACE1     | null             | password",
            "ada          | long-enough-pw   | not-an-address   | email",
            "ada          | long-enough-pw   | a@b              | email",
            "ab           | short            | nope             | username password email",
    })
    void checksEveryField(String username, String password, String email, String expected) {
        List<String> fields = Registration.problems(new Registration.Applicant(username, password, null, email), MIN)
                .stream().map(Problem::path).toList();
        assertEquals(expected.isEmpty() ? List.of() : List.of(expected.split(" ")), fields);
    }

    @ParameterizedTest(name = "a password of {0} characters")
    @CsvSource({"128, ''", "129, password"})
    void capsThePasswordLength(int length, String expected) {
        List<String> fields = Registration.problems(new Registration.Applicant("ada", "p".repeat(length), null, null), MIN)
                .stream().map(Problem::path).toList();
        assertEquals(expected.isEmpty() ? List.of() : List.of(expected), fields);
    }
}
