package dev.eventline.command.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.eventline.devstack.keys.DevelopmentKeys;
import dev.eventline.testkit.Infrastructure;
import dev.eventline.testkit.SharedInfrastructure;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Synchronous command latency and throughput against a pass-through {@code exactly_once_v2}
 * topology on the same broker, in one run. Load is an open model: requests are due at a constant
 * rate and latency counts from when a request was due, not when it was sent, so a stall shows
 * as latency instead of hiding as a lower rate (coordinated omission).
 *
 * <pre>./mvnw -pl command-service test-compile exec:java@command-benchmark [-Dbench.rates=200,500,1000 -Dbench.seconds=15
 *     -Dbench.variants=pass-through,at_least_once,exactly_once_v2]</pre>
 *
 * Variants: the pass-through baseline (one transactional hop, produce -> Streams -> consume),
 * the command path as shipped (admission at-least-once, decide exactly-once), and the command
 * path with admission also exactly-once (two transactional hops).
 */
public final class CommandBenchmark {

    private static final int ACCOUNTS = 2000;
    private static final int PARTITIONS = 12;
    /** Discarded run before each measured one: JIT, connections, caches. */
    private static final int WARM_UP_SECONDS = 5;
    private static final int MAX_IN_FLIGHT = 256;

    private CommandBenchmark() {
    }

    record Result(String variant, int rate, double throughput, Histogram latency, long errors) {
        String row(Result baseline) {
            double p50 = latency.getValueAtPercentile(50) / 1000.0;
            double p99 = latency.getValueAtPercentile(99) / 1000.0;
            return String.format("| %-34s | %6d | %8.0f | %7.1f | %7.1f | %7.1f | %7.1f | %5d | %s |", variant, rate, throughput, p50,
                    latency.getValueAtPercentile(90) / 1000.0, p99, latency.getValueAtPercentile(99.9) / 1000.0, errors,
                    baseline == this ? "baseline" : String.format("%.2fx thr, p99 %.1fx", throughput / baseline.throughput(),
                            p99 / (baseline.latency().getValueAtPercentile(99) / 1000.0)));
        }
    }

    public static void main(String[] args) throws Exception {
        int[] rates = java.util.Arrays.stream(System.getProperty("bench.rates", "200,500,1000").split(",")).mapToInt(Integer::parseInt).toArray();
        int seconds = Integer.getInteger("bench.seconds", 15);
        Infrastructure infrastructure = SharedInfrastructure.get();
        List<Result> results = new ArrayList<>();
        List<String> variants = List.of(System.getProperty("bench.variants", "pass-through,at_least_once,exactly_once_v2").split(","));
        try {
            for (int rate : variants.contains("pass-through") ? rates : new int[0]) {
                Result baseline = passThrough(infrastructure, rate, seconds);
                results.add(baseline);
                print(results, baseline);
            }
            for (String admission : variants.stream().filter(v -> !v.equals("pass-through")).toList()) {
                try (CommandService service = CommandService.start(infrastructure, admission)) {
                    for (int rate : rates) {
                        results.add(service.run(rate, seconds));
                        print(results, results.get(0));
                    }
                }
            }
        } finally {
            infrastructure.close();
        }
        System.out.println();
        System.out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + "; broker, registry, service and load generator share them. Latency in ms from when a request was due.");
        System.out.println("| variant | rate/s | done/s | p50 | p90 | p99 | p99.9 | errors | vs pass-through at the same rate |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Result r : results) {
            Result baseline = results.stream().filter(b -> b.variant().startsWith("pass-through") && b.rate() == r.rate()).findFirst().orElse(r);
            System.out.println(r.row(baseline));
        }
        System.exit(0);
    }

    private static void print(List<Result> results, Result ignored) {
        Result last = results.get(results.size() - 1);
        System.out.println(last.row(results.stream().filter(b -> b.variant().startsWith("pass-through") && b.rate() == last.rate())
                .findFirst().orElse(last)));
    }

    /** produce (acks=all) -> Streams exactly_once_v2 pass-through -> consume read_committed. */
    static Result passThrough(Infrastructure infrastructure, int rate, int seconds) throws Exception {
        String id = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        String in = id + ".in";
        String out = id + ".out";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infrastructure.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(in, PARTITIONS, (short) 1), new NewTopic(out, PARTITIONS, (short) 1))).all().get();
        }
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in, Consumed.with(Serdes.String(), Serdes.ByteArray())).to(out, Produced.with(Serdes.String(), Serdes.ByteArray()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, id);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 10);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(id).toString());
        Recorder recorder = new Recorder(3);
        AtomicLong received = new AtomicLong();
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", infrastructure.kafkaBootstrapServers(),
                     "acks", "all", "linger.ms", 1), new StringSerializer(), new ByteArraySerializer());
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", infrastructure.kafkaBootstrapServers(),
                     "isolation.level", "read_committed", "fetch.max.wait.ms", 100), new StringDeserializer(), new ByteArrayDeserializer())) {
            streams.start();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(50);
            }
            consumer.assign(consumer.partitionsFor(out).stream().map(p -> new org.apache.kafka.common.TopicPartition(out, p.partition())).toList());
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position);
            Thread reader = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                            long due = ByteBuffer.wrap(record.value()).getLong();
                            recorder.recordValue(Math.max(0, (System.nanoTime() - due) / 1000));
                            received.incrementAndGet();
                        }
                    } catch (org.apache.kafka.common.errors.InterruptException e) {
                        return;
                    }
                }
            });
            reader.start();
            byte[] padding = new byte[300]; // about a command envelope's size
            java.util.function.LongFunction<Void> produce = due -> {
                byte[] value = ByteBuffer.allocate(8 + padding.length).putLong(due).put(padding).array();
                producer.send(new ProducerRecord<>(in, "k" + (due % ACCOUNTS), value));
                return null;
            };
            Load warmUp = new Load(rate, WARM_UP_SECONDS);
            warmUp.run(produce);
            long warmDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (received.get() < warmUp.sent() && System.nanoTime() < warmDeadline) {
                Thread.sleep(50);
            }
            received.set(0);
            recorder.reset();
            Load load = new Load(rate, seconds);
            load.run(produce);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (received.get() < load.sent() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            reader.interrupt();
            reader.join();
            return new Result("pass-through EOS topology", rate, received.get() / (double) seconds, recorder.getIntervalHistogram(),
                    load.sent() - received.get());
        }
    }

    /** The command service in this JVM, on the shared broker and registry, with accounts opened. */
    static final class CommandService implements AutoCloseable {
        private final ApplicationContext context;
        private final URI base;
        private final String token;
        private final String admission;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        private CommandService(ApplicationContext context, String token, String admission) {
            this.context = context;
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            server.start();
            this.base = server.getURI();
            this.token = token;
            this.admission = admission;
        }

        static CommandService start(Infrastructure infrastructure, String admissionGuarantee) throws Exception {
            DevelopmentKeys keys = DevelopmentKeys.open(Files.createTempDirectory("bench-keys"));
            Map<String, Object> overrides = new java.util.HashMap<>();
            // -Dbench.property.<name>=<value> sets a service property, to compare settings in one run.
            System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith("bench.property."))
                    .forEach(n -> overrides.put(n.substring("bench.property.".length()), System.getProperty(n)));
            ApplicationContext context = ApplicationContext.builder().properties(overrides).properties(Map.of(
                    "micronaut.server.port", -1,
                    "kafka.bootstrap.servers", infrastructure.kafkaBootstrapServers(),
                    "schema.registry.url", infrastructure.schemaRegistryUrl(),
                    "eventline.namespace", "bench-" + UUID.randomUUID().toString().substring(0, 8),
                    "eventline.state-dir", Files.createTempDirectory("bench-streams").toString(),
                    "eventline.admission.default-capacity", 1_000_000,
                    "eventline.admission.default-refill-tokens", 1_000_000,
                    "kafka.streams.admission.processing.guarantee", admissionGuarantee,
                    // Under EOS a record leaves only with its transaction: commit as often as the decide stage.
                    "kafka.streams.admission.commit.interval.ms", admissionGuarantee.startsWith("exactly") ? 10 : 100,
                    "micronaut.security.token.jwt.signatures.jwks-static.eventline.path", "file:" + keys.publicKeySet())).start();
            CommandService service = new CommandService(context, keys.issue("bench", List.of("commands:write"), Duration.ofHours(2)), admissionGuarantee);
            service.awaitReady();
            service.openAccounts();
            return service;
        }

        private void awaitReady() throws Exception {
            while (http.send(HttpRequest.newBuilder(base.resolve("/health/readiness")).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() != 200) {
                Thread.sleep(200);
            }
        }

        private void openAccounts() throws Exception {
            List<CompletableFuture<HttpResponse<Void>>> opened = new ArrayList<>();
            for (int i = 0; i < ACCOUNTS; i++) {
                opened.add(send("OpenAccount", "acc-" + i, "{\"currency\":\"EUR\"}"));
                if (opened.size() == 100) {
                    CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).join();
                    opened.clear();
                }
            }
            CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).join();
        }

        private CompletableFuture<HttpResponse<Void>> send(String commandType, String account, String body) {
            return http.sendAsync(HttpRequest.newBuilder(base.resolve("/v1/commands/account/" + account + "/" + commandType))
                    .header("Authorization", "Bearer " + token).header("Idempotency-Key", UUID.randomUUID().toString())
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
        }

        Result run(int rate, int seconds) throws Exception {
            measure(rate, WARM_UP_SECONDS);
            Counters before = Counters.of(context);
            long start = System.nanoTime();
            Result result = measure(rate, seconds);
            System.out.println(Counters.of(context).since(before, (long) (result.throughput() * seconds), System.nanoTime() - start));
            return result;
        }

        private Result measure(int rate, int seconds) throws Exception {
            Recorder recorder = new Recorder(3);
            AtomicLong ok = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            List<CompletableFuture<?>> inFlight = new java.util.concurrent.CopyOnWriteArrayList<>();
            // Bounded connections (the broker shares this process's file descriptors); a request
            // that waits for one still counts its latency from when it was due.
            java.util.concurrent.Semaphore connections = new java.util.concurrent.Semaphore(MAX_IN_FLIGHT);
            Load load = new Load(rate, seconds);
            load.run(due -> {
                connections.acquireUninterruptibly();
                // Skewed like real traffic: a few hot accounts take most commands.
                int account = (int) Math.min(ACCOUNTS - 1, Math.abs(java.util.concurrent.ThreadLocalRandom.current().nextGaussian()) * ACCOUNTS / 6);
                CompletableFuture<?> request = send("Deposit", "acc-" + account, "{\"amount\":1}").whenComplete((response, error) -> {
                    connections.release();
                    if (error == null && response.statusCode() / 100 == 2) {
                        recorder.recordValue(Math.max(0, (System.nanoTime() - due) / 1000));
                        ok.incrementAndGet();
                    } else {
                        errors.incrementAndGet();
                    }
                });
                inFlight.add(request);
                return null;
            });
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).handle((r, e) -> null).get(60, TimeUnit.SECONDS);
            return new Result("commands, admission " + (admission.startsWith("exactly") ? "EOS" : "at-least-once"), rate,
                    ok.get() / (double) seconds, recorder.getIntervalHistogram(), errors.get());
        }

        @Override
        public void close() {
            context.close();
        }
    }

    /**
     * What a step cost beyond its latency, steadier than rates on a shared machine: CPU of this
     * whole JVM (broker, registry, service, load) per command, and the decide stage's transactions
     * from its own metrics (commits, commands per commit, produce batches the broker sent back
     * for a retry, time in commitTransaction).
     */
    record Counters(long cpuNanos, double commits, double retries, double commitNanos) {
        static Counters of(ApplicationContext context) {
            double commits = 0;
            double retries = 0;
            double commitNanos = 0;
            for (KafkaStreams streams : context.getBeansOfType(KafkaStreams.class)) {
                for (var metric : streams.metrics().entrySet()) {
                    String name = metric.getKey().name();
                    String group = metric.getKey().group();
                    if (!metric.getKey().tags().getOrDefault("client-id", "").contains("decide")
                            && !metric.getKey().tags().getOrDefault("thread-id", "").contains("decide")) {
                        continue;
                    }
                    double value = metric.getValue().metricValue() instanceof Number n ? n.doubleValue() : 0;
                    if (group.equals("stream-thread-metrics") && name.equals("commit-total")) {
                        commits += value;
                    } else if (group.equals("producer-metrics") && name.equals("record-retry-total")) {
                        retries += value;
                    } else if (group.equals("producer-metrics") && name.equals("txn-commit-time-ns-total")) {
                        commitNanos += value;
                    }
                }
            }
            long cpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            return new Counters(cpu, commits, retries, commitNanos);
        }

        String since(Counters before, long commands, long wallNanos) {
            double commitCount = commits - before.commits;
            return String.format("  cost: %.2f cores, %.2f CPU ms per command (whole JVM), %.0f decide commits (%.2f commands each, %.2f ms in commit on average),"
                            + " %.1f retried produce batches per 1,000 commands",
                    (cpuNanos - before.cpuNanos) / (double) wallNanos, (cpuNanos - before.cpuNanos) / 1e6 / commands, commitCount, commands / Math.max(1, commitCount),
                    (commitNanos - before.commitNanos) / 1e6 / Math.max(1, commitCount), (retries - before.retries) * 1000 / commands);
        }
    }

    /** Calls the action at a constant rate for a duration, passing when each call was due (nanoTime). */
    static final class Load {
        private final int rate;
        private final int seconds;
        private long sent;

        Load(int rate, int seconds) {
            this.rate = rate;
            this.seconds = seconds;
        }

        void run(java.util.function.LongFunction<Void> action) {
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            long start = System.nanoTime();
            long total = (long) rate * seconds;
            for (long i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                action.apply(due);
                sent++;
            }
        }

        long sent() {
            return sent;
        }
    }
}
