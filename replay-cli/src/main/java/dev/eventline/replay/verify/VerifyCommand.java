package dev.eventline.replay.verify;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.eventline.domain.AggregateType;
import dev.eventline.domain.Domains;
import dev.eventline.projection.check.AggregateStatesCheck;
import dev.eventline.projection.check.Finding;
import dev.eventline.projection.check.ReadModelCheck;
import dev.eventline.replay.history.EventJson;
import dev.eventline.replay.source.Archive;
import dev.eventline.replay.source.Connections;
import dev.eventline.replay.source.EventLog;
import dev.eventline.replay.source.WorkCpu;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code verify}: reads every partition of the event topics from the start, in parallel, and
 * checks that versions are gapless, hash chains intact, the archive identical to the log and
 * every read model equal to the fold of its events. Prints a JSON report; exits 1 when anything
 * is wrong, naming the first broken event of each aggregate.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check versions, hash chains, the archive against the log and the read models against the fold of the events.")
public final class VerifyCommand implements Callable<Integer> {

    @Mixin
    Connections connections;

    @Option(names = "--type", description = "only these aggregate types (default: all)")
    List<String> types;

    @Option(names = "--report", description = "also write the JSON report to this file")
    Path report;

    @Option(names = "--threads", defaultValue = "4", description = "partitions read at once (default: ${DEFAULT-VALUE})")
    int threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Domains domains = Domains.discover();
        List<AggregateType<?, ?, ?>> selected = new ArrayList<>();
        for (String name : types == null ? domains.all().stream().map(AggregateType::name).toList() : types) {
            selected.add(domains.find(name).orElseThrow(() -> new ParameterException(spec.commandLine(), "unknown aggregate type " + name)));
        }
        long started = System.nanoTime();
        EventLog log = new EventLog(connections);
        Archive archive = new Archive(connections);
        VerificationResult result = new VerificationResult();
        AtomicLong progress = new AtomicLong();
        WorkCpu cpu = new WorkCpu();
        List<ReadModelCheck> readModels = new ArrayList<>();
        selected.forEach(type -> readModels.add(new AggregateStatesCheck(type)));
        // The domains' own read models, with the checks they ship (ServiceLoader).
        ServiceLoader.load(ReadModelCheck.class).forEach(check -> {
            if (selected.stream().anyMatch(t -> t.name().equals(check.aggregateType()))) {
                readModels.add(check);
            }
        });

        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        List<Future<?>> running = new ArrayList<>();
        for (AggregateType<?, ?, ?> type : selected) {
            String topic = log.topicOf(type.name());
            Map<Integer, Long> ends = log.endOffsets(topic);
            Map<Integer, Long> archived = archive.committed("archive", topic);
            Map<String, Map<Integer, Long>> projectedBy = new LinkedHashMap<>();
            for (ReadModelCheck check : readModels) {
                if (check.aggregateType().equals(type.name())) {
                    projectedBy.put(check.projection(), archive.committed(check.projection(), topic));
                }
            }
            ends.forEach((partition, end) -> running.add(pool.submit(() -> cpu.measure(() -> {
                Map<String, Long> projected = new LinkedHashMap<>();
                projectedBy.forEach((projection, offsets) -> projected.put(projection, offsets.getOrDefault(partition, 0L)));
                new PartitionCheck(type.name(), partition, end, archived.getOrDefault(partition, 0L), projected,
                        type.decider(), result, progress).run(log, connections);
                return null;
            }))));
        }
        pool.shutdown();
        PrintWriter err = spec.commandLine().getErr();
        while (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
            double seconds = (System.nanoTime() - started) / 1e9;
            err.printf("verify: %,d events, %,.0f events/s%n", progress.get(), progress.get() / seconds);
            err.flush();
        }
        for (Future<?> f : running) {
            f.get(); // a partition that could not be read fails the run
        }
        List<Finding> readModelFindings = cpu.measure(() -> {
            List<Finding> found = new ArrayList<>();
            try (Connection c = connections.database()) {
                for (ReadModelCheck check : readModels) {
                    found.addAll(check.check(c, result.folded(check.projection(), check.aggregateType()),
                            result.versions(check.projection(), check.aggregateType())));
                }
            }
            return found;
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        List<Finding> events = result.findings();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ok", events.isEmpty() && readModelFindings.isEmpty());
        json.put("aggregateTypes", selected.stream().map(AggregateType::name).toList());
        json.put("events", result.events());
        json.put("aggregates", result.aggregates());
        json.put("seconds", Math.round(seconds * 1000) / 1000.0);
        json.put("eventsPerSecond", Math.round(result.events() / Math.max(seconds, 1e-9)));
        json.putAll(cpu.report(result.events()));
        json.put("brokenAggregates", events);
        json.put("readModelDifferences", readModelFindings);
        String text = EventJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        PrintWriter out = spec.commandLine().getOut();
        out.println(text);
        out.flush();
        if (report != null) {
            Files.writeString(report, text);
        }
        return events.isEmpty() && readModelFindings.isEmpty() ? 0 : 1;
    }
}
