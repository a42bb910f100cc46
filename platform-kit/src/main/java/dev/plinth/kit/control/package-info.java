/**
 * The control kit: what every control loop of the platform runs on, written once.
 *
 * <ul>
 *   <li>{@link dev.plinth.kit.control.Lease}: one process of a subsystem acts at a time, with a fencing
 *       token that grows with every new holder;</li>
 *   <li>{@link dev.plinth.kit.control.WorkQueue}: keyed wake-ups, merged per key, delayed with
 *       {@code wakeAt}, retried with a per-key {@link dev.plinth.kit.control.Backoff} on failure;</li>
 *   <li>{@link dev.plinth.kit.control.Backoff}: exponential, capped, with jitter;</li>
 *   <li>{@link dev.plinth.kit.control.FailureLog}: a fault is logged once while it lasts and once when
 *       it is over.</li>
 * </ul>
 */
package dev.plinth.kit.control;
