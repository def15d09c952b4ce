package dev.eventline.schemas.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.eventline.schemas.envelope.ClientRateLimit;
import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.envelope.DeadLetter;
import dev.eventline.schemas.registry.SchemaRegistryClient;
import dev.eventline.schemas.serde.ConfluentAvroSerde;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every Eventline topic of one namespace, typed. Keys are strings (client id, aggregate id,
 * command id); values are Avro in Confluent's wire format, registered under the topic-record
 * subject strategy.
 *
 * <pre>
 * &lt;ns&gt;.requests                 key clientId     AccountCommand | TransferCommand | ...
 * &lt;ns&gt;.commands                 key aggregateId  same
 * &lt;ns&gt;.events.&lt;aggregateType&gt;   key aggregateId  that type's event envelope; kept forever
 * &lt;ns&gt;.results                  key commandId    CommandResult
 * &lt;ns&gt;.client-limits            key clientId     ClientRateLimit; compacted
 * &lt;ns&gt;.dead-letters             key source key   DeadLetter
 * </pre>
 */
public final class EventlineTopics {

    public static final String DEFAULT_NAMESPACE = "eventline";
    private static final long WEEK_MS = 7L * 24 * 3600 * 1000;

    private final String namespace;
    private final SchemaRegistryClient registry;
    private final boolean autoRegister;

    public EventlineTopics(String namespace, SchemaRegistryClient registry, boolean autoRegister) {
        if (!namespace.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("a namespace is lower-case letters, digits and dashes: " + namespace);
        }
        this.namespace = namespace;
        this.registry = registry;
        this.autoRegister = autoRegister;
    }

    public String namespace() {
        return namespace;
    }

    /** The registry the topics' serdes read and write schemas with. */
    public SchemaRegistryClient registry() {
        return registry;
    }

    public Topic<String, SpecificRecord> requests() {
        return new Topic<>(namespace + ".requests", Serdes.String(), avro(), Map.of("retention.ms", String.valueOf(WEEK_MS)), false);
    }

    public Topic<String, SpecificRecord> commands() {
        return new Topic<>(namespace + ".commands", Serdes.String(), avro(), Map.of("retention.ms", String.valueOf(WEEK_MS)), true);
    }

    /** The event log of one aggregate type: the source of truth, never deleted. */
    public Topic<String, SpecificRecord> events(String aggregateType) {
        return new Topic<>(namespace + ".events." + aggregateType, Serdes.String(), avro(),
                Map.of("retention.ms", "-1", "retention.bytes", "-1", "min.insync.replicas", "1"), true);
    }

    public Topic<String, CommandResult> results() {
        return new Topic<>(namespace + ".results", Serdes.String(), avro(), Map.of("retention.ms", String.valueOf(WEEK_MS)), false);
    }

    public Topic<String, ClientRateLimit> clientLimits() {
        return new Topic<>(namespace + ".client-limits", Serdes.String(), avro(), Map.of("cleanup.policy", "compact"), false);
    }

    public Topic<String, DeadLetter> deadLetters() {
        return new Topic<>(namespace + ".dead-letters", Serdes.String(), avro(), Map.of("retention.ms", String.valueOf(4 * WEEK_MS)), false);
    }

    /** Every topic the platform needs for these aggregate types. */
    public List<Topic<?, ?>> all(Collection<String> aggregateTypes) {
        List<Topic<?, ?>> all = new ArrayList<>(List.of(requests(), commands(), results(), clientLimits(), deadLetters()));
        aggregateTypes.forEach(type -> all.add(events(type)));
        return all;
    }

    private <T extends SpecificRecord> Serde<T> avro() {
        return new ConfluentAvroSerde<>(registry, autoRegister, false);
    }
}
