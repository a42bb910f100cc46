package dev.plinth.contracts.descriptor;

import dev.plinth.contracts.validation.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which variables an app may not put in its {@code plinth.yaml} {@code env}, beyond the syntax the
 * JSON Schema checks: the ones that make a program other than the app's own code run something of
 * the app's choosing.
 *
 * <p>An instance is started by launchers the platform trusts (the sandbox, the cgroup wrapper,
 * shells). If one of them ever saw the app's environment, the dynamic loader would load a library
 * the app names ({@code LD_PRELOAD}), glibc would load a converter from a path the app names
 * ({@code GCONV_PATH}), and a shell or interpreter would run a file the app names ({@code BASH_ENV},
 * {@code PERL5OPT}, {@code NODE_OPTIONS}): code of the app's choosing, before any isolation. The
 * node agent sets the environment only inside the sandbox; refusing these names at upload is the
 * second wall. An app that needs interpreter options puts them in {@code run.command}.</p>
 *
 * <p>Names must be plain ({@code [A-Za-z_][A-Za-z0-9_]*}) and values must not hold a NUL character:
 * the sandbox takes variables NUL-separated, so a NUL would split one variable into several options.</p>
 *
 * <p>Pure and thread-safe. The app-controller refuses an upload with these problems (422); the node
 * agent refuses to start an instance with them (FAILED), naming each variable.</p>
 */
public final class EnvironmentRules {

    /** Prefixes of refused names: the dynamic loaders (glibc, macOS), glibc's malloc and exported bash functions. */
    private static final List<String> REFUSED_PREFIXES = List.of("LD_", "DYLD_", "MALLOC_", "BASH_FUNC_");

    /** glibc reads these in every program, before {@code main}: the loader, iconv, resolver and locale files. */
    private static final Set<String> LOADER = Set.of("GCONV_PATH", "GETCONF_DIR", "GLIBC_TUNABLES", "HOSTALIASES",
            "LOCALDOMAIN", "LOCPATH", "NIS_PATH", "NLSPATH", "RESOLV_HOST_CONF", "RES_OPTIONS", "TZDIR");

    /** Shells run a file or change how they parse when they see these. */
    private static final Set<String> SHELL = Set.of("BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS", "PS4", "IFS", "CDPATH");

    /** Interpreters and runtimes load code or options from these before the program they run. */
    private static final Set<String> INTERPRETER = Set.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS",
            "PERL5OPT", "PERL5LIB", "PERLLIB", "PERL5DB", "PYTHONSTARTUP", "PYTHONHOME", "PYTHONINSPECT",
            "RUBYOPT", "RUBYLIB", "NODE_OPTIONS");

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvironmentRules() {
    }

    /**
     * @param name an environment variable name
     * @return why the name is refused in {@code env}, or empty when it may be used
     */
    public static Optional<String> whyRefused(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (String prefix : REFUSED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return Optional.of(prefix.equals("BASH_FUNC_")
                        ? "is refused: bash runs exported functions from variables named " + prefix + "*"
                        : "is refused: " + prefix + "* variables make the system's loader or C library run code before any program's own");
            }
        }
        if (LOADER.contains(name)) {
            return Optional.of("is refused: the C library reads it in every program before it starts, and could load code from it");
        }
        if (SHELL.contains(name)) {
            return Optional.of("is refused: shells run code or change how they read commands because of it");
        }
        if (INTERPRETER.contains(name)) {
            return Optional.of("is refused: interpreters load code or options from it before the program they run;"
                    + " put the options your app needs in run.command");
        }
        return Optional.empty();
    }

    /**
     * @param env an app's {@code env}, name to value
     * @return one problem per refused variable (its name, a malformed name, a NUL in its value), at path
     *         {@code env.NAME}, in the map's order; empty when all may be used
     */
    public static List<Problem> problems(Map<String, String> env) {
        List<Problem> problems = new ArrayList<>();
        if (env == null) {
            return problems;
        }
        env.forEach((name, value) -> {
            String printable = name == null ? "" : name.replace("\0", "\\0");
            Optional<String> why = whyRefused(name);
            if (why.isPresent()) {
                problems.add(new Problem("env." + printable, why.get()));
            } else if (name == null || !NAME.matcher(name).matches()) {
                problems.add(new Problem("env." + printable, "is not a valid variable name: use letters, digits and _,"
                        + " not starting with a digit"));
            } else if (value != null && value.indexOf('\0') >= 0) {
                problems.add(new Problem("env." + printable, "holds a NUL character in its value, which no environment"
                        + " variable can carry"));
            }
        });
        return problems;
    }
}
