package dev.plinth.agent.runtime.network;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure steps: slots of the range, doors from the variables, the rulesets. */
class NetworkRulesTest {

    private static final AddressRange RANGE = AddressRange.parse("10.213.0.0/16");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "10.213.0.0/16 | 16384 | 10.213.0.1   | 10.213.0.2   | 0",
            "10.213.0.0/16 | 16384 | 10.213.0.5   | 10.213.0.6   | 1",
            "10.213.0.0/16 | 16384 | 10.213.1.1   | 10.213.1.2   | 64",
            "10.213.0.0/16 | 16384 | 10.213.255.253 | 10.213.255.254 | 16383",
            "192.168.8.0/30 | 1    | 192.168.8.1  | 192.168.8.2  | 0",
            "10.0.0.0/8    | 4194304 | 10.0.0.1   | 10.0.0.2     | 0",
    })
    void slotsAreConsecutiveSlash30s(String cidr, int slots, String host, String inner, int slot) {
        AddressRange range = AddressRange.parse(cidr);
        assertEquals(slots, range.slots());
        assertEquals(host, range.hostAddress(slot));
        assertEquals(inner, range.innerAddress(slot));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "10.213.0.0        | is not an IPv4 range",
            "10.213.0.0/31     | prefix length from /8 to /30",
            "10.213.0.0/7      | prefix length from /8 to /30",
            "10.213.300.0/16   | octet above 255",
            "10.213.0.4/16     | has host bits set: its range starts at 10.213.0.0/16",
            "fd00::/64         | is not an IPv4 range",
    })
    void aBadRangeSaysWhatToFix(String cidr, String says) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddressRange.parse(cidr));
        assertTrue(e.getMessage().contains(says), e.getMessage());
        assertTrue(e.getMessage().contains("plinth.agent.network.range"), e.getMessage());
    }

    @Test
    void namesFitTheKernelsFifteenCharacters() {
        NetworkSlot last = NetworkSlot.of(AddressRange.parse("10.0.0.0/8"), 4194303);
        assertTrue(last.hostLink().length() <= 15 && last.innerLink().length() <= 15, last.toString());
        assertEquals("plinth-7", NetworkSlot.of(RANGE, 7).namespace());
        assertEquals("/run/netns/plinth-7", NetworkSlot.of(RANGE, 7).namespacePath());
    }

    @ParameterizedTest(name = "taken {0}, last {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // taken (space-separated) | claimed last | next of a range of 4 slots
            "''      | -1 | 0",
            "''      |  0 | 1",
            "0 2     | -1 | 1",
            // a slot freed a moment ago (0, 1) is not handed out while others are free
            "''      |  1 | 2",
            "2       |  1 | 3",
            "1 2     |  0 | 3",
            // wraps around after the last slot of the range
            "''      |  3 | 0",
            "0 1     |  3 | 2",
            "0 1 2   |  2 | 3",
            "1 2 3   |  3 | 0",
            // every other slot taken: the one freed last is reused after all
            "0 1 3   |  3 | 2",
            "0 1 2 3 |  1 | -1",
            // a note outside the range (a smaller range than before) starts from slot 0
            "''      |  9 | 0",
            "0       | 12 | 1",
    })
    void slotsAreHandedOutNextFitSoAJustFreedOneIsNotReusedAtOnce(String taken, int last, int expected) {
        Set<Integer> held = taken.isBlank() ? Set.of()
                : java.util.Arrays.stream(taken.trim().split("\\s+")).map(Integer::valueOf).collect(java.util.stream.Collectors.toSet());
        assertEquals(expected, SlotRegistry.nextFree(held, 4, last));
    }

    private static Optional<String> local(String host) {
        return switch (host) {
            case "127.0.0.1", "localhost" -> Optional.of("127.0.0.1");
            case "node-1.lan" -> Optional.of("192.168.1.10");
            default -> Optional.empty();
        };
    }

    @Test
    void doorsAreTheGatewayAndTheBrokerOnThisHostAndTheirVariablesPointAtTheHostEnd() {
        Map<String, String> env = Map.of(
                "PLINTH_GATEWAY_URL", "http://127.0.0.1:8080",
                "PLINTH_API_URL", "http://127.0.0.1:8080/",
                "PLINTH_MQTT_URL", "tcp://node-1.lan:1883",
                "OTHER_URL", "http://127.0.0.1:9092");
        Doors.Plan plan = Doors.plan(env, NetworkRulesTest::local);
        assertEquals(List.of(new Door("PLINTH_GATEWAY_URL", 8080, "127.0.0.1"), new Door("PLINTH_MQTT_URL", 1883, "192.168.1.10")),
                plan.doors());
        assertEquals(List.of(), plan.warnings());
        Map<String, String> rewritten = plan.rewrite(env, "10.213.0.1");
        assertEquals("http://10.213.0.1:8080", rewritten.get("PLINTH_GATEWAY_URL"));
        assertEquals("http://10.213.0.1:8080/", rewritten.get("PLINTH_API_URL"));
        assertEquals("tcp://10.213.0.1:1883", rewritten.get("PLINTH_MQTT_URL"));
        assertEquals("http://127.0.0.1:9092", rewritten.get("OTHER_URL"), "only door variables move");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "http://gateway.example.com:8080 | is not on this host",
            "not a url at all                | is not a URL",
            "mailto:someone                  | names no host and port",
    })
    void aDoorThatCannotBeOfferedIsAWarningAndItsVariableStays(String url, String says) {
        Doors.Plan plan = Doors.plan(Map.of("PLINTH_GATEWAY_URL", url), NetworkRulesTest::local);
        assertEquals(List.of(), plan.doors());
        assertEquals(1, plan.warnings().size());
        assertTrue(plan.warnings().get(0).startsWith("PLINTH_GATEWAY_URL (" + url + ")"), plan.warnings().get(0));
        assertTrue(plan.warnings().get(0).contains(says), plan.warnings().get(0));
        assertEquals(url, plan.rewrite(Map.of("PLINTH_GATEWAY_URL", url), "10.213.0.1").get("PLINTH_GATEWAY_URL"));
    }

    @Test
    void defaultPortsFollowTheScheme() {
        Doors.Plan plan = Doors.plan(Map.of("PLINTH_GATEWAY_URL", "http://localhost", "PLINTH_MQTT_URL", "mqtt://127.0.0.1"),
                NetworkRulesTest::local);
        assertEquals(List.of(80, 1883), plan.doors().stream().map(Door::port).toList());
    }

    @Test
    void insideOnlyTheHostEndComesInToThePortAndOnlyTheDoorsGoOut() {
        NetworkSlot slot = NetworkSlot.of(RANGE, 1);
        String rules = NetworkRules.inside(slot, 21000, List.of(new Door("PLINTH_GATEWAY_URL", 8080, "127.0.0.1"),
                new Door("PLINTH_MQTT_URL", 1883, "127.0.0.1")));
        assertEquals("""
                table inet plinth {
                  chain input {
                    type filter hook input priority filter; policy drop;
                    iif "lo" accept
                    ct state established,related accept
                    iifname "pli1" ip saddr 10.213.0.5 ip daddr 10.213.0.6 tcp dport 21000 ct state new accept
                  }
                  chain forward {
                    type filter hook forward priority filter; policy drop;
                  }
                  chain output {
                    type filter hook output priority filter; policy drop;
                    oif "lo" accept
                    ct state established,related accept
                    oifname "pli1" ip daddr 10.213.0.5 tcp dport { 1883, 8080 } ct state new accept
                    reject with icmpx type admin-prohibited
                  }
                }
                """, rules);
        assertTrue(!NetworkRules.inside(slot, 21000, List.of()).contains("oifname"), "no doors, no way out");
    }

    @Test
    void onTheHostDoorsAreForwardedToLoopbackAndAllElseFromTheLinkIsDropped() {
        NetworkSlot slot = NetworkSlot.of(RANGE, 1);
        assertEquals("""
                table inet plinth_1 {
                  chain prerouting {
                    type nat hook prerouting priority dstnat; policy accept;
                    iifname "plh1" ip saddr 10.213.0.6 ip daddr 10.213.0.5 tcp dport 8080 dnat ip to 127.0.0.1:8080
                  }
                  chain input {
                    type filter hook input priority filter; policy accept;
                    iifname "plh1" ct state established,related accept
                    iifname "plh1" ip saddr 10.213.0.6 ip daddr 127.0.0.1 tcp dport 8080 ct status dnat accept
                    iifname "plh1" drop
                  }
                  chain forward {
                    type filter hook forward priority filter; policy accept;
                    iifname "plh1" drop
                    oifname "plh1" drop
                  }
                }
                """, NetworkRules.host(slot, List.of(new Door("PLINTH_GATEWAY_URL", 8080, "127.0.0.1"))));
    }
}
