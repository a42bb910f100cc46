package dev.plinth.contracts.descriptor;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The syntax of a container image reference, {@code run.image}: {@code NAME[:TAG][@sha256:DIGEST]}, where
 * {@code NAME} is an optional registry ({@code registry.example.com:5000/}) and a lower-case repository
 * path ({@code team/speed-alert}). This is the grammar Docker and OCI registries accept; it catches a
 * mistyped reference at upload, instead of at the first pull.
 *
 * <p>The first path segment is a registry when the reference has more than one segment and that segment
 * holds a {@code .} or a {@code :}, or is {@code localhost} (as Docker reads references). The descriptor's
 * JSON Schema holds the same grammar as one pattern, for editors; {@link DescriptorParser} reports this
 * class's sentence, which names the part that is wrong, in place of the schema's.</p>
 *
 * <p>Pure and thread-safe.</p>
 */
public final class ImageReference {

    /** The most characters a name (registry and repository, without tag and digest) may have. */
    public static final int MAX_NAME_LENGTH = 255;
    /** The most characters a whole reference may have. */
    public static final int MAX_LENGTH = 512;

    private static final Pattern PATH_SEGMENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+\\])");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final String EXAMPLE = "such as speed-alert:1.0.0 or registry.example.com/team/speed-alert:1.0.0";

    private ImageReference() {
    }

    /**
     * @param reference an image reference as written in {@code run.image}
     * @return why it is not a valid reference, naming the part that is wrong and how to write it; empty when valid
     */
    public static Optional<String> whyInvalid(String reference) {
        if (reference == null || reference.isEmpty()) {
            return Optional.of("is empty; give an image reference " + EXAMPLE);
        }
        if (reference.length() > MAX_LENGTH) {
            return Optional.of("is " + reference.length() + " characters long, more than the " + MAX_LENGTH + " a reference may have");
        }
        for (int i = 0; i < reference.length(); i++) {
            char c = reference.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                return Optional.of("contains a space or a control character; write the reference without them, " + EXAMPLE);
            }
        }
        if (reference.contains("://")) {
            return Optional.of("is a URL; give the image reference without a scheme such as https://, " + EXAMPLE);
        }
        String rest = reference;
        int at = rest.indexOf('@');
        if (at >= 0) {
            String digest = rest.substring(at + 1);
            if (!DIGEST.matcher(digest).matches()) {
                return Optional.of("has the digest '" + digest + "'; a digest is sha256: followed by 64 lower-case hex digits");
            }
            rest = rest.substring(0, at);
        }
        int lastSlash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > lastSlash) {
            String tag = rest.substring(colon + 1);
            if (!TAG.matcher(tag).matches()) {
                return Optional.of(tag.isEmpty() ? "ends its name with ':' but gives no tag; add a tag (:1.0.0) or drop the ':'"
                        : "has the tag '" + tag + "'; a tag is 1 to 128 letters, digits, _, . or -, not starting with . or -");
            }
            rest = rest.substring(0, colon);
        }
        if (rest.isEmpty()) {
            return Optional.of("has no repository name; give one before the tag or digest, " + EXAMPLE);
        }
        if (rest.length() > MAX_NAME_LENGTH) {
            return Optional.of("has a name of " + rest.length() + " characters, more than the " + MAX_NAME_LENGTH + " a name may have");
        }
        String[] segments = rest.split("/", -1);
        int first = 0;
        if (segments.length > 1 && isRegistry(segments[0])) {
            Optional<String> registry = registryProblem(segments[0]);
            if (registry.isPresent()) {
                return registry;
            }
            first = 1;
        }
        for (int i = first; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty()) {
                return Optional.of("has an empty part in its repository name (a '/' at the start or end, or two in a row)");
            }
            if (!PATH_SEGMENT.matcher(segment).matches()) {
                if (!segment.equals(segment.toLowerCase(java.util.Locale.ROOT))
                        && PATH_SEGMENT.matcher(segment.toLowerCase(java.util.Locale.ROOT)).matches()) {
                    return Optional.of("has upper-case letters in its repository name ('" + segment
                            + "'); repository names are lower case, as " + segment.toLowerCase(java.util.Locale.ROOT));
                }
                return Optional.of("has '" + segment + "' in its repository name, which may hold only lower-case letters "
                        + "and digits, separated by one '.', one or two '_', or dashes (such as team/speed-alert)");
            }
        }
        return Optional.empty();
    }

    /** @return whether the reference is valid */
    public static boolean isValid(String reference) {
        return whyInvalid(reference).isEmpty();
    }

    private static boolean isRegistry(String segment) {
        return segment.contains(".") || segment.contains(":") || segment.equals("localhost");
    }

    private static Optional<String> registryProblem(String registry) {
        String host = registry;
        String port = null;
        int colon = registry.lastIndexOf(':');
        if (colon >= 0 && colon > registry.lastIndexOf(']')) {
            host = registry.substring(0, colon);
            port = registry.substring(colon + 1);
        }
        if (!HOST.matcher(host).matches() || (port != null && !PORT.matcher(port).matches())) {
            return Optional.of("has the registry '" + registry + "', which is not a host name or address with an optional "
                    + ":port (such as registry.example.com:5000)");
        }
        return Optional.empty();
    }
}
