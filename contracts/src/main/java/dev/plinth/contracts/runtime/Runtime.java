package dev.plinth.contracts.runtime;

import java.time.Duration;
import java.util.List;

/**
 * Starts, stops and inspects instances on one node. A node agent holds one runtime and calls
 * it from its own threads; implementations must be thread-safe.
 *
 * <p>The agent prepares the launch (artifact fetched, verified and unpacked, port chosen,
 * environment set); the runtime only runs it and reports what it sees.</p>
 */
public interface Runtime extends AutoCloseable {

    /** @return the runtime's name as the inventory spells it, as {@code process} or {@code docker} */
    String name();

    /**
     * Starts an instance and returns once it is launched (not once it is healthy).
     *
     * @param launch   what to run
     * @param listener receives its output lines and its exit, from runtime threads
     * @return what was started
     * @throws RuntimeStartException when it cannot be started; the message says why
     */
    StartedInstance start(LaunchSpec launch, InstanceListener listener) throws RuntimeStartException;

    /**
     * Stops an instance: a polite stop signal, then a forced one after the grace period.
     * Stopping an instance that is not running does nothing.
     *
     * @param instanceId the instance
     * @param grace      how long to wait between the polite and the forced stop
     * @return how it ended
     */
    StopResult stop(String instanceId, Duration grace);

    /**
     * Says what the runtime sees of an instance now.
     *
     * @param instanceId the instance
     * @return its state; {@link Inspection.State#UNKNOWN} when the runtime has no such instance
     */
    Inspection inspect(String instanceId);

    /**
     * Says what keeps this runtime from isolating instances as its node requires: a sandbox that is
     * missing or broken, namespaces it cannot make, privileges it lacks, cgroup controllers it cannot
     * use. Each problem is a sentence that names what is wrong and how to fix it. The agent carries
     * them in its heartbeat; a node with problems is not ready, so nothing is placed on it, and the
     * runtime refuses to start instances there.
     *
     * <p>Empty when the runtime can isolate, and when its node runs unconfined
     * ({@code isolation: none} in the inventory), unless nothing could run there at all (a container
     * engine that does not answer is a problem on any node). The default is for runtimes with
     * nothing to check.</p>
     *
     * @return the problems, empty when instances can run isolated
     */
    default List<String> isolationProblems() {
        return List.of();
    }

    /** @return the ids of the instances this runtime is running now */
    List<String> running();

    /** Stops every instance (with a short grace) and frees the runtime's resources. */
    @Override
    void close();
}
