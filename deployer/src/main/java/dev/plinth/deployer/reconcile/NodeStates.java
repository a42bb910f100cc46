package dev.plinth.deployer.reconcile;

import java.util.Map;

/**
 * The nodes' states as one pass sees them; an instance not placed yet, or on a node missing here,
 * is on an UNKNOWN node.
 *
 * @param byName node states by node name
 */
record NodeStates(Map<String, NodeState> byName) {

    /** @return the state of the node the instance is on */
    NodeState of(InstanceView instance) {
        if (instance.node() == null) {
            return NodeState.UNKNOWN;
        }
        return byName.getOrDefault(instance.node(), NodeState.UNKNOWN);
    }
}
