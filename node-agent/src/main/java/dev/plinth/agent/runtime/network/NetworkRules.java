package dev.plinth.agent.runtime.network;

import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The nftables rulesets of one instance's network, as text for {@code nft -f -}. Pure: table-tested.
 *
 * <p>Inside the namespace (the app runs there without capabilities, so it cannot change them): new
 * connections come in only from the host end to the instance's port; new connections go out only to
 * the doors at the host end; everything else is dropped (IPv4 and IPv6 alike, family {@code inet}),
 * and refused outright on the way out so an app learns at once instead of hanging.</p>
 *
 * <p>On the host, in a table of the slot's own that filters nothing but traffic from its link: a
 * door on loopback is reached by DNAT from the host end to it (with {@code route_localnet} on the host
 * end, as kube-proxy serves localhost node ports), and whatever comes from the link that is not a
 * door connection is dropped, so a namespace whose rules were somehow lost still reaches nothing.</p>
 */
final class NetworkRules {

    /** The table inside every instance's namespace. */
    static final String INSIDE_TABLE = "plinth";

    private NetworkRules() {
    }

    /**
     * @param slot  the instance's namespace
     * @param port  the port the instance listens on
     * @param doors the platform's doors it may use
     * @return the ruleset to load inside the namespace
     */
    static String inside(NetworkSlot slot, int port, List<Door> doors) {
        StringBuilder out = new StringBuilder();
        out.append("table inet ").append(INSIDE_TABLE).append(" {\n");
        out.append("  chain input {\n")
                .append("    type filter hook input priority filter; policy drop;\n")
                .append("    iif \"lo\" accept\n")
                .append("    ct state established,related accept\n")
                .append("    iifname \"").append(slot.innerLink()).append("\" ip saddr ").append(slot.hostAddress())
                .append(" ip daddr ").append(slot.innerAddress()).append(" tcp dport ").append(port).append(" ct state new accept\n")
                .append("  }\n");
        out.append("  chain forward {\n")
                .append("    type filter hook forward priority filter; policy drop;\n")
                .append("  }\n");
        out.append("  chain output {\n")
                .append("    type filter hook output priority filter; policy drop;\n")
                .append("    oif \"lo\" accept\n")
                .append("    ct state established,related accept\n");
        if (!doors.isEmpty()) {
            out.append("    oifname \"").append(slot.innerLink()).append("\" ip daddr ").append(slot.hostAddress())
                    .append(" tcp dport ").append(portSet(doors)).append(" ct state new accept\n");
        }
        out.append("    reject with icmpx type admin-prohibited\n")
                .append("  }\n")
                .append("}\n");
        return out.toString();
    }

    /**
     * @param slot  the instance's namespace
     * @param doors the platform's doors it may use
     * @return the ruleset of the slot's own table on the host
     */
    static String host(NetworkSlot slot, List<Door> doors) {
        String link = "iifname \"" + slot.hostLink() + "\" ";
        String from = link + "ip saddr " + slot.innerAddress() + " ";
        StringBuilder out = new StringBuilder();
        out.append("table inet ").append(slot.table()).append(" {\n");
        out.append("  chain prerouting {\n")
                .append("    type nat hook prerouting priority dstnat; policy accept;\n");
        for (Door door : doors) {
            out.append("    ").append(from).append("ip daddr ").append(slot.hostAddress()).append(" tcp dport ")
                    .append(door.port()).append(" dnat ip to ").append(door.target()).append(':').append(door.port()).append('\n');
        }
        out.append("  }\n");
        out.append("  chain input {\n")
                .append("    type filter hook input priority filter; policy accept;\n")
                .append("    ").append(link).append("ct state established,related accept\n");
        for (Door door : doors) {
            out.append("    ").append(from).append("ip daddr ").append(door.target()).append(" tcp dport ")
                    .append(door.port()).append(" ct status dnat accept\n");
        }
        out.append("    ").append(link).append("drop\n")
                .append("  }\n");
        out.append("  chain forward {\n")
                .append("    type filter hook forward priority filter; policy accept;\n")
                .append("    ").append(link).append("drop\n")
                .append("    oifname \"").append(slot.hostLink()).append("\" drop\n")
                .append("  }\n")
                .append("}\n");
        return out.toString();
    }

    private static String portSet(List<Door> doors) {
        TreeSet<Integer> ports = doors.stream().map(Door::port).collect(Collectors.toCollection(TreeSet::new));
        return ports.size() == 1 ? String.valueOf(ports.first())
                : ports.stream().map(String::valueOf).collect(Collectors.joining(", ", "{ ", " }"));
    }
}
