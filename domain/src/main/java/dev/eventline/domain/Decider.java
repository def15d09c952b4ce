package dev.eventline.domain;

import java.util.Optional;

/**
 * The business rules of one aggregate type, as pure functions: no I/O, no clock, no randomness
 * (the instant and the caller come in the {@link Command}). The platform, the replay tool and the
 * tests all run exactly these functions.
 *
 * <p>Contract: {@code evolve} must accept every event {@code decide} can return, and a state
 * folded from the events {@code decide} returned is the state the next decision sees.
 *
 * @param <C> command payload type (the domain's Avro command records)
 * @param <E> event payload type (the domain's Avro event records)
 * @param <S> state, an immutable value
 */
public interface Decider<C, E, S> {

    S initialState();

    /** The events the command causes in this state, or why it is refused. Never throws for a business rule. */
    Decision<E> decide(Command<C> command, S state);

    S evolve(S state, E event);

    /**
     * The client that owns the aggregate in this state, or empty while nobody does (before it
     * exists, or for a type without owners). The platform answers a caller that neither owns the
     * aggregate nor is an administrator exactly as it answers for a missing one, before any other
     * check (expected version included), so that a client can never tell a foreign aggregate from
     * a missing one.
     */
    default Optional<String> owner(S state) {
        return Optional.empty();
    }
}
