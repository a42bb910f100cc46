package dev.plinth.bootstrapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import dev.plinth.bootstrapper.infra.Infrastructure;
import dev.plinth.contracts.state.MqttTopics;
import dev.plinth.sdk.Plinth;
import dev.plinth.sdk.PlinthConfig;
import dev.plinth.sdk.Reading;
import dev.plinth.sdk.Sensors;
import dev.plinth.sdk.Subscription;

import dev.plinth.testkit.tokens.TestTokens;
import dev.plinth.testkit.wait.Waits;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Sensor throughput on a real embedded platform (not a test; run by bench/sensors/run.sh). Asserts
 * nothing; prints what it measured.
 *
 * <ol>
 *   <li>The platform (demo off), a type {@code bench-reading} ({@code speedKmh}, {@code seq},
 *   {@code sentNanos}) and N sensors ({@code bench-0001 …}), registered through the API; an app
 *   {@code sensor-bench} (hello-http with a requirement for the N sensors) uploaded and deployed, so
 *   the platform binds the sensors to it and delivers their readings.</li>
 *   <li>The app side: the SDK ({@link Plinth#connect(PlinthConfig)}) with an instance's username and a
 *   credential signed as the agent signs it, subscribing exactly as a deployed instance does
 *   ({@code shared}, the default; then {@code broadcast}, a plain subscription, for comparison).</li>
 *   <li>The devices: N MQTT connections, one per sensor, each signed in with its id and token,
 *   publishing QoS 1 on {@code devices/{id}/telemetry} at increasing rates (steps of a fixed length,
 *   spread round robin over the sensors). Each reading carries its sequence number and the
 *   {@link System#nanoTime()} of its publish, so the app side measures the latency from publish to
 *   its callback, and counts what is missing and what came twice.</li>
 *   <li>In the same run, the raw embedded broker: N connections (service credentials) publishing QoS 1
 *   on one topic, one subscriber (the MQTT client's defaults: automatic acknowledgement), plain and
 *   shared, at the same steps.</li>
 * </ol>
 *
 * <p>Per step: the rate offered, the rate delivered while it was offered, the backlog left and how
 * long it took to drain, losses and repeats, p50/p99/max latency of the step's readings, the
 * platform's own counters (accepted and delivered per second) and the process's CPU use. A ramp stops
 * after the first step it cannot keep up with.</p>
 *
 * <p>Arguments: {@code [sensors] [rates, comma separated] [seconds per step] [modes]} with modes from
 * {@code shared,broadcast,raw-plain,raw-shared}; defaults {@code 1000 1000,2000,5000,10000,15000,20000,30000 20
 * shared,broadcast,raw-plain,raw-shared}.</p>
 */
public final class SensorThroughputBenchmark {

    private static final String APP = "sensor-bench";
    private static final String TYPE = "bench-reading";
    /** Publishes awaiting the broker's acknowledgement, at most, before the load waits. */
    private static final long MAX_OUTSTANDING = 50_000;
    /** How long a step may drain without progress before what is missing counts as lost. */
    private static final Duration DRAIN_STALL = Duration.ofSeconds(15);
    private static final int WARM_UP_RATE = 1000;
    private static final Duration WARM_UP = Duration.ofSeconds(10);

    private SensorThroughputBenchmark() {
    }

    /**
     * One step of a ramp, as measured.
     *
     * @param rate          the rate asked for, readings a second
     * @param offered       readings a second published while the step lasted
     * @param delivered     readings a second received while the step lasted
     * @param backlog       readings published but not received when the step ended
     * @param drainSeconds  time after the step until every reading of it was received (or the drain stalled)
     * @param lost          readings of the step never received
     * @param repeated      repeated receptions while the step ran and drained
     * @param p50           median latency, ms
     * @param p99           99th percentile latency, ms
     * @param max           largest latency, ms
     * @param acceptedRate  the platform's accepted readings a second during the step (platform modes)
     * @param deliveredRate the platform's deliveries to the broker a second during the step (platform modes)
     * @param cpuPercent    this process's CPU use during the step, in % of one core
     */
    record Step(int rate, double offered, double delivered, long backlog, double drainSeconds, long lost, long repeated,
                double p50, double p99, double max, double acceptedRate, double deliveredRate, double cpuPercent) {

        boolean keptUp() {
            return delivered >= 0.95 * offered && lost == 0 && drainSeconds <= 2.0;
        }

        String line() {
            return String.format(Locale.ROOT, "| %,d | %,.0f | %,.0f | %,d | %.1f | %d | %d | %.1f | %.1f | %.0f | %s | %s | %.0f%% |",
                    rate, offered, delivered, backlog, drainSeconds, lost, repeated, p50, p99, max,
                    Double.isNaN(acceptedRate) ? "–" : String.format(Locale.ROOT, "%,.0f", acceptedRate),
                    Double.isNaN(deliveredRate) ? "–" : String.format(Locale.ROOT, "%,.0f", deliveredRate), cpuPercent);
        }
    }

    /** What the receiving end saw, by sequence number. Fed by one callback thread; read by the ramp. */
    static final class Tally {
        private final int capacity;
        private final int[] latencyMicros;
        private final BitSet received;
        private long count;
        private long repeats;

        Tally(int capacity) {
            this.capacity = capacity;
            this.latencyMicros = new int[capacity];
            this.received = new BitSet(capacity);
        }

        synchronized void record(long seq, long sentNanos, long now) {
            if (seq < 0 || seq >= capacity) {
                return;
            }
            count++;
            if (received.get((int) seq)) {
                repeats++;
                return;
            }
            received.set((int) seq);
            latencyMicros[(int) seq] = (int) Math.min(Integer.MAX_VALUE, (now - sentNanos) / 1000);
        }

        synchronized long count() {
            return count;
        }

        synchronized long repeats() {
            return repeats;
        }

        synchronized boolean all(long from, long to) {
            return received.nextClearBit((int) from) >= to;
        }

        synchronized long missing(long from, long to) {
            return (to - from) - received.get((int) from, (int) to).cardinality();
        }

        /** @return the latencies of the received readings in [from, to), sorted, in ms */
        synchronized double[] latencies(long from, long to) {
            double[] out = new double[received.get((int) from, (int) to).cardinality()];
            int n = 0;
            for (int i = received.nextSetBit((int) from); i >= 0 && i < to; i = received.nextSetBit(i + 1)) {
                out[n++] = latencyMicros[i] / 1000.0;
            }
            Arrays.sort(out);
            return out;
        }
    }

    /** N MQTT connections publishing, each on its topic, round robin by sequence number. */
    static final class Load implements AutoCloseable {
        private final List<Mqtt5AsyncClient> clients;
        private final List<String> topics;
        private final AtomicLong outstanding = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();

        Load(List<Mqtt5AsyncClient> clients, List<String> topics) {
            this.clients = clients;
            this.topics = topics;
        }

        void publish(long seq) {
            int i = (int) (seq % clients.size());
            long now = System.nanoTime();
            byte[] payload = ("{\"values\":{\"speedKmh\":" + (40 + seq % 80) + ".5,\"seq\":" + seq + ",\"sentNanos\":" + now + "}}")
                    .getBytes(StandardCharsets.UTF_8);
            outstanding.incrementAndGet();
            clients.get(i).publishWith().topic(topics.get(i)).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send()
                    .whenComplete((result, error) -> {
                        outstanding.decrementAndGet();
                        if (error != null || result.getError().isPresent() || result instanceof Mqtt5PublishResult.Mqtt5Qos1Result q
                                && q.getPubAck().getReasonCode().isError()) {
                            failed.incrementAndGet();
                        }
                    });
        }

        long outstanding() {
            return outstanding.get();
        }

        long failed() {
            return failed.get();
        }

        @Override
        public void close() {
            List<CompletableFuture<Void>> bye = new ArrayList<>();
            clients.forEach(c -> bye.add(c.disconnect().exceptionally(e -> null)));
            CompletableFuture.allOf(bye.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }

    public static void main(String[] args) throws Exception {
        int sensors = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        List<Integer> rates = Arrays.stream((args.length > 1 ? args[1] : "1000,2000,5000,10000,15000,20000,30000").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        Duration step = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 20);
        List<String> modes = List.of((args.length > 3 ? args[3] : "shared,broadcast,raw-plain,raw-shared").split(","));
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, WARM_UP_RATE * WARM_UP.toSeconds()
                + rates.stream().mapToLong(r -> r * (step.toSeconds() + 1)).sum());

        Path dir = Files.createTempDirectory("plinth-sensor-bench");
        Map<String, String> env = TestPlatforms.environment(dir.resolve("data"));
        Map<String, List<Step>> results = new java.util.LinkedHashMap<>();
        String machine = machine();
        try (Platform platform = Platform.start(PlatformSettings.fromEnvironment(env))) {
            Http http = new Http(platform.gatewayUrl());
            String admin = http.login(Infrastructure.ADMIN_USER, platform.secrets().adminPassword());
            URI mqtt = URI.create(platform.endpoints().mqttUrl());
            String secret = platform.secrets().jwtSecret();
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= sensors; i++) {
                ids.add(String.format(Locale.ROOT, "bench-%04d", i));
            }
            Map<String, String> tokens = register(http, admin, ids);
            String deployment = deploySink(http, admin, sensors);

            if (modes.contains("shared") || modes.contains("broadcast")) {
                List<Mqtt5AsyncClient> devices = new ArrayList<>();
                List<String> topics = new ArrayList<>();
                for (String id : ids) {
                    devices.add(client(mqtt, id, id, tokens.get(id)));
                    topics.add(MqttTopics.deviceTelemetry(id));
                }
                connectAll(devices, ids);
                try (Load load = new Load(devices, topics)) {
                    for (String mode : List.of("shared", "broadcast")) {
                        if (!modes.contains(mode)) {
                            continue;
                        }
                        Tally tally = new Tally(capacity);
                        PlinthConfig config = new PlinthConfig(mqtt, "app:" + APP + ":bench-" + mode, appCredential(secret, deployment),
                                platform.gatewayUrl(), null, APP);
                        try (Plinth app = Plinth.connect(config)) {
                            Sensors speed = mode.equals("shared") ? app.sensors("speed") : app.sensors("speed").broadcast();
                            Subscription subscription = speed.subscribe(reading -> record(tally, reading));
                            results.put("platform, app subscribed " + mode,
                                    ramp("platform " + mode, load, tally, rates, step, () -> pipeline(http, admin)));
                            subscription.close();
                        }
                    }
                }
            }

            for (String mode : List.of("raw-plain", "raw-shared")) {
                if (!modes.contains(mode)) {
                    continue;
                }
                String topic = "bench/raw";
                List<Mqtt5AsyncClient> publishers = new ArrayList<>();
                List<String> names = new ArrayList<>();
                List<String> topics = new ArrayList<>();
                String token = serviceToken(secret, "bench-raw");
                for (int i = 1; i <= sensors; i++) {
                    publishers.add(client(mqtt, "bench-raw-" + mode + "-" + i, "service:bench-raw", token));
                    names.add("bench-raw-" + i);
                    topics.add(topic);
                }
                connectAll(publishers, names);
                Tally tally = new Tally(capacity);
                Mqtt5AsyncClient subscriber = client(mqtt, "bench-raw-subscriber-" + mode, "service:bench-raw", token);
                subscriber.publishes(MqttGlobalPublishFilter.ALL, p -> {
                    byte[] body = p.getPayloadAsBytes();
                    tally.record(field(body, "\"seq\":"), field(body, "\"sentNanos\":"), System.nanoTime());
                });
                subscriber.connectWith().cleanStart(true).send().join();
                subscriber.subscribeWith().topicFilter(mode.equals("raw-plain") ? topic : MqttTopics.shared("bench", topic))
                        .qos(MqttQos.AT_LEAST_ONCE).send().join();
                try (Load load = new Load(publishers, topics)) {
                    results.put("raw broker, " + (mode.equals("raw-plain") ? "plain" : "shared") + " subscription",
                            ramp(mode, load, tally, rates, step, null));
                } finally {
                    subscriber.disconnect().join();
                }
            }
        }
        report(machine, sensors, step, results);
        System.exit(0);
    }

    private static void record(Tally tally, Reading reading) {
        long now = System.nanoTime();
        Object seq = reading.values().get("seq");
        Object sent = reading.values().get("sentNanos");
        if (seq instanceof Number s && sent instanceof Number t) {
            tally.record(s.longValue(), t.longValue(), now);
        }
    }

    /** A warm-up step (not reported), then the steps, until one cannot keep up. */
    private static List<Step> ramp(String name, Load load, Tally tally, List<Integer> rates, Duration length,
                                   java.util.function.Supplier<JsonNode> pipeline) throws InterruptedException {
        long[] seq = {0};
        // The first readings may be published before the path is in place (a binding not yet in sensor-manager's
        // memory): publish one at a time until one arrives.
        Waits.untilTrue(name + ": a first reading to arrive", Duration.ofSeconds(120), () -> {
            load.publish(seq[0]++);
            return tally.count() > 0;
        }, () -> "none did");
        // Lets the path settle on purpose before the measured steps begin.
        Thread.sleep(1000);
        Step warm = step(load, tally, seq, WARM_UP_RATE, WARM_UP, pipeline);
        System.out.println("BENCH " + name + " warm-up " + warm.line());
        List<Step> steps = new ArrayList<>();
        for (int rate : rates) {
            Step s = step(load, tally, seq, rate, length, pipeline);
            System.out.println("BENCH " + name + " " + s.line());
            steps.add(s);
            if (!s.keptUp()) {
                break;
            }
        }
        return steps;
    }

    private static Step step(Load load, Tally tally, long[] seq, int rate, Duration length, java.util.function.Supplier<JsonNode> pipeline)
            throws InterruptedException {
        JsonNode before = pipeline == null ? null : pipeline.get();
        long repeatsBefore = tally.repeats();
        long cpuBefore = cpuNanos();
        long first = seq[0];
        long receivedBefore = tally.count();
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long now;
        while ((now = System.nanoTime()) < end) {
            long due = first + (long) ((now - start) * (double) rate / 1e9);
            while (seq[0] < due && load.outstanding() < MAX_OUTSTANDING && seq[0] < tally.capacity) {
                load.publish(seq[0]++);
            }
            LockSupport.parkNanos(500_000);
        }
        long last = seq[0];
        double seconds = (System.nanoTime() - start) / 1e9;
        long receivedDuring = tally.count() - receivedBefore;
        long cpu = cpuNanos() - cpuBefore;
        JsonNode after = pipeline == null ? null : pipeline.get();
        long backlog = tally.missing(first, last);
        long drainStart = System.nanoTime();
        long lastProgress = drainStart;
        long lastCount = tally.count();
        while (!tally.all(first, last)) {
            // Part of the measurement (how long the backlog takes to drain, and whether it stalls): not a wait.
            Thread.sleep(50);
            long c = tally.count();
            if (c != lastCount) {
                lastCount = c;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > DRAIN_STALL.toNanos()) {
                break;
            }
        }
        double drain = (System.nanoTime() - drainStart) / 1e9;
        long lost = tally.missing(first, last);
        if (lost > 0) {
            drain -= DRAIN_STALL.toSeconds();
        }
        double[] latencies = tally.latencies(first, last);
        long repeated = tally.repeats() - repeatsBefore;
        double accepted = Double.NaN;
        double delivered = Double.NaN;
        if (before != null && after != null) {
            accepted = (after.path("readingsAccepted").asLong() - before.path("readingsAccepted").asLong()) / seconds;
            delivered = (after.path("readingsDelivered").asLong() - before.path("readingsDelivered").asLong()) / seconds;
        }
        return new Step(rate, (last - first) / seconds, receivedDuring / seconds, backlog, drain, lost, repeated,
                percentile(latencies, 0.50), percentile(latencies, 0.99), latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1],
                accepted, delivered, 100.0 * cpu / (seconds * 1e9));
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Registers the type and the sensors (four at a time), and returns their tokens. */
    private static Map<String, String> register(Http http, String admin, List<String> ids) throws Exception {
        Http.Answer type = http.post("/api/sensor-types", Map.of("name", TYPE, "kind", "sensor", "fields", Map.of(
                "speedKmh", Map.of("type", "number", "unit", "km/h"),
                "seq", Map.of("type", "integer"),
                "sentNanos", Map.of("type", "integer"))), admin);
        if (type.status() != 201) {
            throw new IllegalStateException("registering the type: " + type);
        }
        Map<String, String> tokens = new java.util.concurrent.ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String id : ids) {
                done.add(pool.submit(() -> {
                    Http.Answer device = http.post("/api/sensors", Map.of("id", id, "type", TYPE, "labels", Map.of("fleet", "bench")), admin);
                    if (device.status() != 201) {
                        throw new IllegalStateException("registering " + id + ": " + device);
                    }
                    tokens.put(id, device.json().path("token").asText());
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        System.out.printf(Locale.ROOT, "BENCH registered %d sensors in %.1f s%n", ids.size(), (System.nanoTime() - start) / 1e9);
        return tokens;
    }

    /** hello-http under another name with a requirement for every sensor: the platform binds them and delivers to it. */
    /** @return the deployment's id */
    private static String deploySink(Http http, String admin, int sensors) throws Exception {
        byte[] zip = ExamplePackages.withDescriptorLines(APP, "1.0.0",
                "sensors:\n  - { name: speed, type: " + TYPE + ", count: " + sensors + ", where: { fleet: bench } }\n");
        Http.Answer uploaded = http.upload("/api/apps", "package", APP + ".zip", zip, admin);
        if (uploaded.status() != 201) {
            throw new IllegalStateException("uploading " + APP + ": " + uploaded);
        }
        Http.Answer deployed = http.post("/api/apps/" + APP + "/deployments", Map.of("version", "1.0.0", "instances", 1), admin);
        if (deployed.status() != 201) {
            throw new IllegalStateException("deploying " + APP + ": " + deployed);
        }
        new Deployments(http, admin, APP).awaitRunning("1.0.0", 1, Duration.ofSeconds(180));
        Waits.until("the binding of " + sensors + " sensors", Duration.ofSeconds(120), () -> {
            JsonNode b = http.get("/api/bindings/" + APP, admin).json();
            JsonNode speed = b == null ? null : b.path("sensors").path("speed");
            return speed != null && "BOUND".equals(speed.path("status").asText()) && speed.path("devices").size() == sensors ? b : null;
        }, () -> String.valueOf(http.get("/api/bindings/" + APP, admin)));
        return deployed.json().path("id").asText();
    }

    private static Mqtt5AsyncClient client(URI mqtt, String clientId, String username, String password) {
        return MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost(mqtt.getHost()).serverPort(mqtt.getPort())
                .simpleAuth().username(username).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .buildAsync();
    }

    /** Connects every client, a few hundred at a time (each device's token is checked once). */
    private static void connectAll(List<Mqtt5AsyncClient> clients, List<String> names) {
        long start = System.nanoTime();
        for (int from = 0; from < clients.size(); from += 200) {
            List<CompletableFuture<?>> connects = new ArrayList<>();
            for (int i = from; i < Math.min(clients.size(), from + 200); i++) {
                connects.add(clients.get(i).connectWith().cleanStart(true).send());
            }
            CompletableFuture.allOf(connects.toArray(CompletableFuture[]::new)).join();
        }
        System.out.printf(Locale.ROOT, "BENCH connected %d clients (%s …) in %.1f s%n", clients.size(), names.get(0),
                (System.nanoTime() - start) / 1e9);
    }

    private static JsonNode pipeline(Http http, String admin) {
        JsonNode health = http.get("/health", admin).json();
        JsonNode pipeline = health == null ? null : health.findValue("sensor-pipeline");
        if (pipeline == null) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        return pipeline.has("details") ? pipeline.path("details") : pipeline;
    }

    /** The credential an agent gives an instance of the app: role APP, claims app and deployment. */
    private static String appCredential(String secret, String deployment) {
        return TestTokens.signedWith(secret).lasting(Duration.ofHours(6)).app(APP, deployment);
    }

    private static String serviceToken(String secret, String name) {
        return TestTokens.signedWith(secret).lasting(Duration.ofHours(6)).service(name);
    }


    /** The integer after {@code name} in a small JSON payload, without parsing all of it. */
    static long field(byte[] body, String name) {
        byte[] key = name.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + key.length < body.length; i++) {
            for (int k = 0; k < key.length; k++) {
                if (body[i + k] != key[k]) {
                    continue outer;
                }
            }
            long value = 0;
            for (int j = i + key.length; j < body.length && body[j] >= '0' && body[j] <= '9'; j++) {
                value = value * 10 + (body[j] - '0');
            }
            return value;
        }
        return -1;
    }

    private static String machine() {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%d cores, max heap %d MB, Java %s (%s), load average %.1f at the start", rt.availableProcessors(),
                rt.maxMemory() >> 20, System.getProperty("java.version"), System.getProperty("java.vm.name"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void report(String machine, int sensors, Duration step, Map<String, List<Step>> results) {
        System.out.println();
        System.out.println("BENCH machine: " + machine + "; load average " + String.format(Locale.ROOT, "%.1f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()) + " at the end");
        System.out.println("BENCH " + sensors + " sensors, " + step.toSeconds() + " s per step");
        Map<String, Double> best = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, List<Step>> e : results.entrySet()) {
            System.out.println("BENCH");
            System.out.println("BENCH " + e.getKey());
            System.out.println("BENCH | rate asked | offered/s | delivered/s | backlog | drain s | lost | repeated | p50 ms | p99 ms"
                    + " | max ms | accepted/s | to broker/s | CPU |");
            System.out.println("BENCH |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            Step sustained = null;
            for (Step s : e.getValue()) {
                System.out.println("BENCH " + s.line());
                if (s.keptUp()) {
                    sustained = s;
                }
            }
            double maxDelivered = e.getValue().stream().mapToDouble(Step::delivered).max().orElse(0);
            best.put(e.getKey(), sustained == null ? 0 : sustained.offered());
            System.out.printf(Locale.ROOT, "BENCH sustained: %s; most delivered in a step: %,.0f/s%n", sustained == null ? "none"
                    : String.format(Locale.ROOT, "%,.0f readings/s with p50 %.1f ms, p99 %.1f ms", sustained.offered(), sustained.p50(),
                    sustained.p99()), maxDelivered);
        }
        Double shared = best.get("platform, app subscribed shared");
        Double rawShared = best.get("raw broker, shared subscription");
        Double rawPlain = best.get("raw broker, plain subscription");
        if (shared != null && rawPlain != null && rawPlain > 0) {
            System.out.printf(Locale.ROOT, "BENCH ratio platform (shared) / raw broker (plain): %.2f%n", shared / rawPlain);
        }
        if (shared != null && rawShared != null && rawShared > 0) {
            System.out.printf(Locale.ROOT, "BENCH ratio platform (shared) / raw broker (shared): %.2f%n", shared / rawShared);
        }
    }
}
