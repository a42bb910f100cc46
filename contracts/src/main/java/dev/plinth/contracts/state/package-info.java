/**
 * The shared state of Plinth's parts outside Kafka: the MongoDB collections
 * ({@link dev.plinth.contracts.state.Collections}) and the MQTT topics
 * ({@link dev.plinth.contracts.state.MqttTopics}). docs/state-model.md says what each collection
 * holds and which fields each subsystem may write.
 */
package dev.plinth.contracts.state;
