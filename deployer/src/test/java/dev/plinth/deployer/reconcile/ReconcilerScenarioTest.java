package dev.plinth.deployer.reconcile;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.plinth.deployer.reconcile.Snapshots.T;
import static dev.plinth.deployer.reconcile.Snapshots.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the reconciler step by step against a small simulated world (placement and agents moving
 * instances along), checking what must hold at every step, not just the end state.
 */
class ReconcilerScenarioTest {

    @Test
    void rollingUpgradeReplacesOneAtATimeAndNeverServesFewerThanDesired() {
        World world = World.runningOn("v1", 3);
        world.deploy("v2");

        List<String> steps = new ArrayList<>();
        for (int round = 0; round < 60 && !world.settled(); round++) {
            Plan plan = world.reconcile();
            plan.actions().forEach(a -> steps.add(describe(a)));
            assertTrue(world.healthyServing() >= 3, () -> "fewer than 3 healthy after " + plan);
            assertTrue(world.wanted().size() <= 4, () -> "more than one surge instance: " + world.wanted());
            world.agentsAct();
        }

        assertEquals(List.of("status ROLLING_OUT", "create v2", "stop replaced", "create v2", "stop replaced",
                "create v2", "stop replaced", "status RUNNING", "stable v2"), steps);
        assertEquals(3, world.wanted().stream().filter(i -> i.version().equals("v2")
                && i.state() == ObservedState.HEALTHY).count());
        assertEquals(3, world.wanted().size());
        assertEquals("v2", world.deployment.stableVersion());
    }

    @Test
    void newVersionThatNeverGetsHealthyIsRolledBackWhileTheOldOneServes() {
        World world = World.runningOn("v1", 3);
        world.deploy("v2");
        world.failNextStarting("no answer on /health within 30 s");

        for (int round = 0; round < 60 && !world.settled(); round++) {
            world.reconcile();
            assertTrue(world.healthyServing() >= 3, "the old version must keep serving");
            world.agentsAct();
        }

        DeploymentView d = world.deployment;
        assertEquals("v1", d.version());
        assertEquals(spec("v1"), d.spec());
        assertEquals(3, d.generation());
        assertEquals(DeploymentStatus.FAILED, d.status());
        assertTrue(d.reason().startsWith("version v2 failed: instance i4 on node "), d.reason());
        assertTrue(d.reason().endsWith(": no answer on /health within 30 s; rolled back to v1"), d.reason());
        assertEquals(List.of("v1", "v1", "v1"), world.wanted().stream().map(InstanceView::version).toList());
        assertEquals(StopReason.ROLLBACK, world.instances.get("i4").stopReason());
    }

    @Test
    void rollbackLateInTheRolloutConvergesBackToTheStableVersion() {
        World world = World.runningOn("v1", 3);
        world.deploy("v2");
        // Let the rollout replace one old instance, then make the second new one exit.
        for (int round = 0; round < 60 && world.instances.size() < 5; round++) {
            world.reconcile();
            world.agentsAct();
        }
        world.failNextStarting(null);

        for (int round = 0; round < 60 && !world.settled(); round++) {
            world.reconcile();
            world.agentsAct();
        }

        assertEquals("v1", world.deployment.version());
        assertEquals(DeploymentStatus.FAILED, world.deployment.status());
        assertEquals(3, world.healthyServing());
        assertEquals(List.of("v1", "v1", "v1"), world.wanted().stream().map(InstanceView::version).toList());
    }

    @Test
    void firstVersionThatKeepsCrashingBacksOffThenGivesUp() {
        World world = World.fresh("v1", 1);
        world.crashOnStart = true;

        List<Instant> creations = new ArrayList<>();
        for (int round = 0; round < 40; round++) {
            Plan plan = world.reconcile();
            plan.actions(Action.CreateInstance.class).forEach(c -> creations.add(world.now));
            world.agentsAct();
            // Waiting is expressed in the plan: jump to when it says to look again.
            world.now = plan.recheckAt() != null ? plan.recheckAt() : world.now.plusSeconds(1);
        }

        // From each crash to the creation of the next instance.
        List<InstanceView> created = List.copyOf(world.instances.values());
        List<Long> waits = new ArrayList<>();
        for (int n = 1; n < created.size(); n++) {
            waits.add(Duration.between(created.get(n - 1).stateAt(), created.get(n).createdAt()).toSeconds());
        }
        assertEquals(5, creations.size());
        // The first crash is replaced at the next pass (a second in this world), then 1, 2 and 4 s.
        assertEquals(List.of(1L, 1L, 2L, 4L), waits);
        assertEquals(DeploymentStatus.FAILED, world.deployment.status());
        assertTrue(world.deployment.reason().endsWith("; gave up after 5 failures within 10 minutes"),
                world.deployment.reason());
        assertTrue(world.wanted().isEmpty());

        world.deployment = world.with(world.deployment.version(), world.deployment.generation() + 1);
        assertEquals(1, world.reconcile().actions(Action.CreateInstance.class).size(),
                "a change of the desired state gives the version a new budget");
    }

    @Test
    void lostNodeIsReplacedElsewhereAndItsReturnAddsNothing() {
        World world = World.runningOn("v1", 3);
        String lostNode = world.instances.get("i1").node();
        world.nodes.put(lostNode, NodeState.LOST);

        Plan plan = world.reconcile();
        assertEquals(StopReason.NODE_LOST, world.instances.get("i1").stopReason());
        Action.CreateInstance replacement = plan.actions(Action.CreateInstance.class).get(0);
        assertEquals(List.of(lostNode), replacement.avoidNodes());
        for (int round = 0; round < 10; round++) {
            world.agentsAct();
            world.reconcile();
        }
        assertEquals(3, world.healthyServing());

        // The node comes back and its agent still reports the old instance healthy.
        world.nodes.put(lostNode, NodeState.READY);
        world.set("i1", ObservedState.HEALTHY);

        assertEquals(List.of(), world.reconcile().actions());
        assertEquals(3, world.wanted().size());
    }

    private static String describe(Action action) {
        if (action instanceof Action.CreateInstance c) {
            return "create " + c.version();
        } else if (action instanceof Action.StopInstance s) {
            return "stop " + s.reason().value();
        } else if (action instanceof Action.SetStatus s) {
            return "status " + s.status();
        } else if (action instanceof Action.MarkStable m) {
            return "stable " + m.version();
        }
        return "rollback " + ((Action.Rollback) action).toVersion();
    }

    /**
     * The deployment, its instances and four nodes, with what the loop, placement and agents would
     * do to them, in memory.
     */
    private static final class World {

        private static final List<String> NODES = List.of("n1", "n2", "n3", "n4");

        private final Reconciler reconciler = new Reconciler();
        private final Map<String, InstanceView> instances = new TreeMap<>(Comparator
                .comparingInt((String id) -> Integer.parseInt(id.substring(1))));
        private final Map<String, NodeState> nodes = new LinkedHashMap<>();
        private DeploymentView deployment;
        private Instant now = T;
        private int sequence;
        private String failNextStarting;
        private boolean failArmed;
        private boolean crashOnStart;

        static World fresh(String version, int count) {
            World world = new World();
            NODES.forEach(n -> world.nodes.put(n, NodeState.READY));
            world.deployment = new DeploymentView("d1", "app", "dev", version, count, 1, true, spec(version),
                    null, null, null, null, null);
            return world;
        }

        static World runningOn(String version, int count) {
            World world = fresh(version, count);
            for (int round = 0; round < 20 && !world.settled(); round++) {
                world.reconcile();
                world.agentsAct();
            }
            assertEquals(DeploymentStatus.RUNNING, world.deployment.status());
            assertEquals(version, world.deployment.stableVersion());
            return world;
        }

        void deploy(String version) {
            deployment = with(version, deployment.generation() + 1);
        }

        DeploymentView with(String version, long generation) {
            DeploymentView d = deployment;
            return new DeploymentView(d.id(), d.app(), d.owner(), version, d.instances(), generation, d.active(),
                    spec(version), d.stableVersion(), d.stableSpec(), d.status(), d.reason(), d.statusAt());
        }

        /** The next instance to reach STARTING turns UNHEALTHY (or EXITED when message is null) instead of HEALTHY. */
        void failNextStarting(String message) {
            failNextStarting = message;
            failArmed = true;
        }

        boolean settled() {
            return reconciler.reconcile(deployment, List.copyOf(instances.values()), nodes, now).isEmpty()
                    && wanted().stream().allMatch(i -> i.state() == ObservedState.HEALTHY);
        }

        Plan reconcile() {
            Plan plan = reconciler.reconcile(deployment, List.copyOf(instances.values()), nodes, now);
            for (Action action : plan.actions()) {
                apply(action);
            }
            return plan;
        }

        private void apply(Action action) {
            DeploymentView d = deployment;
            if (action instanceof Action.SetStatus s) {
                deployment = new DeploymentView(d.id(), d.app(), d.owner(), d.version(), d.instances(),
                        d.generation(), d.active(), d.spec(), d.stableVersion(), d.stableSpec(), s.status(),
                        s.reason(), now);
            } else if (action instanceof Action.MarkStable m) {
                deployment = new DeploymentView(d.id(), d.app(), d.owner(), d.version(), d.instances(),
                        d.generation(), d.active(), d.spec(), m.version(), m.spec(), d.status(), d.reason(),
                        d.statusAt());
            } else if (action instanceof Action.Rollback r) {
                deployment = new DeploymentView(d.id(), d.app(), d.owner(), r.toVersion(), d.instances(),
                        d.generation() + 1, d.active(), r.toSpec(), d.stableVersion(), d.stableSpec(), d.status(),
                        d.reason(), d.statusAt());
            } else if (action instanceof Action.StopInstance s) {
                InstanceView i = instances.get(s.instanceId());
                assertEquals(Desired.RUN, i.desired(), "stop asked twice for " + i.id());
                instances.put(i.id(), new InstanceView(i.id(), i.version(), i.generation(), Desired.STOP,
                        s.reason(), i.node(), i.state(), i.stateAt(), i.createdAt(), i.exitCode(), i.message(),
                        i.avoidNodes()));
            } else if (action instanceof Action.CreateInstance c) {
                String id = "i" + (++sequence);
                instances.put(id, new InstanceView(id, c.version(), d.generation(), Desired.RUN, null,
                        place(c.avoidNodes()), ObservedState.PENDING, now, now, null, null, c.avoidNodes()));
            }
        }

        /** The least loaded ready node outside avoidNodes, as placement would pick. */
        private String place(List<String> avoid) {
            return NODES.stream()
                    .filter(n -> nodes.get(n) == NodeState.READY && !avoid.contains(n))
                    .min(Comparator.comparingLong((String n) -> wanted().stream().filter(i -> n.equals(i.node())).count())
                            .thenComparing(n -> n))
                    .orElseThrow();
        }

        /** Agents stop what should stop and move one starting instance one state along; time passes. */
        void agentsAct() {
            now = now.plusSeconds(1);
            for (InstanceView i : List.copyOf(instances.values())) {
                if (i.desired() == Desired.STOP && !i.state().terminal() && nodes.get(i.node()) != NodeState.LOST) {
                    set(i.id(), ObservedState.STOPPED);
                }
            }
            Set<ObservedState> moving = Set.of(ObservedState.PENDING, ObservedState.STARTING);
            wanted().stream().filter(i -> moving.contains(i.state())).findFirst().ifPresent(i -> {
                if (crashOnStart) {
                    set(i.id(), ObservedState.EXITED);
                } else if (i.state() == ObservedState.PENDING) {
                    set(i.id(), ObservedState.STARTING);
                } else if (failArmed) {
                    failArmed = false;
                    set(i.id(), failNextStarting == null ? ObservedState.EXITED : ObservedState.UNHEALTHY);
                    InstanceView f = instances.get(i.id());
                    instances.put(f.id(), new InstanceView(f.id(), f.version(), f.generation(), f.desired(),
                            f.stopReason(), f.node(), f.state(), f.stateAt(), f.createdAt(),
                            failNextStarting == null ? 1 : null, failNextStarting, f.avoidNodes()));
                } else {
                    set(i.id(), ObservedState.HEALTHY);
                }
            });
        }

        void set(String id, ObservedState state) {
            InstanceView i = instances.get(id);
            instances.put(id, new InstanceView(i.id(), i.version(), i.generation(), i.desired(), i.stopReason(),
                    i.node(), state, now, i.createdAt(), i.exitCode(), i.message(), i.avoidNodes()));
        }

        List<InstanceView> wanted() {
            return instances.values().stream().filter(InstanceView::wanted).toList();
        }

        long healthyServing() {
            return wanted().stream()
                    .filter(i -> i.state() == ObservedState.HEALTHY && nodes.get(i.node()) != NodeState.LOST)
                    .count();
        }
    }
}
