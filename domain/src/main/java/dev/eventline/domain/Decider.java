package dev.eventline.domain;

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
}
