package dev.eventline.schemas.topics;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Every Kafka client a process makes by hand, made in one place: each gets the connection
 * settings the process was configured with (bootstrap servers, {@code security.protocol},
 * {@code sasl.*}, {@code ssl.*}: what an authenticated broker needs) under its own settings. A
 * client built anywhere else would connect without credentials and be refused by the broker's ACLs.
 * In a service, {@link #meteredBy} also puts each producer's and consumer's metrics in the
 * service's registry for as long as the client is open.
 */
public final class KafkaClients {

    private final Map<String, Object> connection;
    private final MeterRegistry registry;

    private KafkaClients(Map<String, Object> connection, MeterRegistry registry) {
        this.connection = Map.copyOf(connection);
        this.registry = registry;
    }

    /** The connection settings among a process's Kafka settings (the rest belongs to particular clients). */
    public static KafkaClients from(Map<?, ?> settings) {
        Map<String, Object> connection = new TreeMap<>();
        settings.forEach((key, value) -> {
            String name = String.valueOf(key);
            if (value != null && (name.equals("bootstrap.servers") || name.equals("security.protocol") || name.equals("client.dns.lookup")
                    || name.startsWith("sasl.") || name.startsWith("ssl."))) {
                connection.put(name, value);
            }
        });
        if (!connection.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("no bootstrap.servers among the Kafka settings");
        }
        return new KafkaClients(connection, null);
    }

    /** The same clients, each producer and consumer with its metrics in {@code registry} from its start to its close. */
    public KafkaClients meteredBy(MeterRegistry registry) {
        return new KafkaClients(connection, registry);
    }

    /** A plaintext connection to these servers (tests, tools without security settings). */
    public static KafkaClients of(String bootstrapServers) {
        return from(Map.of("bootstrap.servers", bootstrapServers));
    }

    public String bootstrapServers() {
        return String.valueOf(connection.get("bootstrap.servers"));
    }

    /** The connection settings with the client's own on top. */
    public Map<String, Object> config(Map<String, ?> own) {
        Map<String, Object> config = new HashMap<>(connection);
        config.putAll(own);
        return config;
    }

    public <K, V> KafkaProducer<K, V> producer(Map<String, ?> own, Serializer<K> keys, Serializer<V> values) {
        return registry == null ? new KafkaProducer<>(config(own), keys, values) : new MeteredProducer<>(config(own), keys, values, registry);
    }

    public <K, V> KafkaConsumer<K, V> consumer(Map<String, ?> own, Deserializer<K> keys, Deserializer<V> values) {
        return registry == null ? new KafkaConsumer<>(config(own), keys, values) : new MeteredConsumer<>(config(own), keys, values, registry);
    }

    public Admin admin() {
        return Admin.create(config(Map.of()));
    }
}
