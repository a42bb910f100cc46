package dev.plinth.contracts.runtime;

/** An instance could not be started; the message says why in words an app developer understands. */
public class RuntimeStartException extends Exception {

    /** @param message why it could not be started */
    public RuntimeStartException(String message) {
        super(message);
    }

    /**
     * @param message why it could not be started
     * @param cause   the underlying failure
     */
    public RuntimeStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
