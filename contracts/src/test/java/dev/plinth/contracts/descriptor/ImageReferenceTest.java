package dev.plinth.contracts.descriptor;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.contracts.validation.SchemaCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ImageReferenceTest {

    private static final String HEX = "0123456789abcdef".repeat(4);
    private static final String LONG_SEGMENT = "a".repeat(120);

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("busybox"),
                Arguments.of("speed-alert:1.0.0"),
                Arguments.of("team/speed-alert:1.0.0"),
                Arguments.of("library/busybox:latest"),
                Arguments.of("registry.example.com/team/speed-alert:1.0.0"),
                Arguments.of("Registry.Example.com/team/app"),
                Arguments.of("localhost:5000/plinth/hello:2"),
                Arguments.of("localhost/hello"),
                Arguments.of("127.0.0.1:5000/hello"),
                Arguments.of("[::1]:5000/hello:1"),
                Arguments.of("my_app"),
                Arguments.of("my__app"),
                Arguments.of("my.app-v2"),
                Arguments.of("my---app"),
                Arguments.of("app:V1_2.3-rc.1"),
                Arguments.of("app:_x"),
                Arguments.of("app@sha256:" + HEX),
                Arguments.of("app:1.0@sha256:" + HEX),
                Arguments.of("localhost:5000"),
                Arguments.of("a:" + "t".repeat(128)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("valid")
    void acceptsAValidReference(String reference) {
        assertEquals(Optional.empty(), ImageReference.whyInvalid(reference));
    }

    static Stream<Arguments> invalid() {
        String example = "such as speed-alert:1.0.0 or registry.example.com/team/speed-alert:1.0.0";
        String segmentRule = "which may hold only lower-case letters and digits, separated by one '.', one or two '_', "
                + "or dashes (such as team/speed-alert)";
        return Stream.of(
                Arguments.of("", "is empty; give an image reference " + example),
                Arguments.of("speed alert", "contains a space or a control character; write the reference without them, " + example),
                Arguments.of("app:1.0\t", "contains a space or a control character; write the reference without them, " + example),
                Arguments.of("app\n", "contains a space or a control character; write the reference without them, " + example),
                Arguments.of("https://registry.example.com/app:1", "is a URL; give the image reference without a scheme such as https://, " + example),
                Arguments.of("Speed-Alert:1.0.0",
                        "has upper-case letters in its repository name ('Speed-Alert'); repository names are lower case, as speed-alert"),
                Arguments.of("registry.example.com/Team/app",
                        "has upper-case letters in its repository name ('Team'); repository names are lower case, as team"),
                Arguments.of("Team/app", "has upper-case letters in its repository name ('Team'); repository names are lower case, as team"),
                Arguments.of("app:", "ends its name with ':' but gives no tag; add a tag (:1.0.0) or drop the ':'"),
                Arguments.of("app:-1", "has the tag '-1'; a tag is 1 to 128 letters, digits, _, . or -, not starting with . or -"),
                Arguments.of("app:.1", "has the tag '.1'; a tag is 1 to 128 letters, digits, _, . or -, not starting with . or -"),
                Arguments.of("app:1+2", "has the tag '1+2'; a tag is 1 to 128 letters, digits, _, . or -, not starting with . or -"),
                Arguments.of("a:" + "t".repeat(129), "has the tag '" + "t".repeat(129)
                        + "'; a tag is 1 to 128 letters, digits, _, . or -, not starting with . or -"),
                Arguments.of("app@sha256:abc", "has the digest 'sha256:abc'; a digest is sha256: followed by 64 lower-case hex digits"),
                Arguments.of("app@md5:" + HEX, "has the digest 'md5:" + HEX + "'; a digest is sha256: followed by 64 lower-case hex digits"),
                Arguments.of("app@sha256:" + HEX.toUpperCase(), "has the digest 'sha256:" + HEX.toUpperCase()
                        + "'; a digest is sha256: followed by 64 lower-case hex digits"),
                Arguments.of(":1.0", "has no repository name; give one before the tag or digest, " + example),
                Arguments.of("@sha256:" + HEX, "has no repository name; give one before the tag or digest, " + example),
                Arguments.of("/app", "has an empty part in its repository name (a '/' at the start or end, or two in a row)"),
                Arguments.of("team//app", "has an empty part in its repository name (a '/' at the start or end, or two in a row)"),
                Arguments.of("team/app/", "has an empty part in its repository name (a '/' at the start or end, or two in a row)"),
                Arguments.of("-app", "has '-app' in its repository name, " + segmentRule),
                Arguments.of("app-", "has 'app-' in its repository name, " + segmentRule),
                Arguments.of("my___app", "has 'my___app' in its repository name, " + segmentRule),
                Arguments.of("my..app", "has 'my..app' in its repository name, " + segmentRule),
                Arguments.of("my$app", "has 'my$app' in its repository name, " + segmentRule),
                Arguments.of("a:b:c", "has 'a:b' in its repository name, " + segmentRule),
                Arguments.of("registry_x.com/app", "has the registry 'registry_x.com', which is not a host name or address with an "
                        + "optional :port (such as registry.example.com:5000)"),
                Arguments.of("localhost:port/app", "has the registry 'localhost:port', which is not a host name or address with an "
                        + "optional :port (such as registry.example.com:5000)"),
                Arguments.of("-registry.com/app", "has the registry '-registry.com', which is not a host name or address with an "
                        + "optional :port (such as registry.example.com:5000)"),
                Arguments.of(String.join("/", LONG_SEGMENT, LONG_SEGMENT, LONG_SEGMENT),
                        "has a name of 362 characters, more than the 255 a name may have"),
                Arguments.of("a".repeat(513), "is 513 characters long, more than the 512 a reference may have"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalid")
    void namesWhatIsWrongWithAnInvalidReference(String reference, String why) {
        assertEquals(Optional.of(why), ImageReference.whyInvalid(reference));
    }

    /**
     * The schema's pattern (what an editor checks) and this class agree on every reference of both tables,
     * except the few the pattern cannot see: the length of the name alone, and a line break at the very end
     * (a pattern's {@code $} matches before it).
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource({"valid", "invalid"})
    void theSchemaPatternAgrees(String reference) {
        if (reference.equals("app\n") || reference.length() > ImageReference.MAX_NAME_LENGTH
                && reference.length() <= ImageReference.MAX_LENGTH) {
            return;
        }
        ObjectNode descriptor = JsonNodeFactory.instance.objectNode().put("name", "a").put("version", "1.0.0");
        descriptor.putObject("run").put("image", reference);
        boolean schemaAccepts = SCHEMA.validate(descriptor).isEmpty();
        assertEquals(ImageReference.isValid(reference), schemaAccepts, () -> "schema: " + SCHEMA.validate(descriptor));
    }

    private static final SchemaCheck SCHEMA = SchemaCheck.fromClasspath(AppDescriptor.SCHEMA_RESOURCE);
}
