package dev.eventline.devstack.kafka;

/** The stack's Kafka: in this JVM ({@link KraftBroker}) or a process of its own ({@link BrokerProcess}). */
public interface Broker extends AutoCloseable {

    /** Starts it (formatting its log directory when new); returns once it serves. */
    Broker start();

    String bootstrapServers();

    @Override
    void close();
}
