package dev.plinth.contracts.descriptor;

import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which runtimes a package can run on: the one rule, shared by the upload check, the instance spec and
 * placement. Runtimes are named as the node inventory names them ({@code runtime: process | docker}).
 *
 * <ul>
 *   <li>{@value #PROCESS}: the package has {@code run.command}.</li>
 *   <li>{@value #DOCKER}: the package has {@code run.image}, or it has a {@value #DOCKERFILE} at its root and
 *   neither {@code run.command} nor {@code run.image} (the node builds the image from the package).</li>
 * </ul>
 *
 * <p>So a package with both {@code run.command} and {@code run.image} runs on both; a {@value #DOCKERFILE}
 * next to a {@code run.command} or a {@code run.image} is not used; a package with none of the three runs
 * nowhere, and is refused at upload with {@link #NOWHERE}.</p>
 *
 * <p>The list is always in the order {@value #PROCESS}, {@value #DOCKER}. An instance spec stored before
 * runtimes were recorded has no {@value #SPEC_FIELD} field: {@link #ofStoredSpec} reads it as
 * {@value #PROCESS} only, the one runtime there was, so such instances keep being placed as before.</p>
 *
 * <p>Pure and thread-safe.</p>
 */
public final class PackageRuntimes {

    /** The runtime that runs {@code run.command} as an OS process in the unpacked package. */
    public static final String PROCESS = "process";
    /** The runtime that runs a container: {@code run.image}, or the image built from the package's Dockerfile. */
    public static final String DOCKER = "docker";
    /** Every runtime, in the order lists of runtimes keep. */
    public static final List<String> ALL = List.of(PROCESS, DOCKER);
    /** The file at the root of a package that the {@value #DOCKER} runtime builds an image from. */
    public static final String DOCKERFILE = "Dockerfile";
    /** The field of an instance spec (deployment {@code spec}, instance {@code spec}) that lists its runtimes. */
    public static final String SPEC_FIELD = "runtimes";
    /** What a stored spec without {@value #SPEC_FIELD} runs on. */
    public static final List<String> WITHOUT_FIELD = List.of(PROCESS);

    /** Why a package that can run nowhere is refused, and what to change. */
    public static final String NOWHERE = "gives no way to run the app: set run.command (a command for the process "
            + "runtime), run.image (a container image for the docker runtime), or put a " + DOCKERFILE
            + " at the root of the package (the docker runtime builds it)";

    private PackageRuntimes() {
    }

    /**
     * @param run                the descriptor's {@code run}; null reads as neither command nor image
     * @param hasRootDockerfile  whether the package has a file named {@value #DOCKERFILE} at its root
     * @return the runtimes it can run on, in the order of {@link #ALL}; empty when none
     */
    public static List<String> of(@Nullable RunSpec run, boolean hasRootDockerfile) {
        boolean command = run != null && !run.command().isEmpty();
        boolean image = run != null && run.image() != null && !run.image().isEmpty();
        List<String> runtimes = new ArrayList<>(2);
        if (command) {
            runtimes.add(PROCESS);
        }
        if (image || (hasRootDockerfile && !command)) {
            runtimes.add(DOCKER);
        }
        return List.copyOf(runtimes);
    }

    /**
     * @param run               the descriptor's {@code run}
     * @param hasRootDockerfile whether the package has a {@value #DOCKERFILE} at its root
     * @return whether the {@value #DOCKER} runtime must build the image from the package (it has no {@code run.image})
     */
    public static boolean buildsImage(@Nullable RunSpec run, boolean hasRootDockerfile) {
        return of(run, hasRootDockerfile).contains(DOCKER) && (run == null || run.image() == null || run.image().isEmpty());
    }

    /**
     * Reads the {@value #SPEC_FIELD} of a stored instance spec.
     *
     * @param value the field's value as stored, null when the spec has no such field
     * @return the runtimes, in the order of {@link #ALL}: {@link #WITHOUT_FIELD} when the field is missing or not a
     *         list; a name this version does not know is kept (after the known ones), so no node matches it by mistake
     */
    public static List<String> ofStoredSpec(@Nullable Object value) {
        if (!(value instanceof Collection<?> stored)) {
            return WITHOUT_FIELD;
        }
        return ordered(stored.stream().filter(v -> v != null).map(Object::toString).toList());
    }

    /** @return the names without repeats, known runtimes first in the order of {@link #ALL}, then unknown ones as given */
    public static List<String> ordered(Collection<String> names) {
        List<String> out = new ArrayList<>();
        ALL.stream().filter(names::contains).forEach(out::add);
        names.stream().filter(n -> !ALL.contains(n) && !out.contains(n)).forEach(out::add);
        return List.copyOf(out);
    }

    /** @return the runtimes for people: {@code process}, {@code process and docker}, {@code none} */
    public static String describe(List<String> runtimes) {
        if (runtimes.isEmpty()) {
            return "none";
        }
        if (runtimes.size() == 1) {
            return runtimes.get(0);
        }
        return String.join(", ", runtimes.subList(0, runtimes.size() - 1)) + " and " + runtimes.get(runtimes.size() - 1);
    }
}
