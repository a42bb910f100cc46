package dev.plinth.agent.testinfra;

import dev.plinth.contracts.events.InstanceState;
import dev.plinth.contracts.events.InstanceStatus;
import dev.plinth.contracts.events.LogRecord;
import dev.plinth.contracts.events.NodeCommand;
import dev.plinth.contracts.events.NodeHeartbeat;
import dev.plinth.contracts.events.Topics;
import dev.plinth.testkit.kafka.InProcessKafka;
import dev.plinth.testkit.kafka.TopicTap;
import dev.plinth.testkit.kafka.TopicTap.From;
import io.micronaut.json.JsonMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One node agent's Kafka line, as node-manager sees it: commands go out keyed by the node, and what
 * the agent reports (instance status, log lines, heartbeats) is recorded from the start of each topic.
 */
public final class AgentLine implements AutoCloseable {

    /** Every instance status on the topic. */
    public final TopicTap<InstanceStatus> statuses;
    /** Every log line on the topic. */
    public final TopicTap<LogRecord> logs;
    /** Every node heartbeat on the topic. */
    public final TopicTap<NodeHeartbeat> heartbeats;
    private final KafkaProducer<String, byte[]> producer;
    private final JsonMapper json;
    private final String node;
    private final Duration wait;

    /**
     * @param json how the agent reads and writes the events (its context's mapper)
     * @param node the node whose commands this line sends
     * @param wait how long {@link #awaitState} waits
     */
    public AgentLine(InProcessKafka kafka, JsonMapper json, String node, Duration wait) {
        this.json = json;
        this.node = node;
        this.wait = wait;
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
        statuses = TopicTap.decoded(kafka.bootstrapServers(), Topics.INSTANCE_STATUS, From.START, r -> json.readValue(r.value(), InstanceStatus.class));
        logs = TopicTap.decoded(kafka.bootstrapServers(), Topics.PLATFORM_LOGS, From.START, r -> json.readValue(r.value(), LogRecord.class));
        heartbeats = TopicTap.decoded(kafka.bootstrapServers(), Topics.NODE_HEARTBEATS, From.START, r -> json.readValue(r.value(), NodeHeartbeat.class));
    }

    /** Sends a command to the node, as node-manager does, and waits until Kafka has it. */
    public void send(NodeCommand command) throws Exception {
        sendKeyed(node, command);
    }

    /** Sends a command under another record key (another node's), and waits until Kafka has it. */
    public void sendKeyed(String key, NodeCommand command) throws Exception {
        producer.send(new ProducerRecord<>(Topics.NODE_COMMANDS, key, json.writeValueAsBytes(command))).get(10, TimeUnit.SECONDS);
    }

    /** Waits for the state; an instance that ends in another state fails the wait at once, with its output. */
    public InstanceStatus awaitState(String id, InstanceState state) {
        InstanceStatus found = statuses.await(s -> id.equals(s.instanceId())
                && (s.state() == state || (s.state().terminal() && !state.terminal())), wait, id + " " + state);
        if (found.state() != state) {
            throw new AssertionError(id + " ended " + found.state() + " (" + found.message() + ") instead of becoming "
                    + state + "; its output: " + logs.matching(r -> id.equals(r.instanceId())).stream()
                    .map(LogRecord::message).toList());
        }
        return found;
    }

    @Override
    public void close() {
        producer.close();
        for (TopicTap<?> tap : new TopicTap<?>[]{statuses, logs, heartbeats}) {
            tap.close();
        }
    }
}
