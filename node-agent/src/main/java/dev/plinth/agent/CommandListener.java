package dev.plinth.agent;

import dev.plinth.contracts.events.NodeCommand;
import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.core.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives this node's commands from {@code node.commands}. Each agent has its own consumer group
 * (its application name, {@code plinth-agent-{node}}), so it sees every record and keeps the ones
 * keyed by its node. The group is not written in the annotation: annotation values are resolved
 * once per JVM, and in {@code plinth up} several agents share one JVM. A new group
 * starts at the earliest record, so commands sent before the agent first came up still arrive
 * (old starts are skipped by age, see {@link AgentSettings#commandMaxAge()}).
 */
@KafkaListener(offsetReset = OffsetReset.EARLIEST)
public class CommandListener {

    private static final Logger LOG = LoggerFactory.getLogger(CommandListener.class);

    private final AgentNode node;
    private final NodeInstances instances;

    public CommandListener(AgentNode node, NodeInstances instances) {
        this.node = node;
        this.instances = instances;
    }

    @Topic(Topics.NODE_COMMANDS)
    void receive(@KafkaKey @Nullable String key, NodeCommand command) {
        String me = node.spec().name();
        if (!me.equals(key)) {
            return;
        }
        if (!me.equals(command.nodeId())) {
            LOG.warn("command {} keyed for node {} names node {}; ignored", command.commandId(), key, command.nodeId());
            return;
        }
        instances.accept(command);
    }
}
