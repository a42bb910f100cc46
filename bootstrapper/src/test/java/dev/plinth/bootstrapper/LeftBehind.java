package dev.plinth.bootstrapper;

import dev.plinth.testkit.wait.Waits;
import java.time.Duration;
import java.util.List;

/** What a stopped platform must not leave running in the JVM that ran it. */
final class LeftBehind {

    private LeftBehind() {
    }

    /**
     * Waits until no Kafka consumer or producer is left: a client of a stopped platform would retry
     * forever, and reach whatever server takes its broker's port next. Call it once every platform
     * this JVM started has stopped. (An idle admin client that micronaut-kafka makes while a context
     * shuts down is still left behind; it only retries its connection, once a second.)
     */
    static void assertNoKafkaClients() {
        Waits.until("no Kafka client of the stopped platforms left running", Duration.ofSeconds(30), () -> {
            return kafkaThreads().isEmpty() ? Boolean.TRUE : null;
        }, () -> kafkaThreads().toString());
    }

    private static List<String> kafkaThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("kafka-") && !n.startsWith("kafka-admin-client-thread")).sorted().toList();
    }
}
