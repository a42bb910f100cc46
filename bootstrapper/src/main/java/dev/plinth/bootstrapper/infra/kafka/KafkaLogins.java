package dev.plinth.bootstrapper.infra.kafka;

import dev.plinth.kit.kafka.KafkaCredentials;

import java.util.Map;

/**
 * The credentials each part of a platform signs in to Kafka with. On the embedded broker every
 * user of {@link KafkaUsers} has its own; against an external cluster every part of one process
 * uses the credentials the environment gives ({@code PLINTH_KAFKA_*}, or none).
 *
 * @param byUser the credentials of each Kafka user, when each has its own
 * @param shared the credentials of every part, when they share one login (null when each has its own)
 */
public record KafkaLogins(Map<String, KafkaCredentials> byUser, KafkaCredentials shared) {

    public KafkaLogins {
        byUser = Map.copyOf(byUser);
        if (shared == null && byUser.isEmpty()) {
            throw new IllegalArgumentException("Kafka logins need credentials per user or shared ones");
        }
    }

    /** @return one login for every part (an external cluster) */
    public static KafkaLogins shared(KafkaCredentials credentials) {
        return new KafkaLogins(Map.of(), credentials);
    }

    /** @return a login per user (the embedded broker) */
    public static KafkaLogins perUser(Map<String, KafkaCredentials> byUser) {
        return new KafkaLogins(byUser, null);
    }

    /**
     * @param user a name of {@link KafkaUsers}
     * @return how that user's clients sign in
     */
    public KafkaCredentials of(String user) {
        if (shared != null) {
            return shared;
        }
        KafkaCredentials credentials = byUser.get(user);
        if (credentials == null) {
            throw new IllegalArgumentException("no Kafka credentials for user " + user);
        }
        return credentials;
    }

    /** Names the users, never the passwords. */
    @Override
    public String toString() {
        return shared != null ? "KafkaLogins[shared " + shared + "]" : "KafkaLogins[per user " + byUser.keySet() + "]";
    }
}
