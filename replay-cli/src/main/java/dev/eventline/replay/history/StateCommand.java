package dev.eventline.replay.history;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.eventline.domain.AggregateType;
import dev.eventline.domain.Decider;
import dev.eventline.domain.Domains;
import dev.eventline.domain.Fold;
import dev.eventline.domain.Recorded;
import dev.eventline.replay.source.AggregateHistory;
import dev.eventline.replay.source.Archive;
import dev.eventline.replay.source.Connections;
import dev.eventline.replay.source.EventLog;
import dev.eventline.replay.source.LogEvent;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code state <aggregateType> <aggregateId> --at <instant> | --version <n>}: the aggregate's
 * state folded from its events with the domain's own {@code evolve}, the code the platform runs.
 */
@Command(name = "state", mixinStandardHelpOptions = true,
        description = "The state of one aggregate as of an instant or after a version, folded with the platform's own domain code.")
public final class StateCommand implements Callable<Integer> {

    @Mixin
    Connections connections;

    @Parameters(index = "0", description = "aggregate type, e.g. account")
    String aggregateType;

    @Parameters(index = "1", description = "aggregate id")
    String aggregateId;

    @ArgGroup(exclusive = true)
    When when;

    static final class When {
        @Option(names = "--at", description = "an instant, ISO-8601 (2026-09-30T23:59:59Z): every event that occurred at or before it")
        Instant at;

        @Option(names = "--version", description = "the state after this version")
        Long version;
    }

    @Spec
    CommandSpec spec;

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Integer call() throws Exception {
        AggregateType<?, ?, ?> type = Domains.discover().find(aggregateType)
                .orElseThrow(() -> new ParameterException(spec.commandLine(), "unknown aggregate type " + aggregateType));
        List<LogEvent> events = new AggregateHistory(new EventLog(connections), new Archive(connections)).of(aggregateType, aggregateId);
        List<Recorded<SpecificRecord>> history = new ArrayList<>();
        for (LogEvent e : events) {
            history.add(new Recorded<>(e.metadata().getVersion(), e.metadata().getOccurredAt(), e.payload()));
        }
        Decider decider = type.decider();
        Object state;
        long version;
        if (when != null && when.version != null) {
            if (when.version > history.size()) {
                throw new ParameterException(spec.commandLine(), aggregateType + " " + aggregateId + " has " + history.size() + " events, no version " + when.version);
            }
            version = when.version;
            state = Fold.atVersion(decider, (List) history, version);
        } else {
            Instant at = when == null ? Instant.now() : when.at;
            version = history.stream().filter(r -> !r.occurredAt().isAfter(at)).count();
            state = Fold.asOf(decider, (List) history, at);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("aggregateType", aggregateType);
        json.put("aggregateId", aggregateId);
        json.put("version", version);
        if (when != null && when.at != null) {
            json.put("at", when.at.toString());
        }
        json.put("lastEventAt", version == 0 ? null : history.get((int) version - 1).occurredAt().toString());
        json.put("state", state);
        PrintWriter out = spec.commandLine().getOut();
        out.println(EventJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        out.flush();
        return 0;
    }
}
