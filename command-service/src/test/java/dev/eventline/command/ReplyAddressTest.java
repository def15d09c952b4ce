package dev.eventline.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.envelope.CommandStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyAddressTest {

    @Test
    void anAddressNamesThePartitionItsInstanceReads() {
        String address = new ReplyAddress("edge-5f0c", 4, 17).toString();

        assertThat(address).isEqualTo("edge-5f0c@4/17");
        assertThat(ReplyAddress.partitionOf(address)).hasValue(4);
    }

    @Test
    void anOutcomeGoesToThePartitionItsAddressNames() {
        assertThat(ReplyAddress.partitions("ns.results", "account/a-1", result("edge-1@2/9"), 6)).hasValue(Set.of(2));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"edge-1/9", "edge-1@/9", "edge-1@x/9", "edge-1@-1/9", "edge-1@12345678/9", "edge-1@9/9"})
    void anOutcomeWithoutAUsablePartitionGoesWhereItsKeyHashes(String replyTo) {
        // edge-1@9/9 names a partition the topic does not have (6): an address from a larger topic
        assertThat(ReplyAddress.partitions("ns.results", "account/a-1", result(replyTo), 6)).isEqualTo(Optional.empty());
    }

    @Test
    void addressesFromEdgesBeforeReplyPartitionsNameNone() {
        assertThat(ReplyAddress.partitionOf("edge-7c2a9e4e-2b0f-4c51-9e4b-0f4f3a1c9d11/42")).isEqualTo(OptionalInt.empty());
        assertThat(ReplyAddress.partitionOf(null)).isEqualTo(OptionalInt.empty());
    }

    private static CommandResult result(String replyTo) {
        return CommandResult.newBuilder().setCommandId("c-1").setAggregateType("account").setAggregateId("a-1").setCommandType("Deposit")
                .setClientId("client").setCorrelationId("c-1").setIdempotencyKey("k-1").setStatus(CommandStatus.ACCEPTED)
                .setDecidedAt(Instant.now()).setReplyTo(replyTo).build();
    }
}
