package dev.eventline.command.streams;

import java.util.List;

import dev.eventline.domain.AggregateType;
import dev.eventline.domain.Domains;
import dev.eventline.schemas.registry.RegistryClientConfig;
import dev.eventline.schemas.registry.RestSchemaRegistryClient;
import dev.eventline.schemas.registry.SchemaRegistryClient;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.schemas.topics.KafkaClients;
import dev.eventline.schemas.topics.TopicProvisioner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;

/** The platform's shared pieces for this service: registry client, Kafka clients, typed topics, domains. */
@Factory
public class PlatformFactory {

    @Singleton
    SchemaRegistryClient schemaRegistry(@Value("${schema.registry.url}") String url) {
        return new RestSchemaRegistryClient(RegistryClientConfig.of(url));
    }

    /**
     * Every hand-made Kafka client of this service connects with the {@code kafka.*} connection
     * settings (SASL, TLS) and reports its metrics while it is open.
     */
    @Singleton
    KafkaClients kafkaClients(KafkaDefaultConfiguration kafka, MeterRegistry registry) {
        return KafkaClients.from(kafka.getConfig()).meteredBy(registry);
    }

    @Singleton
    Domains domains() {
        return Domains.discover();
    }

    /**
     * The namespace's topics, created (or checked) before any stage is built: a stage must not
     * start against a topic with the wrong partition count.
     */
    @Singleton
    EventlineTopics topics(SchemaRegistryClient registry, Domains domains,
                           @Value("${eventline.namespace}") String namespace,
                           @Value("${eventline.partitions}") int partitions,
                           @Value("${eventline.replication-factor}") short replicationFactor,
                           @Value("${eventline.auto-register-schemas}") boolean autoRegister,
                           KafkaClients kafka) {
        EventlineTopics topics = new EventlineTopics(namespace, registry, autoRegister);
        List<String> types = domains.all().stream().map(AggregateType::name).toList();
        try (Admin admin = kafka.admin()) {
            new TopicProvisioner(admin, partitions, replicationFactor).ensure(topics.all(types));
        }
        return topics;
    }
}
