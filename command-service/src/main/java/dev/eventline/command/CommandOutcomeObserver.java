package dev.eventline.command;

import dev.eventline.schemas.envelope.CommandResult;

/**
 * Told of every outcome and dead letter a stage emits, as it emits them: how metrics see the
 * stages without the topologies knowing about Micronaut or Micrometer. Under exactly-once a
 * retried transaction tells twice; good enough for counters, never used for state.
 */
public interface CommandOutcomeObserver {

    /** Observes nothing: topology tests and tools. */
    CommandOutcomeObserver NONE = new CommandOutcomeObserver() {
        @Override
        public void outcome(String stage, CommandResult result) {
        }

        @Override
        public void deadLetter(String stage) {
        }
    };

    /** An outcome written to {@code <ns>.results} by {@code stage} ("admission" or "decide"). */
    void outcome(String stage, CommandResult result);

    /** A record the stage could not handle, written to {@code <ns>.dead-letters}. */
    void deadLetter(String stage);
}
