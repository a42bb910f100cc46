package dev.plinth.contracts.state;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CollectionsTest {

    /** The names are the ones docs/state-model.md and every deployed database use. */
    @Test
    void everyCollectionHasTheNameOfTheStateModel() {
        assertEquals(List.of("apps", "versions", "deployments", "schedules", "instances", "nodes", "device_types", "devices",
                "readings", "bindings", "refresh_tokens", "disabled_users", "settings", "leases", "logs", "alerts"), Collections.ALL);
    }

    @Test
    void allListsEveryConstantOnceAndNoNameTwice() throws IllegalAccessException {
        List<String> constants = new ArrayList<>();
        for (Field field : Collections.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                constants.add((String) field.get(null));
            }
        }
        assertEquals(new HashSet<>(constants), new HashSet<>(Collections.ALL));
        assertEquals(constants.size(), new HashSet<>(constants).size(), "two constants name one collection: " + constants);
        assertTrue(Collections.ALL.stream().allMatch(n -> n.matches("[a-z_]+")), Collections.ALL.toString());
    }
}
