package dev.plinth.kit.metrics;

import dev.plinth.kit.subsystem.SubsystemSettings;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micronaut.configuration.metrics.annotation.RequiresMetrics;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * Tags every meter of a context with {@code subsystem=<name>} ({@code platform} for a context that
 * is no subsystem). Micronaut applies {@code MeterFilter} beans to the context's registry before any
 * meter is bound, so no meter escapes the tag.
 */
@Factory
@RequiresMetrics
public class SubsystemTag {

    /** The tag's key. */
    public static final String KEY = "subsystem";

    /**
     * @param settings who this context is
     * @return the filter adding the tag
     */
    @Singleton
    @Bean
    MeterFilter subsystemTag(SubsystemSettings settings) {
        String name = settings.name() == null || settings.name().isBlank() ? "platform" : settings.name();
        return MeterFilter.commonTags(Tags.of(KEY, name));
    }
}
