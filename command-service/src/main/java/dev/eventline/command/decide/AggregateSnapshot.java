package dev.eventline.command.decide;

/**
 * What the decide stage keeps per aggregate in its state store: the version and hash of the last
 * event, and the state the decider folded from all events.
 */
record AggregateSnapshot(long version, byte[] lastHash, Object state) {
}
