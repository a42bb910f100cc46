package dev.plinth.kit.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several contexts in one JVM, as in {@code plinth up}: one set of JVM meters, in one of them. */
class JvmMetersTest {

    private static ApplicationContext context() {
        Map<String, Object> p = new HashMap<>();
        p.put("micronaut.metrics.enabled", true);
        // As application-plinth.yml sets them: only JvmMeters binds the JVM's meters.
        for (String binder : new String[]{"jvm", "uptime", "processor", "files", "logback", "web", "kafka"}) {
            p.put("micronaut.metrics.binders." + binder + ".enabled", false);
        }
        return ApplicationContext.builder().deduceEnvironment(false).properties(p).start();
    }

    private static boolean hasJvmMeters(ApplicationContext ctx) {
        return ctx.getBean(MeterRegistry.class).find("jvm.memory.used").gauge() != null;
    }

    @Test
    void onlyTheFirstContextOfTheJvmHoldsTheJvmMetersAndALaterOneTakesThemOver() {
        try (ApplicationContext first = context(); ApplicationContext second = context()) {
            assertTrue(first.getBean(JvmMeters.class).holdsJvmMeters());
            assertFalse(second.getBean(JvmMeters.class).holdsJvmMeters());
            assertTrue(hasJvmMeters(first));
            assertFalse(hasJvmMeters(second), "the second context must not count the same JVM again");
            assertNotNull(first.getBean(MeterRegistry.class).find("jvm.threads.live").gauge());

            first.close();
            try (ApplicationContext third = context()) {
                assertTrue(third.getBean(JvmMeters.class).holdsJvmMeters(), "given up when its holder stopped");
                assertTrue(hasJvmMeters(third));
                assertFalse(hasJvmMeters(second));
            }
        }
    }

    @Test
    void everyMeterIsTaggedWithItsSubsystem() {
        try (ApplicationContext ctx = context()) {
            MeterRegistry registry = ctx.getBean(MeterRegistry.class);
            registry.counter("plinth.test.things").increment();
            assertEquals("platform", registry.find("plinth.test.things").counter().getId().getTag(SubsystemTag.KEY),
                    "a context that is no subsystem is tagged platform");
            assertNull(registry.find("plinth.test.things").tag(SubsystemTag.KEY, "deployer").counter());
        }
    }

    @Test
    void aSubsystemsMetersCarryItsName() {
        MeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        registry.config().meterFilter(new SubsystemTag().subsystemTag(
                new dev.plinth.kit.subsystem.SubsystemSettings("deployer", null, java.time.Duration.ofSeconds(2))));
        registry.gauge("plinth.deployments", 3);
        assertEquals("deployer", registry.find("plinth.deployments").gauge().getId().getTag(SubsystemTag.KEY));
    }
}
