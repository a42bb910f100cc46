package dev.plinth.kit.heartbeat;

import jakarta.inject.Singleton;

import java.time.Instant;

/** What this subsystem's last attempts to produce to Kafka say about its link to Kafka. */
@Singleton
public class KafkaLink {

    private volatile Instant lastDelivered;
    private volatile String lastError = "nothing sent yet";

    /** Kafka acknowledged a record just now. */
    public void delivered() {
        lastDelivered = Instant.now();
    }

    /** A record could not be delivered. */
    public void failed(String why) {
        lastError = why;
    }

    /** @return when Kafka last acknowledged a record, or null */
    public Instant lastDelivered() {
        return lastDelivered;
    }

    /** @return why the last failed attempt failed */
    public String lastError() {
        return lastError;
    }
}
