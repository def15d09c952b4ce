package dev.eventline.schemas.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.avro.Schema;

/**
 * A registry held in memory, for topology tests under TopologyTestDriver where no process
 * boundary is crossed. Same id semantics as the real one: global ids, one per distinct schema.
 * Not for production, where the registry is what makes topics readable by other tools.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private final Map<Integer, Schema> byId = new LinkedHashMap<>();
    private final Map<Schema, Integer> ids = new LinkedHashMap<>();
    private final Map<String, List<Schema>> subjects = new LinkedHashMap<>();

    @Override
    public synchronized int register(String subject, Schema schema) {
        Integer id = ids.computeIfAbsent(schema, s -> {
            int next = byId.size() + 1;
            byId.put(next, s);
            return next;
        });
        List<Schema> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(schema)) {
            versions.add(schema);
        }
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = byId.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(404, 40403, "Schema " + id + " not found", null);
        }
        return schema;
    }

    @Override
    public synchronized Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        List<Schema> versions = subjects.getOrDefault(subject, List.of());
        int index = versions.indexOf(schema);
        return index < 0 ? Optional.empty() : Optional.of(new RegisteredSchema(subject, index + 1, ids.get(schema), schema));
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Schema> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException(404, 40401, "Subject '" + subject + "' not found.", null);
        }
        Schema last = versions.get(versions.size() - 1);
        return new RegisteredSchema(subject, versions.size(), ids.get(last), last);
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }
}
