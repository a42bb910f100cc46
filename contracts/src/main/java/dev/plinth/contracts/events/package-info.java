/**
 * Kafka topics ({@link dev.plinth.contracts.events.Topics}) and the event records that travel on them.
 * Every record carries its ids and a timestamp; every command carries an idempotency key, so a
 * command delivered twice is carried out once.
 */
package dev.plinth.contracts.events;
