package dev.plinth.contracts.descriptor;

import dev.plinth.contracts.validation.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which variables an app's {@code env} may not set. The upload validator refuses a package that sets
 * one (422) and the node agent refuses to start an instance with one (FAILED), both naming the variable.
 *
 * <p>Refused are the variables that change how any program on the node loads or runs, before
 * its own code decides anything: the dynamic loader's ({@code LD_*}), glibc's other "unsecure"
 * variables (those it drops for setuid programs: {@code GCONV_PATH}, {@code GLIBC_TUNABLES},
 * {@code LOCPATH}, {@code NLSPATH}, {@code HOSTALIASES}, ...) and bash's start-up hooks
 * ({@code BASH_ENV}, exported functions {@code BASH_FUNC_*}, {@code SHELLOPTS}, {@code BASHOPTS}).
 * The platform applies an app's variables only inside its sandbox, to the app itself; this list is
 * defence in depth should a launcher ever see them. Variables a runtime only reads for itself
 * ({@code JAVA_TOOL_OPTIONS}, {@code PYTHONPATH}, {@code MALLOC_ARENA_MAX}) stay allowed.</p>
 *
 * <p>Names must be plain ({@code [A-Za-z_][A-Za-z0-9_]*}) and values must not hold a NUL character:
 * launchers pass variables NUL-separated, so a NUL would split one variable into several arguments.</p>
 */
public final class EnvironmentRules {

    /** Refused whatever follows them. */
    public static final List<String> REFUSED_PREFIXES = List.of("LD_", "BASH_FUNC_");

    /** Refused by exact name (names are case-sensitive, as the loader reads them). */
    public static final Set<String> REFUSED_NAMES = Set.of(
            "GCONV_PATH", "GETCONF_DIR", "GLIBC_TUNABLES", "HOSTALIASES", "LOCALDOMAIN", "LOCPATH",
            "MALLOC_TRACE", "NIS_PATH", "NLSPATH", "RESOLV_HOST_CONF", "RES_OPTIONS", "TZDIR",
            "BASH_ENV", "SHELLOPTS", "BASHOPTS");

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvironmentRules() {
    }

    /**
     * @param name  a variable's name
     * @param value its value (may be null)
     * @return why the variable is refused, naming it, or empty when it is allowed
     */
    public static Optional<String> refusal(String name, String value) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.of("'" + printable(name) + "' is not a valid variable name: use letters, digits and _,"
                    + " not starting with a digit");
        }
        for (String prefix : REFUSED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return Optional.of(name + " is refused: variables starting with " + prefix + " change how programs"
                        + " are loaded or started, and apps may not set them; remove it from env");
            }
        }
        if (REFUSED_NAMES.contains(name)) {
            return Optional.of(name + " is refused: it changes how the C library or the shell loads code,"
                    + " and apps may not set it; remove it from env");
        }
        if (value != null && value.indexOf('\0') >= 0) {
            return Optional.of("the value of " + name + " holds a NUL character, which no environment variable can carry");
        }
        return Optional.empty();
    }

    /**
     * @param env an app's variables
     * @return one problem per refused variable, at path {@code env.NAME}, in name order
     */
    public static List<Problem> problems(Map<String, String> env) {
        List<Problem> problems = new ArrayList<>();
        if (env == null) {
            return problems;
        }
        nullSafe(env).forEach((name, value) -> refusal(name, value)
                .ifPresent(message -> problems.add(new Problem("env." + printable(name), message))));
        return problems;
    }

    private static Map<String, String> nullSafe(Map<String, String> env) {
        Map<String, String> copy = new TreeMap<>();
        env.forEach((k, v) -> copy.put(k == null ? "" : k, v));
        return copy;
    }

    private static String printable(String name) {
        return name == null ? "" : name.replace("\0", "\\0");
    }
}
