package dev.eventline.query.http;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

import dev.eventline.query.freshness.ReadModelChanges;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * One versioned resource, answered conditionally and, when the caller already has the current
 * version and asks to wait ({@code ?wait=} or {@code Prefer: wait=}), as a long-poll: the answer
 * comes as soon as the version changes, or 304 at the end of the wait. Reads run on the blocking pool.
 */
@Singleton
public class LongPoll {

    private final ReadModelChanges changes;
    private final ConditionalAnswers conditional;
    private final Scheduler blocking;

    public LongPoll(ReadModelChanges changes, ConditionalAnswers conditional, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.changes = changes;
        this.conditional = conditional;
        this.blocking = Schedulers.fromExecutorService(blocking);
    }

    /** How to show a resource: its version (the ETag), its body and when it last changed. */
    public record View<T>(Function<T, Long> version, Function<T, Object> body, Function<T, Instant> lastModified) {
    }

    /**
     * Answers {@code first} (read once, before any wait: position tokens and access checks go in
     * it) and, for a long-poll, {@code again} after each change of the read models.
     */
    public <T> Mono<MutableHttpResponse<?>> answer(HttpRequest<?> request, Duration wait, Callable<T> first, Callable<T> again, View<T> view) {
        return Mono.fromCallable(first).subscribeOn(blocking).flatMap(current -> {
            String etag = ConditionalAnswers.tagOf(view.version().apply(current), null);
            if (!ConditionalAnswers.alreadyHas(request, etag) || wait.isZero()) {
                return Mono.just(conditional.answer(request, view.body().apply(current), etag, view.lastModified().apply(current)));
            }
            long seen = view.version().apply(current);
            Mono<MutableHttpResponse<?>> changed = changes.changes()
                    .concatMap(generation -> Mono.fromCallable(again).subscribeOn(blocking))
                    .filter(now -> view.version().apply(now) != seen)
                    .next()
                    .map(now -> conditional.ok(view.body().apply(now), ConditionalAnswers.tagOf(view.version().apply(now), null),
                            view.lastModified().apply(now)));
            return changed.timeout(wait, Mono.fromSupplier(() -> conditional.notModified(etag, view.lastModified().apply(current))));
        });
    }
}
