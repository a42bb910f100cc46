package dev.plinth.agent.runtime;

/** Limits every runtime applies to every instance, beside the cpu and memory its descriptor asks for. */
public final class Limits {

    /** The most processes an instance may have: enough for a JVM's threads, few enough to stop a fork bomb. */
    public static final int PIDS_MAX = 512;

    private Limits() {
    }
}
