package dev.plinth.nodemanager.placement;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.plinth.nodemanager.placement.Fixtures.instance;
import static dev.plinth.nodemanager.placement.Fixtures.node;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** score = 1 − max(cpu fraction after, memory fraction after) − 0.5 × instances of the same app on the node. */
class RankingTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("scores")
    void scores(String name, Fixtures.NodeBuilder node, Fixtures.InstanceBuilder instance, double expected) {
        assertEquals(expected, Ranking.score(instance.build(), new NodeLoad(node.build())), 1e-9);
    }

    static Stream<Arguments> scores() {
        return Stream.of(
                Arguments.of("empty node, cpu is the fuller resource",
                        node("n").cpu(4).memory(4096), instance("a-1").cpu(1).memory(512), 0.75),
                Arguments.of("empty node, memory is the fuller resource",
                        node("n").cpu(4).memory(1024), instance("a-1").cpu(1).memory(512), 0.5),
                Arguments.of("bound instances of another app only add load",
                        node("n").cpu(4).memory(4096).bound("x-1", "x", 2, 0, 21000),
                        instance("a-1").cpu(1).memory(0), 0.25),
                Arguments.of("one instance of the same app costs the spread penalty",
                        node("n").cpu(4).memory(4096).bound("a-0", "a", 1, 0, 21000),
                        instance("a-1").cpu(1).memory(0), 0.5 - Ranking.SPREAD_PENALTY),
                Arguments.of("two instances of the same app cost it twice",
                        node("n").cpu(4).memory(4096).bound("a-0", "a", 1, 0, 21000).bound("a-9", "a", 1, 0, 21001),
                        instance("a-1").cpu(1).memory(0), 0.25 - 2 * Ranking.SPREAD_PENALTY),
                Arguments.of("filling the node exactly scores zero",
                        node("n").cpu(2).memory(1024), instance("a-1").cpu(2).memory(1024), 0.0),
                Arguments.of("zero capacity and zero need counts as empty",
                        node("n").cpu(0).memory(1024), instance("a-1").cpu(0).memory(256), 0.75));
    }
}
