package dev.eventline.command;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import dev.eventline.schemas.envelope.CommandResult;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Where a synchronous command's outcome goes: {@code <instance>@<partition>/<n>}, naming the edge
 * instance waiting for it, the partition of {@code <ns>.results} that instance reads, and the
 * request's number there. The stages write each outcome to the partition its address names
 * ({@link #PARTITIONER}), so an instance reads its own partition instead of every instance's
 * outcomes. An outcome without a partition in its address (an asynchronous command, a process
 * manager's, an address from an older edge) goes where its key hashes, as any keyed record.
 */
public record ReplyAddress(String instance, int partition, long sequence) {

    /** The results sinks' partitioner: the address's partition when it has a valid one, else the key's hash. */
    public static final StreamPartitioner<String, CommandResult> PARTITIONER = ReplyAddress::partitions;

    @Override
    public String toString() {
        return instance + "@" + partition + "/" + sequence;
    }

    /** The partition a reply address names, if it names one. */
    public static OptionalInt partitionOf(String replyTo) {
        if (replyTo == null) {
            return OptionalInt.empty();
        }
        int at = replyTo.lastIndexOf('@');
        int slash = replyTo.lastIndexOf('/');
        if (at < 0 || slash < at + 2 || slash - at > 6) { // 1 to 5 digits between '@' and '/': no overflow
            return OptionalInt.empty();
        }
        int partition = 0;
        for (int i = at + 1; i < slash; i++) {
            char c = replyTo.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalInt.empty();
            }
            partition = partition * 10 + (c - '0');
        }
        return OptionalInt.of(partition);
    }

    static Optional<Set<Integer>> partitions(String topic, String key, CommandResult result, int partitions) {
        OptionalInt addressed = result == null ? OptionalInt.empty() : partitionOf(result.getReplyTo());
        if (addressed.isPresent() && addressed.getAsInt() < partitions) {
            return Optional.of(Set.of(addressed.getAsInt()));
        }
        return Optional.empty(); // the producer's own choice: the hash of the serialized key
    }
}
