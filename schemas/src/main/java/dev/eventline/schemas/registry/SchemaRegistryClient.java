package dev.eventline.schemas.registry;

import java.util.List;
import java.util.Optional;

import org.apache.avro.Schema;

/** The part of the Confluent Schema Registry REST API that serdes and tools use. */
public interface SchemaRegistryClient {

    /** Registers the schema under the subject (or finds it there) and returns its global id. */
    int register(String subject, Schema schema);

    /** The schema with that global id; cached forever, since ids never change meaning. */
    Schema schemaById(int id);

    /** The version of the subject that holds this schema, if registered there. */
    Optional<RegisteredSchema> lookup(String subject, Schema schema);

    RegisteredSchema latest(String subject);

    List<String> subjects();
}
