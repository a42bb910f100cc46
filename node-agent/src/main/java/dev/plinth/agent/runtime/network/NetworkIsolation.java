package dev.plinth.agent.runtime.network;

import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Gives each instance a network namespace of its own (the agent must run as root): a veth pair whose
 * host end and inner end share a /30 of {@link NetworkSettings#range()}, IPv6 off on both ends, and
 * nftables rules inside and on the host ({@link NetworkRules}) that let the instance reach only the
 * platform's doors and let only the host end reach the instance's port. Inside, 127.0.0.1 is the
 * namespace's own, so the host's loopback servers (Kafka, MongoDB, LDAP, subsystem ports) are out of
 * reach, as are other instances (no route between namespaces).
 *
 * <p>Slots are claimed host-wide ({@link SlotRegistry}), so agents in one JVM, several JVMs and a
 * developer's platform on one host never collide. Everything is removed when the instance ends or
 * the agent stops; what an agent that died left behind is removed when any agent on the host starts.</p>
 */
@Singleton
public class NetworkIsolation implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkIsolation.class);
    private static final Pattern SLOT_NAMESPACE = Pattern.compile(Pattern.quote(NetworkSlot.NAMESPACE_PREFIX) + "(\\d{1,9})");
    private static final Pattern SLOT_LINK = Pattern.compile("^\\d+: " + NetworkSlot.HOST_LINK_PREFIX + "(\\d{1,9})[@:]", Pattern.MULTILINE);
    private static final Pattern SLOT_TABLE = Pattern.compile("^table inet " + NetworkSlot.TABLE_PREFIX + "(\\d{1,9})$", Pattern.MULTILINE);

    /** The variables that name the platform's doors; their values decide what an instance may reach. */
    public static final List<String> DOOR_VARIABLES = Doors.VARIABLES;

    private final NetworkSettings settings;
    private final List<String> problems;
    private final AddressRange range;
    private final SlotRegistry registry;
    private final SlotRegistry.Owner self = SlotRegistry.Owner.current();
    private final Map<Integer, InstanceNetwork> open = new ConcurrentHashMap<>();
    private final String ip;
    private final String nft;
    private final String nsenter;
    private final String gatewayUrl;

    /** With the gateway on this host's loopback, as {@code plinth up} runs it. */
    public NetworkIsolation(NetworkSettings settings) {
        this(settings, "http://127.0.0.1:8080");
    }

    /**
     * @param settings   the range and where claims are recorded
     * @param gatewayUrl the gateway instances use; it must be on this host (remote nodes are not done yet)
     */
    @Inject
    public NetworkIsolation(NetworkSettings settings, @Value("${plinth.gateway.url:`http://127.0.0.1:8080`}") String gatewayUrl) {
        this.settings = settings;
        this.gatewayUrl = gatewayUrl;
        this.ip = HostCommands.find("ip").orElse(null);
        this.nft = HostCommands.find("nft").orElse(null);
        this.nsenter = HostCommands.find("nsenter").orElse(null);
        AddressRange parsed = null;
        List<String> found = new ArrayList<>();
        try {
            parsed = AddressRange.parse(settings.range());
        } catch (IllegalArgumentException e) {
            found.add(e.getMessage());
        }
        this.range = parsed;
        this.registry = new SlotRegistry(settings.stateDir(), parsed == null ? 0 : parsed.slots());
        found.addAll(prerequisites());
        if (found.isEmpty()) {
            found.addAll(tryIt());
        }
        this.problems = List.copyOf(found);
        if (problems.isEmpty()) {
            LOG.info("instances get a network namespace of their own, from {}", settings.range());
        } else {
            LOG.warn("instances cannot get a network namespace of their own: {}", String.join("; ", problems));
        }
    }

    /**
     * @return why instances cannot get a network of their own here, each with the fix; empty when they can
     */
    public List<String> problems() {
        return problems;
    }

    /** @return whether instances get a network namespace of their own */
    public boolean usable() {
        return problems.isEmpty();
    }

    private List<String> prerequisites() {
        List<String> found = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            found.add("the agent must run as root to make a network namespace per instance (it runs as "
                    + System.getProperty("user.name") + ")");
        }
        if (ip == null) {
            found.add("iproute2 is not installed: apt-get install iproute2");
        }
        if (nft == null) {
            found.add("nftables is not installed: apt-get install nftables");
        }
        if (nsenter == null) {
            found.add("nsenter is not installed: apt-get install util-linux");
        }
        Doors.Plan gateway = Doors.plan(Map.of("PLINTH_GATEWAY_URL", gatewayUrl), Doors::onThisHost);
        if (gateway.doors().isEmpty()) {
            found.add("the gateway (" + gatewayUrl + ") is not on this host: an instance in a network namespace of its own"
                    + " could neither reach it nor be reached by it (remote nodes are not supported by network isolation"
                    + " yet); run this agent on the gateway's host, or, for trusted code only, set isolation: none on this node in the inventory");
        }
        if (!Files.isDirectory(Path.of("/proc/sys/net/ipv4"))) {
            found.add("/proc/sys/net is not available: the agent needs a Linux host with /proc mounted");
        }
        return found;
    }

    /** Cleans what dead agents left, then makes and removes one namespace to prove it all works. */
    private List<String> tryIt() {
        try {
            registry.prepare();
            reclaimLeftovers();
            try (InstanceNetwork probe = open("network-probe", 1, Map.of())) {
                LOG.debug("network probe in {} worked", probe.slot.namespace());
            }
            return List.of();
        } catch (IOException | RuntimeException e) {
            return List.of("a network namespace cannot be made here: " + e.getMessage());
        }
    }

    /**
     * Makes an instance's network in a namespace of its own (the process runtime's way).
     *
     * @param instanceId the instance, for the record
     * @param port       the port it listens on
     * @param env        its variables: the door variables ({@link Doors#VARIABLES}) decide its doors
     * @return its network, to close when it ends
     * @throws IOException when it cannot be made (nothing is left behind)
     */
    public InstanceNetwork open(String instanceId, int port, Map<String, String> env) throws IOException {
        InstanceNetwork network = reserve(instanceId, port, env, -1);
        network.build(null);
        return network;
    }

    /**
     * Claims a slot for an instance whose network namespace does not exist yet (a container's is made
     * when it starts): the variables it must be given are known now; the links and rules come with
     * {@link InstanceNetwork#attach(long)}.
     *
     * @param instanceId the instance, for the record
     * @param port       the port it listens on
     * @param env        its variables: the door variables decide its doors
     * @return its network, to attach once the namespace exists and to close when it ends
     * @throws IOException when no slot can be had
     */
    public InstanceNetwork reserve(String instanceId, int port, Map<String, String> env) throws IOException {
        return reserve(instanceId, port, env, -1);
    }

    /**
     * Claims the very slot an instance had under an agent that is gone, so the door addresses in its
     * variables stay right when its container is adopted.
     *
     * @param instanceId the instance
     * @param port       the port it listens on
     * @param env        its variables before the slot's addresses were written into them
     * @param slot       the slot it held
     * @return its network, to attach to its namespace and to close when it ends
     * @throws IOException when that slot is held for another instance, or by an agent that still runs
     */
    public InstanceNetwork reclaim(String instanceId, int port, Map<String, String> env, int slot) throws IOException {
        return reserve(instanceId, port, env, slot);
    }

    private InstanceNetwork reserve(String instanceId, int port, Map<String, String> env, int wanted) throws IOException {
        if (range == null || ip == null || nft == null || nsenter == null) {
            throw new IOException("network isolation is not usable here: " + String.join("; ", problems));
        }
        Doors.Plan plan = Doors.plan(env, Doors::onThisHost);
        int index = registry.locked(() -> wanted < 0 ? registry.claim(self, instanceId) : registry.claimAgain(self, instanceId, wanted));
        NetworkSlot slot = NetworkSlot.of(range, index);
        InstanceNetwork network = new InstanceNetwork(slot, port, plan, plan.rewrite(env, slot.hostAddress()));
        open.put(index, network);
        return network;
    }

    /**
     * @param slot     the slot
     * @param port     the instance's port
     * @param doors    its doors
     * @param attachTo the process whose network namespace to use (a container's), or null to make a new one
     */
    private void build(NetworkSlot slot, int port, List<Door> doors, Long attachTo) throws IOException {
        if (attachTo == null) {
            HostCommands.run(HostCommands.words(ip, "netns", "add", slot.namespace()), null);
        } else {
            // A name for the container's own namespace; deleting the name later leaves the namespace to the container.
            HostCommands.run(HostCommands.words(ip, "netns", "attach", slot.namespace(), String.valueOf(attachTo)), null);
        }
        // IPv6 off inside before any link comes up: a link-local address would reach host services on "::".
        HostCommands.run(HostCommands.words(nsenter, "--net=" + slot.namespacePath(), "--", "/bin/sh", "-c",
                "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6 && echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6"
                        + " && exec " + nft + " -f -"),
                // Replaces the table where an adopted container's namespace still has the previous agent's.
                "table inet " + NetworkRules.INSIDE_TABLE + "\ndelete table inet " + NetworkRules.INSIDE_TABLE + "\n"
                        + NetworkRules.inside(slot, port, doors));
        // The whole range is unreachable on the host but for the /30 of each live instance: an
        // address whose instance has ended (the gateway may still list it for a moment) fails at
        // once instead of leaving the host by its default route. Idempotent; every agent on the
        // host sets the same route, and it stays (the range is the platform's).
        HostCommands.run(HostCommands.words(ip, "-batch", "-"),
                "route replace unreachable " + range.cidr() + "\n"
                        + "link add " + slot.hostLink() + " type veth peer name " + slot.innerLink() + " netns " + slot.namespace() + "\n");
        writeSysctl("net/ipv6/conf/" + slot.hostLink() + "/disable_ipv6", "1");
        if (doors.stream().anyMatch(Door::loopback)) {
            writeSysctl("net/ipv4/conf/" + slot.hostLink() + "/route_localnet", "1");
        }
        HostCommands.run(HostCommands.words(nft, "-f", "-"), NetworkRules.host(slot, doors));
        HostCommands.run(HostCommands.words(ip, "-batch", "-"),
                "addr add " + slot.hostAddress() + "/30 dev " + slot.hostLink() + "\n"
                        + "link set " + slot.hostLink() + " up\n");
        HostCommands.run(HostCommands.words(ip, "-n", slot.namespace(), "-batch", "-"),
                "addr add " + slot.innerAddress() + "/30 dev " + slot.innerLink() + "\n"
                        + "link set " + slot.innerLink() + " up\n"
                        + "link set lo up\n");
    }

    private static void writeSysctl(String key, String value) throws IOException {
        Files.writeString(Path.of("/proc/sys", key), value);
    }

    /** Removes a slot's namespace, links and host table; each may already be gone. */
    private void tearDown(NetworkSlot slot) {
        HostCommands.runQuietly(HostCommands.words(nft, "delete", "table", "inet", slot.table()));
        HostCommands.runQuietly(HostCommands.words(ip, "link", "del", slot.hostLink()));
        HostCommands.runQuietly(HostCommands.words(ip, "netns", "del", slot.namespace()));
    }

    /**
     * Removes what agents that are no longer running left on this host: slots whose owner is dead, and
     * namespaces, links and tables of slots nobody holds.
     */
    void reclaimLeftovers() throws IOException {
        registry.locked(() -> {
            Set<Integer> held = new HashSet<>();
            for (SlotRegistry.Claim claim : registry.claims()) {
                if (claim.owner().alive()) {
                    held.add(claim.slot());
                } else {
                    LOG.info("removing the network of instance {} (slot {}), left by agent process {} that is gone",
                            claim.instanceId(), claim.slot(), claim.owner().pid());
                    tearDown(NetworkSlot.of(range, claim.slot()));
                    registry.release(claim.slot());
                }
            }
            Set<Integer> orphans = new HashSet<>();
            Path netns = Path.of("/run/netns");
            if (Files.isDirectory(netns)) {
                try (Stream<Path> names = Files.list(netns)) {
                    names.map(p -> SLOT_NAMESPACE.matcher(p.getFileName().toString()))
                            .filter(Matcher::matches).forEach(m -> orphans.add(Integer.parseInt(m.group(1))));
                }
            }
            collect(SLOT_LINK, HostCommands.run(HostCommands.words(ip, "-o", "link", "show"), null), orphans);
            collect(SLOT_TABLE, HostCommands.run(HostCommands.words(nft, "list", "tables"), null), orphans);
            orphans.removeAll(held);
            for (int slot : orphans) {
                if (slot < range.slots()) {
                    LOG.info("removing network slot {} that no agent holds", slot);
                    tearDown(NetworkSlot.of(range, slot));
                }
            }
            return null;
        });
    }

    private static void collect(Pattern pattern, String listing, Set<Integer> into) {
        Matcher m = pattern.matcher(listing);
        while (m.find()) {
            into.add(Integer.parseInt(m.group(1)));
        }
    }

    /** Removes the networks of every instance this agent still holds. */
    @PreDestroy
    @Override
    public void close() {
        List<InstanceNetwork> left = List.copyOf(open.values());
        left.forEach(InstanceNetwork::close);
        if (!left.isEmpty()) {
            LOG.info("removed {} instance network(s)", left.size());
        }
    }

    /** One instance's network. Closing it removes the namespace, the links, the host table and the claim. */
    public final class InstanceNetwork implements AutoCloseable {

        private final NetworkSlot slot;
        private final int port;
        private final Doors.Plan plan;
        private final Map<String, String> env;
        private final List<String> warnings;
        private boolean closed;

        private InstanceNetwork(NetworkSlot slot, int port, Doors.Plan plan, Map<String, String> env) {
            this.slot = slot;
            this.port = port;
            this.plan = plan;
            this.env = Map.copyOf(env);
            this.warnings = List.copyOf(plan.warnings());
        }

        /**
         * Makes the links and rules in a running process's network namespace: a container started
         * without a network. Whatever an earlier agent left of this slot is removed first.
         *
         * @param pid a process in the namespace (the container's first process)
         * @throws IOException when it cannot be made; the network is closed then
         */
        public void attach(long pid) throws IOException {
            tearDown(slot);
            build(pid);
        }

        private void build(Long pid) throws IOException {
            try {
                NetworkIsolation.this.build(slot, port, plan.doors(), pid);
            } catch (IOException | RuntimeException e) {
                close();
                throw new IOException("cannot make the instance's network namespace: " + e.getMessage(), e);
            }
        }

        /** @return the slot, which an agent that adopts the instance claims again */
        public int slot() {
            return slot.index();
        }

        /** @return the namespace's path, for {@code nsenter --net=} */
        public String namespacePath() {
            return slot.namespacePath();
        }

        /** @return where the gateway and health checks reach the instance */
        public String innerAddress() {
            return slot.innerAddress();
        }

        /** @return where the instance reaches the platform's doors */
        public String hostAddress() {
            return slot.hostAddress();
        }

        /** @return the instance's variables with the door variables pointing at the host end */
        public Map<String, String> environment() {
            return env;
        }

        /** @return doors the instance cannot use, and why */
        public List<String> warnings() {
            return warnings;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            tearDown(slot);
            try {
                registry.locked(() -> {
                    registry.release(slot.index());
                    return null;
                });
            } catch (IOException e) {
                LOG.warn("cannot free network slot {}: {} (the next agent to start reclaims it)", slot.index(), e.getMessage());
            }
            open.remove(slot.index());
        }
    }
}
