package dev.eventline.domain;

import java.util.List;
import java.util.Optional;

/**
 * Coordinates several aggregates as a pure state machine owned by one aggregate of its own (a
 * transfer across accounts). The platform runs it exactly-once: the instructions an event causes
 * are written in the same transaction as the event, each instruction's command id is
 * {@code <processId>:<purpose>} so retries are deduplicated, and the target's outcome comes back
 * as a command to the process aggregate, with id {@code <processId>:<purpose>:outcome}.
 *
 * <p>Processes nest: when one process's instruction starts another process aggregate (an order's
 * payment starts a transfer), its answer goes back once that process has {@link #finished}, not
 * when the starting command is accepted; a saga across domains stays exactly-once.
 *
 * @param <E> the process aggregate's event type
 * @param <S> the process aggregate's state type
 */
public interface ProcessManager<E, S> {

    /** Commands for other aggregates that the event causes, given the process state after it. */
    List<Instruction> react(String processId, S stateAfter, E event);

    /** The command payload, for the process aggregate, that records the target's answer. */
    Object onOutcome(String processId, Instruction.Purpose purpose, Outcome outcome);

    /**
     * For a process started by another process's instruction: the answer to send back in this
     * state, or empty while it is still under way. By default, as soon as the command is accepted.
     */
    default Optional<Outcome> finished(S state) {
        return Optional.of(Outcome.accepted(state));
    }

    /** The purpose of that name, as carried in a command's process step. */
    Instruction.Purpose purpose(String name);

    /** A command for another aggregate, issued by a process. */
    record Instruction(Purpose purpose, String aggregateType, String aggregateId, Object payload, Caller caller) {

        /** What the instruction is for within its process; part of the deterministic command id. */
        public interface Purpose {
            String name();
        }
    }

    /** The target aggregate's answer: accepted with its state after, or refused with a reason. */
    record Outcome(boolean accepted, Rejection rejection, Object stateAfter) {

        public static Outcome accepted(Object stateAfter) {
            return new Outcome(true, null, stateAfter);
        }

        public static Outcome rejected(Rejection rejection) {
            return new Outcome(false, rejection, null);
        }
    }
}
