package dev.plinth.nodemanager.placement;

/**
 * The ranking step: how well a feasible node suits an instance. A higher score is better.
 *
 * <pre>
 *   score = 1 − max(cpuUsed′ / cpuCapacity, memoryUsed′ / memoryCapacity) − SPREAD_PENALTY × sameApp
 * </pre>
 *
 * <p>{@code cpuUsed′} and {@code memoryUsed′} are what the node would have reserved once the instance
 * is placed on it. {@code sameApp} is how many instances of the same app the node already has.
 * The first part prefers the least loaded node. It judges a node by its fuller resource, so a node
 * whose memory is nearly full does not look roomy because its cpu is idle. The second part spreads
 * an app across nodes so that losing one node does not take down every instance of it. With
 * {@link #SPREAD_PENALTY} at 0.5, each instance of the app already on a node costs as much as half
 * the node's capacity. A node that already runs the app therefore wins only when every other
 * feasible node would be more than half fuller, or runs as many instances of the app.
 *
 * <p>A resource with zero capacity counts as empty when nothing uses it and as full otherwise.
 */
final class Ranking {

    /** What each instance of the same app already on a node takes off the node's score. */
    static final double SPREAD_PENALTY = 0.5;

    private Ranking() {
    }

    /** @return the node's score for the instance, assuming the node passed feasibility */
    static double score(PendingInstance instance, NodeLoad node) {
        double cpu = fraction(node.cpuUsedMilli() + Cores.milli(instance.cpu()), node.cpuCapacityMilli());
        double memory = fraction(node.memoryUsedMb() + instance.memoryMb(), node.memoryCapacityMb());
        return 1 - Math.max(cpu, memory) - SPREAD_PENALTY * node.instancesOf(instance.app());
    }

    private static double fraction(long used, long capacity) {
        if (capacity == 0) {
            return used == 0 ? 0 : 1;
        }
        return (double) used / capacity;
    }
}
