package dev.eventline.command.decide;

/**
 * What the decide stage keeps per aggregate in its state store: the version and hash of the last
 * event, the state the decider folded from all events, and, for a process aggregate another
 * process started, that process's step, which waits for this one to finish.
 */
record AggregateSnapshot(long version, byte[] lastHash, Object state, Waiting waiting) {

    AggregateSnapshot(long version, byte[] lastHash, Object state) {
        this(version, lastHash, state, null);
    }

    /** The command that started this process and the step of the process that sent it. */
    record Waiting(String commandId, String correlationId, String processType, String processId, String purpose) {
    }
}
