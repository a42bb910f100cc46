package dev.plinth.appcontroller.upload;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UploadLimitsTest {

    private static final Map<String, Object> APP_CONTROLLER = Map.of("plinth.subsystems.app-controller.enabled", "true");

    @Test
    void defaultsInConfigurationMatchTheFactory() {
        try (ApplicationContext context = ApplicationContext.run(APP_CONTROLLER)) {
            UploadLimits limits = context.getBean(UploadLimits.class);
            assertEquals(UploadLimits.defaults(), limits);
            assertEquals(new UploadLimits(209_715_200L, 1_073_741_824L, 10_000, 200, 262_144L), limits);
        }
    }

    @Test
    void bindsSizesWithUnits() {
        Map<String, Object> properties = new HashMap<>(APP_CONTROLLER);
        properties.put("plinth.uploads.max-compressed-bytes", "10MB");
        properties.put("plinth.uploads.max-uncompressed-bytes", "2GB");
        properties.put("plinth.uploads.max-entries", "50");
        properties.put("plinth.uploads.max-entry-ratio", "30");
        properties.put("plinth.uploads.max-descriptor-bytes", "16KB");
        try (ApplicationContext context = ApplicationContext.run(properties)) {
            assertEquals(new UploadLimits(10L << 20, 2L << 30, 50, 30, 16L << 10), context.getBean(UploadLimits.class));
        }
    }

    @Test
    void refusesLimitsThatAreNotPositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UploadLimits.defaults().withMaxEntries(0));
        assertEquals("plinth.uploads.maxEntries must be greater than 0, not 0", e.getMessage());
    }
}
