package dev.eventline.replay.history;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.eventline.replay.source.AggregateHistory;
import dev.eventline.replay.source.Archive;
import dev.eventline.replay.source.Connections;
import dev.eventline.replay.source.EventLog;
import dev.eventline.replay.source.LogEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code history <aggregateType> <aggregateId>}: every event of one aggregate, in order, from the log. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Every event of one aggregate in order: version, time, type, command, client, correlation id, payload.")
public final class HistoryCommand implements Callable<Integer> {

    public enum Format { table, jsonl }

    @Mixin
    Connections connections;

    @Parameters(index = "0", description = "aggregate type, e.g. account")
    String aggregateType;

    @Parameters(index = "1", description = "aggregate id")
    String aggregateId;

    @Option(names = "--format", defaultValue = "table", description = "table or jsonl (default: ${DEFAULT-VALUE})")
    Format format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<LogEvent> events = new AggregateHistory(new EventLog(connections), new Archive(connections)).of(aggregateType, aggregateId);
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.jsonl) {
            events.forEach(e -> out.println(EventJson.line(EventJson.of(e))));
        } else {
            out.printf("%-7s %-24s %-22s %-36s %-16s %-36s %s%n", "version", "occurredAt", "type", "commandId", "client", "correlationId", "payload");
            for (LogEvent e : events) {
                Map<String, Object> json = EventJson.of(e);
                out.printf("%-7s %-24s %-22s %-36s %-16s %-36s %s%n", json.get("version"), json.get("occurredAt"), json.get("type"),
                        json.get("commandId"), json.get("clientId"), json.get("correlationId"), EventJson.line(json.get("payload")));
            }
        }
        out.flush();
        if (events.isEmpty()) {
            spec.commandLine().getErr().println("no events for " + aggregateType + " " + aggregateId);
            return 3;
        }
        return 0;
    }
}
