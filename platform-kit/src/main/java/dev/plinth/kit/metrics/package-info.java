/**
 * Prometheus metrics for every subsystem context.
 *
 * <p>Each context has its own Micrometer registry (Micronaut creates one per application context)
 * and serves it at {@code GET /prometheus} to tokens with the ADMIN or SERVICE role. Every meter
 * carries the tag {@code subsystem} ({@link SubsystemTag}), so the contexts that share one JVM in
 * {@code plinth up} stay apart once scraped. Micronaut's own JVM and system binders are switched
 * off in {@code application-plinth.yml}: they watch the whole JVM, and seven copies would count
 * the same garbage collections seven times and leak listeners when a context restarts.
 * {@link JvmMeters} binds one set instead, in the first context of the JVM that asks.</p>
 *
 * <p>A subsystem adds its own meters by declaring a {@code io.micrometer.core.instrument.binder.MeterBinder}
 * bean (in a {@code metrics} package of its own): Micronaut binds every such bean to the context's
 * registry when the registry is created. Names follow {@code plinth.<area>.<what>}, as
 * {@code plinth.sensors.readings} with a tag {@code outcome=accepted|rejected|delivered}; Prometheus
 * shows them as {@code plinth_sensors_readings_total}. Counts that live in MongoDB can be exposed
 * as gauges with {@link FieldCounts}.</p>
 */
package dev.plinth.kit.metrics;
