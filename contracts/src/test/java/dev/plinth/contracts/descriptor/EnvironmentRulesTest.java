package dev.plinth.contracts.descriptor;

import dev.plinth.contracts.validation.InvalidDocumentException;
import dev.plinth.contracts.validation.Problem;
import dev.plinth.contracts.validation.SchemaCheck;
import dev.plinth.contracts.validation.YamlDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvironmentRulesTest {

    private static final SchemaCheck SCHEMA = SchemaCheck.fromClasspath(AppDescriptor.SCHEMA_RESOURCE);
    private final DescriptorParser parser = new DescriptorParser();

    private static String descriptorWithEnv(String name) {
        return "name: a\nversion: 1.0.0\nrun: {command: [x]}\nenv: {" + name + ": 'v'}\n";
    }

    /** Refused by the rules and by the published JSON Schema alike, with the rules' reason at {@code env.NAME}. */
    @ParameterizedTest
    @ValueSource(strings = {"LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "LD_DEBUG_OUTPUT", "DYLD_INSERT_LIBRARIES",
            "MALLOC_TRACE", "MALLOC_CHECK_", "BASH_FUNC_ls%%", "GCONV_PATH", "GLIBC_TUNABLES", "GETCONF_DIR", "HOSTALIASES",
            "LOCALDOMAIN", "LOCPATH", "NIS_PATH", "NLSPATH", "RESOLV_HOST_CONF", "RES_OPTIONS", "TZDIR", "BASH_ENV", "ENV",
            "SHELLOPTS", "BASHOPTS", "PS4", "IFS", "CDPATH", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS",
            "PERL5OPT", "PERL5LIB", "PERLLIB", "PERL5DB", "PYTHONSTARTUP", "PYTHONHOME", "PYTHONINSPECT", "RUBYOPT",
            "RUBYLIB", "NODE_OPTIONS"})
    void refusesHijackVariables(String name) {
        String why = EnvironmentRules.whyRefused(name).orElseThrow(() -> new AssertionError(name + " is allowed"));
        assertTrue(why.startsWith("is refused: "), why);
        assertEquals(List.of(new Problem("env." + name, why)), EnvironmentRules.problems(Map.of(name, "v")));
        if (name.matches("^[A-Za-z_][A-Za-z0-9_]*$")) {
            InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> parser.parse(descriptorWithEnv(name)));
            assertEquals(List.of(new Problem("env." + name, why)), e.problems(), "one problem, the rules' reason");
            List<Problem> bySchema = SCHEMA.validate(YamlDocuments.read(AppDescriptor.FILE_NAME, descriptorWithEnv(name)));
            assertEquals(List.of("env." + name), bySchema.stream().map(Problem::path).toList(),
                    "the published schema refuses it too, so editors flag it: " + bySchema);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"THRESHOLD_KMH", "LDAP_URL", "MY_LD_PRELOAD", "PATH", "LANG", "TZ", "HOME_PAGE", "JAVA_OPTS",
            "PYTHONUNBUFFERED", "NODE_ENV", "ENVIRONMENT", "malloc_mode", "ld_preload_hint"})
    void allowsOrdinaryVariables(String name) {
        assertTrue(EnvironmentRules.whyRefused(name).isEmpty(), name);
        assertEquals(Map.of(name, "v"), parser.parse(descriptorWithEnv(name)).env());
    }

    @Test
    void reportsEveryRefusedNameInOrderAndKeepsOtherProblems() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OK", "1");
        env.put("NODE_OPTIONS", "--require /app/x.js");
        env.put("LD_PRELOAD", "/app/x.so");
        assertEquals(List.of("env.NODE_OPTIONS", "env.LD_PRELOAD"),
                EnvironmentRules.problems(env).stream().map(Problem::path).toList());

        InvalidDocumentException e = assertThrows(InvalidDocumentException.class,
                () -> parser.parse("name: a\nversion: 1.0.0\nrun: {command: [x]}\nenv: {PORT: '1', LD_AUDIT: x, GOOD: y}\n"));
        assertEquals(List.of("env.PORT", "env.LD_AUDIT"), e.problems().stream().map(Problem::path).toList(), e.problems().toString());
    }

    @Test
    void noEnvironmentHasNoProblems() {
        assertEquals(List.of(), EnvironmentRules.problems(null));
        assertEquals(List.of(), EnvironmentRules.problems(Map.of()));
        assertTrue(EnvironmentRules.whyRefused(null).isEmpty());
    }

    @org.junit.jupiter.api.Test
    void malformedNamesAndANulInAValueAreProblemsToo() {
        assertEquals(List.of("env.1ABC", "env.A-B"), EnvironmentRules.problems(new java.util.LinkedHashMap<>(Map.of("1ABC", "x")) {{
            put("A-B", "x");
        }}).stream().map(Problem::path).toList());
        List<Problem> nul = EnvironmentRules.problems(Map.of("GREETING", "hi\0--bind"));
        assertEquals(1, nul.size());
        assertTrue(nul.get(0).message().contains("NUL"), nul.toString());
        assertEquals(List.of(), EnvironmentRules.problems(Map.of("GREETING", "hi")));
    }
}
