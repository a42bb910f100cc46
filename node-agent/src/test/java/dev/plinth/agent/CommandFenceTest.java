package dev.plinth.agent;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CommandFenceTest {

    /** Tokens in the order the commands arrive, and which of them are carried out. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "1 1 1          | yes yes yes",
            "1 2 1          | yes yes no",
            "3 0 2 3 4      | yes yes no yes yes",
            "0 0            | yes yes",
            "5 4 6 5        | yes no yes no",
            "2 7 7 1 0      | yes yes yes no yes",
    })
    void aLowerTokenThanOneSeenIsRefused(String tokens, String admitted) {
        CommandFence fence = new CommandFence();
        String outcome = String.join(" ", Arrays.stream(tokens.trim().split(" +"))
                .map(t -> fence.admit(Long.parseLong(t)) ? "yes" : "no").toList());
        assertEquals(admitted.trim(), outcome);
    }
}
