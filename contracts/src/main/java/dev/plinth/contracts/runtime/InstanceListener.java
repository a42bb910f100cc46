package dev.plinth.contracts.runtime;

/** Receives what a running instance does. Called from runtime threads; must not block for long. */
public interface InstanceListener {

    /** Which stream a line came from. */
    enum Stream { STDOUT, STDERR }

    /**
     * One line the instance wrote.
     *
     * @param instanceId the instance
     * @param stream     stdout or stderr
     * @param line       the line, without its line break
     */
    void onOutput(String instanceId, Stream stream, String line);

    /**
     * The instance ended, on its own or because it was stopped.
     *
     * @param instanceId the instance
     * @param exitCode   its exit code (128 + signal number when killed by a signal)
     */
    void onExit(String instanceId, int exitCode);

    /**
     * The instance ended, and the runtime knows why beyond its exit code: it was killed for using
     * its memory limit, say. Runtimes call this one; the default drops the cause.
     *
     * @param instanceId the instance
     * @param exitCode   its exit code (128 + signal number when killed by a signal)
     * @param cause      what ended it, as a sentence ("it used its memory limit of 256 MiB and was
     *                   killed"), or null when the runtime knows nothing beyond the code
     */
    default void onExit(String instanceId, int exitCode, String cause) {
        onExit(instanceId, exitCode);
    }
}
