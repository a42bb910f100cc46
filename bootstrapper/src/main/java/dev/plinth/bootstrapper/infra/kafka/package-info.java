/**
 * Who may do what on Plinth's Kafka: one user per subsystem, one for node agents, one for the
 * bootstrapper's own clients and a super user for its admin work, each allowed only the topics,
 * operations and consumer groups it uses (docs/kafka-access.md tabulates them). The embedded broker
 * denies everything else; an external cluster needs the same ACLs from its operator.
 */
package dev.plinth.bootstrapper.infra.kafka;
