/**
 * {@code plinth simulate}: simulated devices that register with a platform and publish realistic
 * readings over MQTT, keeping them in an on-disk queue while the broker is away.
 *
 * <p>{@link dev.plinth.bootstrapper.simulator.SpeedModel} is the pure part (a car's speed over
 * time); {@link dev.plinth.bootstrapper.simulator.OfflineQueue} the durable one;
 * {@link dev.plinth.bootstrapper.simulator.DeviceRegistration} talks to the platform's HTTP API and
 * {@link dev.plinth.bootstrapper.simulator.SimulatedDevice} to the broker;
 * {@link dev.plinth.bootstrapper.simulator.Simulator} runs them on a schedule.</p>
 */
package dev.plinth.bootstrapper.simulator;
