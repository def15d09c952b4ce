package dev.eventline.domain;

import java.util.Map;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;

/**
 * Everything the platform needs to host one aggregate type, found through {@link Domains}: its
 * name (in topic names and URLs), its decider, the commands clients may send over HTTP by name,
 * the Avro envelopes it travels in, and its process manager when it coordinates others.
 */
public record AggregateType<C, E, S>(
        String name,
        Decider<C, E, S> decider,
        Map<String, Class<? extends C>> clientCommands,
        Class<? extends SpecificRecord> commandEnvelope,
        Class<? extends SpecificRecord> eventEnvelope,
        Optional<ProcessManager<E, S>> processManager) {

    public AggregateType {
        if (!name.matches("[a-z][a-z0-9-]{0,48}")) {
            throw new IllegalArgumentException("aggregate type names are lower-case words: " + name);
        }
        clientCommands = Map.copyOf(clientCommands);
    }
}
