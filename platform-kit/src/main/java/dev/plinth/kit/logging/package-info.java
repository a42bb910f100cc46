/**
 * Shipping the platform's own log lines to Kafka ({@code platform.logs}), where the logger
 * subsystem stores them: a logback appender with its own small producer that never holds up the
 * thread that logs. No Micronaut beans live here; the bootstrapper installs the appender on the
 * root logger once it knows where Kafka is.
 */
package dev.plinth.kit.logging;
