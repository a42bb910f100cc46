package dev.plinth.sdk;

/**
 * The platform's HTTP API answered with an error status: 401 (the token is missing, expired or
 * wrong), 403, 404 (no such app or requirement, or not the app's own), and so on.
 */
public class PlinthApiException extends PlinthException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String body;

    /**
     * @param message what was asked and what came back
     * @param status  the HTTP status
     * @param body    the answer's body, as text (Plinth's error JSON)
     */
    public PlinthApiException(String message, int status, String body) {
        super(message);
        this.status = status;
        this.body = body;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the answer's body as text, empty when there was none */
    public String body() {
        return body;
    }
}
