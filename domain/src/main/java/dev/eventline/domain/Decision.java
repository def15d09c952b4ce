package dev.eventline.domain;

import java.util.List;

/** The outcome of {@link Decider#decide}: events to append (possibly none), or a rejection. */
public sealed interface Decision<E> {

    record Accepted<E>(List<E> events) implements Decision<E> {
        public Accepted {
            events = List.copyOf(events);
        }
    }

    record Rejected<E>(Rejection rejection) implements Decision<E> {
    }

    @SafeVarargs
    static <E> Decision<E> accept(E... events) {
        return new Accepted<>(List.of(events));
    }

    static <E> Decision<E> accept(List<E> events) {
        return new Accepted<>(events);
    }

    /** Accepted with no event: the command asks for what already holds (freeze a frozen account). */
    static <E> Decision<E> unchanged() {
        return new Accepted<>(List.of());
    }

    static <E> Decision<E> reject(RejectionCode code, String message) {
        return new Rejected<>(new Rejection(code, message));
    }

    default boolean isAccepted() {
        return this instanceof Accepted;
    }

    default List<E> events() {
        return this instanceof Accepted<E> accepted ? accepted.events() : List.of();
    }
}
