package dev.plinth.contracts.descriptor;

import dev.plinth.contracts.validation.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvironmentRulesTest {

    @ParameterizedTest(name = "{0} refused: {1}")
    @CsvSource({
            "LD_PRELOAD,         true",
            "LD_LIBRARY_PATH,    true",
            "LD_AUDIT,           true",
            "LD_,                true",
            "GCONV_PATH,         true",
            "GLIBC_TUNABLES,     true",
            "LOCPATH,            true",
            "NLSPATH,            true",
            "HOSTALIASES,        true",
            "RES_OPTIONS,        true",
            "MALLOC_TRACE,       true",
            "BASH_ENV,           true",
            "BASH_FUNC_ls%%,     true",
            "SHELLOPTS,          true",
            "1ABC,               true",
            "A-B,                true",
            "A=B,                true",
            "THRESHOLD_KMH,      false",
            "ld_preload,         false",
            "OLD_PRELOAD,        false",
            "JAVA_TOOL_OPTIONS,  false",
            "MALLOC_ARENA_MAX,   false",
            "PYTHONPATH,         false",
            "TMPDIR,             false",
            "ENV,                false",
            "_private,           false",
    })
    void refusesLoaderAndShellHijacksAndMalformedNames(String name, boolean refused) {
        assertEquals(refused, EnvironmentRules.refusal(name, "x").isPresent(), name);
    }

    @Test
    void theMessageNamesTheVariableAndTheFix() {
        String message = EnvironmentRules.refusal("LD_PRELOAD", "/app/evil.so").orElseThrow();
        assertTrue(message.startsWith("LD_PRELOAD is refused"), message);
        assertTrue(message.contains("remove it from env"), message);
    }

    @Test
    void aNulInAValueIsRefusedBecauseItWouldSplitTheVariable() {
        String message = EnvironmentRules.refusal("GREETING", "hi\0--bind").orElseThrow();
        assertTrue(message.contains("NUL"), message);
        assertTrue(EnvironmentRules.refusal("GREETING", "hi").isEmpty());
    }

    @Test
    void problemsListEveryRefusedVariableByPathInNameOrder() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("THRESHOLD", "90");
        env.put("LD_PRELOAD", "/app/x.so");
        env.put("GCONV_PATH", "/app");
        List<Problem> problems = EnvironmentRules.problems(env);
        assertEquals(List.of("env.GCONV_PATH", "env.LD_PRELOAD"), problems.stream().map(Problem::path).toList());
        assertTrue(EnvironmentRules.problems(Map.of("THRESHOLD", "90")).isEmpty());
        assertTrue(EnvironmentRules.problems(null).isEmpty());
    }
}
