/**
 * Failure detection. Each detector is a pure rule over what it has observed and the time
 * ({@link dev.plinth.monitor.detect.SilenceRule}, {@link dev.plinth.monitor.detect.CrashLoopRule},
 * {@link dev.plinth.monitor.detect.SensorSilenceRule}); the watches around them consume Kafka or
 * read MongoDB, ask the rules, and publish what they decide on {@code platform.alerts}, so every
 * alert, whoever raises it, is stored through one path.
 */
@Configuration
@Requires(property = "plinth.subsystems.monitor.enabled", value = "true")
package dev.plinth.monitor.detect;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
