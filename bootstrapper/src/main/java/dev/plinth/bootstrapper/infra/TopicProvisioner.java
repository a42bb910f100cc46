package dev.plinth.bootstrapper.infra;

import dev.plinth.contracts.events.TopicSpec;
import dev.plinth.contracts.events.Topics;
import dev.plinth.kit.kafka.KafkaCredentials;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Creates Plinth's Kafka topics, idempotently: existing topics are left as they are. */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    /**
     * Creates every topic of {@link Topics#ALL} that is missing, waiting up to {@code timeout}
     * for the cluster to answer.
     *
     * @param bootstrapServers  the cluster
     * @param credentials       a user allowed to list and create topics
     * @param replicationFactor replicas per partition (1 on one machine, 3 on a real cluster)
     * @param timeout           how long to keep trying
     * @return the names of the topics created now
     */
    public static Set<String> ensureTopics(String bootstrapServers, KafkaCredentials credentials, short replicationFactor,
                                           Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, Object> config = new HashMap<>(credentials.clientProperties());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "plinth-topic-provisioner");
        try (Admin admin = Admin.create(config)) {
            Set<String> created = new TreeSet<>();
            while (true) {
                try {
                    Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
                    List<NewTopic> missing = Topics.ALL.stream()
                            .filter(t -> !existing.contains(t.name()))
                            .map(t -> newTopic(t, replicationFactor))
                            .toList();
                    // Done only once the broker lists them all: the controller has a new topic a moment
                    // before the broker that clients ask does.
                    if (missing.isEmpty()) {
                        if (!created.isEmpty()) {
                            LOG.info("created Kafka topics {}", created);
                        }
                        return Set.copyOf(created);
                    }
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("Kafka at " + bootstrapServers + " does not list the topics "
                                + missing.stream().map(NewTopic::name).toList() + " within " + timeout.toSeconds()
                                + " s: create them, and allow this user to describe them");
                    }
                    for (NewTopic topic : missing) {
                        try {
                            admin.createTopics(List.of(topic)).all().get(15, TimeUnit.SECONDS);
                            created.add(topic.name());
                        } catch (ExecutionException e) {
                            if (!(e.getCause() instanceof TopicExistsException)) {
                                throw e;
                            }
                        }
                    }
                    Thread.sleep(100);
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("Kafka at " + bootstrapServers + " did not accept the topics within "
                                + timeout.toSeconds() + " s: " + e.getMessage(), e);
                    }
                    LOG.info("waiting for Kafka at {}: {}", bootstrapServers, e.getMessage());
                    Thread.sleep(500);
                }
            }
        }
    }

    private static NewTopic newTopic(TopicSpec spec, short replicationFactor) {
        return new NewTopic(spec.name(), spec.partitions(), replicationFactor)
                .configs(Map.of("retention.ms", String.valueOf(spec.retentionMs())));
    }
}
