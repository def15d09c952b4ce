package dev.eventline.command.decide;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventline.domain.AggregateType;
import dev.eventline.schemas.state.StateJson;

/**
 * Snapshots as JSON in the state store (and so in its changelog): the version and hash of the last
 * event and a waiting process step beside the state, which {@link StateJson} writes as every other
 * place that stores a state.
 */
final class SnapshotCodec {

    private final ObjectMapper json = new ObjectMapper();

    byte[] encode(AggregateSnapshot snapshot) {
        ObjectNode node = json.createObjectNode();
        node.put("version", snapshot.version());
        node.put("lastHash", snapshot.lastHash());
        node.set("state", StateJson.toTree(snapshot.state()));
        if (snapshot.waiting() != null) {
            node.set("waiting", json.valueToTree(snapshot.waiting()));
        }
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    AggregateSnapshot decode(byte[] bytes, AggregateType<?, ?, ?> type) {
        try {
            JsonNode node = json.readTree(bytes);
            Object state = StateJson.fromTree(node.get("state"), type.decider().initialState());
            AggregateSnapshot.Waiting waiting = node.hasNonNull("waiting") ? json.treeToValue(node.get("waiting"), AggregateSnapshot.Waiting.class) : null;
            return new AggregateSnapshot(node.get("version").asLong(), node.get("lastHash").binaryValue(), state, waiting);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable snapshot of a " + type.name(), e);
        }
    }
}
