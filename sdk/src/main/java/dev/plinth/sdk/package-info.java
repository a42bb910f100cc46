/**
 * The Plinth sensor SDK: how an app deployed on Plinth reads the sensors and commands the
 * controllers bound to it.
 *
 * <pre>{@code
 * try (Plinth plinth = Plinth.connect()) {
 *     plinth.sensors("speed").subscribe(reading ->
 *             System.out.println(reading.sensorId() + " " + reading.number("speedKmh")));
 *     plinth.controllers("buzzer").send(Map.of("action", "beep"));
 * }
 * }</pre>
 *
 * <p>{@link dev.plinth.sdk.Plinth#connect()} takes its settings from the environment Plinth gives
 * every instance; {@link dev.plinth.sdk.Plinth#connect(PlinthConfig)} takes them explicitly. The
 * protocol underneath (MQTT topics, JSON payloads, HTTP endpoints) is described in
 * {@code docs/protocol.md}, for apps in other languages.</p>
 */
package dev.plinth.sdk;
