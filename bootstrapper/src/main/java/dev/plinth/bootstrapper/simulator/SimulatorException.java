package dev.plinth.bootstrapper.simulator;

/** Something that stops {@code plinth simulate}, with a message for the person who ran it. */
public final class SimulatorException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and what to do about it
     */
    public SimulatorException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and what to do about it
     * @param cause   the underlying failure
     */
    public SimulatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
