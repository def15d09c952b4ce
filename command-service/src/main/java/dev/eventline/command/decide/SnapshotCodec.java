package dev.eventline.command.decide;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventline.domain.AggregateType;

/**
 * Snapshots as JSON in the state store (and so in its changelog). A domain's state is a record,
 * or records of strings, numbers, enums, lists and maps, which Jackson round-trips with no code
 * from the domain; {@code StateCodecContractTest} checks that for the ledger.
 */
final class SnapshotCodec {

    private final ObjectMapper json = new ObjectMapper();

    byte[] encode(AggregateSnapshot snapshot) {
        ObjectNode node = json.createObjectNode();
        node.put("version", snapshot.version());
        node.put("lastHash", snapshot.lastHash());
        node.set("state", json.valueToTree(snapshot.state()));
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    AggregateSnapshot decode(byte[] bytes, AggregateType<?, ?, ?> type) {
        try {
            JsonNode node = json.readTree(bytes);
            Object state = json.treeToValue(node.get("state"), type.decider().initialState().getClass());
            return new AggregateSnapshot(node.get("version").asLong(), node.get("lastHash").binaryValue(), state);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable snapshot of a " + type.name(), e);
        }
    }
}
