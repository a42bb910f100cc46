package dev.plinth.kit.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micronaut.configuration.metrics.annotation.RequiresMetrics;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The JVM's own meters (memory, garbage collection, threads, classes, processor, uptime), bound in
 * one context per JVM. In {@code plinth up} seven contexts share the JVM; the first to start takes
 * the JVM's meters (its {@code subsystem} tag says which), the others skip them. When that context
 * stops, it gives them up and the garbage-collection listeners go with it; a context started later
 * (the same subsystem restarted, as a rule) takes them again. In {@code plinth service NAME} the
 * only context always has them. {@code plinth.metrics.jvm.enabled=false} switches them off.
 *
 * <p>Being a {@code @Context} bean that needs the registry, it also makes sure the registry (and so
 * every {@code MeterBinder} bean of the context) is set up when the context starts, not at the first
 * scrape.</p>
 */
@Context
@RequiresMetrics
@Requires(property = "plinth.metrics.jvm.enabled", notEquals = "false")
public class JvmMeters implements AutoCloseable {

    private static final AtomicReference<JvmMeters> HOLDER = new AtomicReference<>();

    private final JvmGcMetrics gc;

    public JvmMeters(MeterRegistry registry) {
        if (HOLDER.compareAndSet(null, this)) {
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ClassLoaderMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            gc = new JvmGcMetrics();
            gc.bindTo(registry);
        } else {
            gc = null;
        }
    }

    /** @return whether this context holds the JVM's meters */
    public boolean holdsJvmMeters() {
        return HOLDER.get() == this;
    }

    @Override
    @PreDestroy
    public void close() {
        if (gc != null) {
            gc.close();
        }
        HOLDER.compareAndSet(this, null);
    }
}
