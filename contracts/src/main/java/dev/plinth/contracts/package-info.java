/**
 * Every format Plinth's parts share with each other and with their users: the app
 * descriptor ({@code plinth.yaml}) and its JSON Schema, the node inventory, the Kafka
 * topics and their event records, the names of the MongoDB collections and MQTT topics
 * ({@link dev.plinth.contracts.state}), and the seams a platform developer implements to
 * extend Plinth ({@link dev.plinth.contracts.artifacts.ArtifactStore},
 * {@link dev.plinth.contracts.runtime.Runtime}).
 */
package dev.plinth.contracts;
