package dev.eventline.query.freshness;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.eventline.domain.Domains;
import dev.eventline.http.problem.Problem;
import dev.eventline.http.problem.ProblemException;
import dev.eventline.query.access.Caller;
import dev.eventline.query.aggregates.AggregateReads;
import dev.eventline.query.database.ReadModelDatabase;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

/**
 * A command's answer carries a position token, {@code <aggregateType>/<aggregateId>@<version>}.
 * A read that sends it back (header {@code Eventline-Position} or {@code ?position=}) is answered
 * only once the read model shows that version; past {@code eventline.query.position-wait} the
 * answer is 503 with Retry-After, never older data presented as current.
 */
@Singleton
public class ReadYourWrites {

    public static final String HEADER = "Eventline-Position";
    private static final Pattern TOKEN = Pattern.compile("([a-z][a-z0-9-]{0,48})/([A-Za-z0-9][A-Za-z0-9._:@-]{0,127})@([0-9]{1,18})");

    private final Map<String, AppliedVersions> byType;
    private final Domains domains;
    private final AggregateReads aggregates;
    private final ReadModelChanges changes;
    private final ReadModelDatabase database;
    private final Duration maxWait;

    public ReadYourWrites(List<AppliedVersions> appliedVersions, Domains domains, AggregateReads aggregates, ReadModelChanges changes,
                          ReadModelDatabase database, @Value("${eventline.query.position-wait:3s}") Duration maxWait) {
        this.byType = appliedVersions.stream().collect(Collectors.toMap(AppliedVersions::aggregateType, Function.identity()));
        this.domains = domains;
        this.aggregates = aggregates;
        this.changes = changes;
        this.database = database;
        this.maxWait = maxWait;
    }

    /**
     * Waits for the request's position token, if it has one, as the reader sees the read model: an
     * aggregate it may not read shows no version, so its token waits the full time and ends in the
     * same 503 as a missing aggregate's. The read model is the domain's own for the token's type
     * when it has one (a domain's routes), else the generic one. Call from a blocking thread.
     */
    public void await(HttpRequest<?> request, Caller reader) {
        await(tokenOf(request), reader, false);
    }

    /** As {@link #await(HttpRequest, Caller)}, on the generic read model (the generic routes). */
    public void awaitGeneric(HttpRequest<?> request, Caller reader) {
        await(tokenOf(request), reader, true);
    }

    public void await(@Nullable String token, Caller reader) {
        await(token, reader, false);
    }

    private static @Nullable String tokenOf(HttpRequest<?> request) {
        String token = request.getHeaders().get(HEADER);
        return token != null ? token : request.getParameters().get("position");
    }

    private void await(@Nullable String token, Caller reader, boolean generic) {
        if (token == null || token.isBlank()) {
            return;
        }
        Matcher m = TOKEN.matcher(token.trim());
        if (!m.matches()) {
            throw new ProblemException(Problem.of(HttpStatus.BAD_REQUEST, "INVALID_POSITION", "Invalid position token")
                    .detail("expected <aggregateType>/<aggregateId>@<version> as a command's answer gives it"));
        }
        AppliedVersions versions = generic ? null : byType.get(m.group(1));
        if (versions == null && domains.find(m.group(1)).isPresent()) {
            versions = new GenericVersions(m.group(1), aggregates);
        }
        if (versions == null) {
            throw new ProblemException(Problem.of(HttpStatus.BAD_REQUEST, "INVALID_POSITION", "Invalid position token")
                    .detail("no read model here follows aggregate type '" + m.group(1) + "'; known: " + domains.names()));
        }
        String id = m.group(2);
        AppliedVersions source = versions;
        long wanted = Long.parseLong(m.group(3));
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            long generation = changes.committed().generation();
            long applied = database.read(() -> source.versionOf(id, reader)).orElse(0L);
            if (applied >= wanted) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ProblemException(Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "POSITION_NOT_REACHED", "Read model behind")
                        .detail("the read model shows " + m.group(1) + " " + id + " at version " + applied + ", not yet " + wanted
                                + " (waited " + maxWait.toMillis() + " ms)")
                        .with("position", token).with("appliedVersion", applied).header("Retry-After", "1"));
            }
            try {
                changes.awaitChange(generation, Duration.ofNanos(Math.min(left, Duration.ofMillis(250).toNanos())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + token, e);
            }
        }
    }

    /** The generic read model's versions of one type, which it keeps for every registered type. */
    private record GenericVersions(String aggregateType, AggregateReads reads) implements AppliedVersions {

        @Override
        public Optional<Long> versionOf(String aggregateId, Caller reader) {
            return reads.visibleVersion(aggregateType, aggregateId, reader);
        }
    }
}
