package dev.plinth.sdk;

/**
 * Something the SDK could not do: a missing setting, a broker or platform that cannot be reached
 * or refuses the app's credential, an answer that is not what the protocol says.
 */
public class PlinthException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and, where it helps, what to do about it
     */
    public PlinthException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public PlinthException(String message, Throwable cause) {
        super(message, cause);
    }
}
