package dev.plinth.nodemanager.instances;

/**
 * Something changed that may call for placement or commands: an instance ended, a deployment
 * changed. It wakes the control loop before its next tick.
 *
 * @param why what happened, for the log
 */
public record InstancesChanged(String why) {
}
