package dev.plinth.agent.artifacts;

/** A package could not be fetched, verified or unpacked; the message says why, for the app's developer. */
public class PackageException extends Exception {

    /** @param message what went wrong */
    public PackageException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public PackageException(String message, Throwable cause) {
        super(message, cause);
    }
}
