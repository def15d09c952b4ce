package dev.eventline.query.live;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.eventline.http.problem.Problem;
import dev.eventline.http.problem.ProblemException;
import dev.eventline.http.security.TokenExpiry;
import dev.eventline.query.freshness.ReadModelChanges;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.sse.Event;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import reactor.core.publisher.Flux;

/**
 * What every Server-Sent Events stream shares: when to look for new events, the heartbeat, the
 * per-client and total caps, and the end of the stream at the latest when its token expires.
 */
@Singleton
public class LiveStreams {

    private final ReadModelChanges changes;
    private final LiveConnections connections;
    private final Duration heartbeat;
    private final Duration maxDuration;

    public LiveStreams(ReadModelChanges changes, LiveConnections connections,
                       @Value("${eventline.query.live.heartbeat:15s}") Duration heartbeat,
                       @Value("${eventline.query.live.max-duration:30m}") Duration maxDuration) {
        this.changes = changes;
        this.connections = connections;
        this.heartbeat = heartbeat;
        this.maxDuration = maxDuration;
    }

    /** A change of the read models, and also every heartbeat period in case a change signal was missed. */
    public Flux<Long> wakeUps() {
        return Flux.merge(changes.changes(), Flux.interval(heartbeat)).startWith(0L).onBackpressureLatest();
    }

    /**
     * Takes a permit now (429 when capped), given back when the stream ends however it ends. A
     * stream ends at the latest when the caller's token expires: it never outlives its credentials.
     */
    public Flux<Event<Map<String, Object>>> stream(Authentication authentication, Flux<Event<Map<String, Object>>> events) {
        Duration open = TokenExpiry.of(authentication).map(exp -> Duration.between(Instant.now(), exp))
                .filter(left -> left.compareTo(maxDuration) < 0).orElse(maxDuration);
        if (open.isNegative() || open.isZero()) {
            throw new ProblemException(Problem.of(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "Unauthorized").detail("the token has expired"));
        }
        Runnable permit = connections.acquire(authentication.getName());
        // The first heartbeat goes out at once: the server sends the response head with the first
        // event, and a client should know at once that its stream is open.
        Flux<Event<Map<String, Object>>> beats = Flux.interval(Duration.ZERO, heartbeat)
                .map(i -> Event.<Map<String, Object>>of(Map.of()).name("heartbeat"));
        return Flux.merge(events, beats).take(open).doFinally(signal -> permit.run());
    }

    /** A {@code Last-Event-ID} that is a version (of one aggregate's stream). */
    public static long version(String lastEventId, String expected) {
        try {
            return Long.parseLong(lastEventId.trim());
        } catch (NumberFormatException e) {
            throw badLastEventId(expected);
        }
    }

    public static ProblemException badLastEventId(String expected) {
        return new ProblemException(Problem.of(HttpStatus.BAD_REQUEST, "INVALID_LAST_EVENT_ID", "Invalid Last-Event-ID")
                .detail("expected " + expected + " as this stream's events carry"));
    }
}
