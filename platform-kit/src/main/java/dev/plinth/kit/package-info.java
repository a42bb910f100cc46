/**
 * What every subsystem runs on, whichever subsystem it is: its identity and heartbeat, error
 * answers that say what to fix, and the wiring to Kafka, MongoDB and token checks. Beans here are
 * active in every subsystem context; beans of a subsystem module switch on with
 * {@code plinth.subsystems.<name>.enabled}.
 */
package dev.plinth.kit;
