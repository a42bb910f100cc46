package dev.plinth.sensormanager.registry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.plinth.contracts.validation.Problem;
import dev.plinth.kit.errors.ApiException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code PUT /api/sensors/{id}/sharing}: {@code {"with": ["ada", "bob"]}},
 * {@code {"with": "everyone"}} or {@code {"with": []}} (nobody). Read by hand because {@code with} is
 * either a word or a list.
 *
 * @param everyone whether {@code with} is {@code "everyone"}
 * @param users    the usernames listed, as given
 */
public record SharingRequest(boolean everyone, List<String> users) {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String SHAPE = "the body is {\"with\": [\"ada\", \"bob\"]}, {\"with\": \"everyone\"} or {\"with\": []}";

    /**
     * @throws ApiException 422 naming what is wrong
     */
    public static SharingRequest parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.invalid(SHAPE, List.of(new Problem("with", "is required")));
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("the body must be a JSON object");
            }
            Boolean everyone = null;
            List<String> users = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (!"with".equals(field)) {
                    throw malformed("unknown field '" + field + "'");
                }
                if (value == JsonToken.VALUE_STRING) {
                    if (!"everyone".equals(p.getText())) {
                        throw malformed("\"with\" is a list of usernames or the word \"everyone\", not \"" + p.getText() + "\"");
                    }
                    everyone = true;
                } else if (value == JsonToken.START_ARRAY) {
                    users = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (p.currentToken() != JsonToken.VALUE_STRING) {
                            throw malformed("\"with\" lists usernames as strings");
                        }
                        users.add(p.getText());
                    }
                    everyone = false;
                } else {
                    throw malformed("\"with\" is a list of usernames or the word \"everyone\"");
                }
            }
            if (everyone == null) {
                throw ApiException.invalid(SHAPE, List.of(new Problem("with", "is required")));
            }
            return new SharingRequest(everyone, users == null ? List.of() : users);
        } catch (IOException e) {
            throw malformed("the body is not valid JSON");
        }
    }

    /**
     * @return the sharing asked for
     * @throws ApiException 422 for usernames that cannot be
     */
    public Sharing toSharing() {
        if (everyone) {
            return Sharing.EVERYONE;
        }
        List<Problem> problems = new ArrayList<>();
        if (users.size() > DeviceRegistry.MAX_SHARED_USERS) {
            problems.add(new Problem("with", "at most " + DeviceRegistry.MAX_SHARED_USERS + " users; share with \"everyone\" instead"));
        }
        for (int i = 0; i < users.size(); i++) {
            String user = users.get(i);
            if (user == null || !DeviceRegistry.USERNAME.matcher(user).matches()) {
                problems.add(new Problem("with[" + i + "]", "is not a username: 1 to 64 letters, digits, dots, dashes, underscores or @"));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid("\"with\" must list usernames: " + problems.get(0).path() + " " + problems.get(0).message()
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""), problems);
        }
        return Sharing.with(users);
    }

    private static ApiException malformed(String what) {
        return ApiException.invalid(what + "; " + SHAPE, List.of(new Problem("with", what)));
    }
}
