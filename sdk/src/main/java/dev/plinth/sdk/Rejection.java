package dev.plinth.sdk;

/**
 * A command the platform refused to pass on, such as one addressed to a controller the app is not
 * bound to. Received through {@link Controllers#onRejected}.
 *
 * @param device  the controller the command was addressed to; null when it named none
 * @param reason  why it was refused, for people
 * @param command the refused command as JSON text, as far as the platform sent it back; may be null
 * @param raw     the whole rejection message as received, for fields this version does not know
 */
public record Rejection(String device, String reason, String command, String raw) {
}
