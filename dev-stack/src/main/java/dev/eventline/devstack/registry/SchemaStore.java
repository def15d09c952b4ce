package dev.eventline.devstack.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.AvroRuntimeException;

/**
 * The registry's state and rules. Every change is first appended to the {@link SchemaLog} and
 * then applied through the same {@link #apply} that replays the log at start, so the state after
 * a restart is exactly the state before it. Ids are global: the same schema text under any
 * subject has one id, and an id is never reused.
 */
final class SchemaStore {

    record Version(String subject, int version, int id, String schema, boolean deleted) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final SchemaLog log;
    private final CompatibilityLevel defaultLevel;
    private final Map<String, TreeMap<Integer, Version>> subjects = new TreeMap<>();
    private final Map<Integer, String> schemasById = new TreeMap<>();
    private final Map<String, Integer> idsBySchema = new LinkedHashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new TreeMap<>();
    private CompatibilityLevel globalLevel;

    SchemaStore(SchemaLog log, CompatibilityLevel defaultLevel) {
        this.log = log;
        this.defaultLevel = defaultLevel;
        this.globalLevel = defaultLevel;
        log.replay(this::apply);
    }

    synchronized Version register(String subject, String schemaText) {
        String canonical = canonical(schemaText);
        Optional<Version> existing = live(subject).stream().filter(v -> v.schema().equals(canonical)).findFirst();
        if (existing.isPresent()) {
            return existing.get();
        }
        List<String> violations = level(subject).violations(parse(canonical), live(subject).stream().map(v -> parse(v.schema())).toList());
        if (!violations.isEmpty()) {
            throw new RegistryError(409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                    + subject + "\", details: " + violations);
        }
        int id = idsBySchema.getOrDefault(canonical, schemasById.keySet().stream().max(Integer::compare).orElse(0) + 1);
        TreeMap<Integer, Version> versions = subjects.get(subject);
        int version = versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
        Version created = new Version(subject, version, id, canonical, false);
        write(schemaKey(subject, version), schemaValue(created));
        return created;
    }

    synchronized Version lookup(String subject, String schemaText, boolean includeDeleted) {
        String canonical = canonical(schemaText);
        List<Version> candidates = includeDeleted ? all(subject) : live(subject);
        if (candidates.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return candidates.stream().filter(v -> v.schema().equals(canonical)).findFirst()
                .orElseThrow(() -> RegistryError.schemaNotFound("Schema not found"));
    }

    synchronized String schemaById(int id) {
        String schema = schemasById.get(id);
        if (schema == null) {
            throw RegistryError.schemaNotFound("Schema " + id + " not found");
        }
        return schema;
    }

    synchronized List<Version> versionsOfId(int id) {
        schemaById(id);
        return subjects.values().stream().flatMap(m -> m.values().stream()).filter(v -> v.id() == id && !v.deleted()).toList();
    }

    synchronized List<String> subjects(boolean includeDeleted) {
        return subjects.keySet().stream().filter(s -> !(includeDeleted ? all(s) : live(s)).isEmpty()).toList();
    }

    synchronized List<Integer> versions(String subject, boolean includeDeleted) {
        List<Version> versions = includeDeleted ? all(subject) : live(subject);
        if (versions.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return versions.stream().map(Version::version).toList();
    }

    /** A version by number, or the latest live one for "latest" and -1. */
    synchronized Version version(String subject, String spec, boolean includeDeleted) {
        List<Version> versions = includeDeleted ? all(subject) : live(subject);
        if (versions.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        int wanted = parseVersion(spec);
        if (wanted == -1) {
            return versions.get(versions.size() - 1);
        }
        return versions.stream().filter(v -> v.version() == wanted).findFirst().orElseThrow(() -> RegistryError.versionNotFound(wanted));
    }

    synchronized int deleteVersion(String subject, String spec, boolean permanent) {
        if (all(subject).isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        Version v = version(subject, spec, permanent);
        if (permanent) {
            if (!v.deleted()) {
                throw new RegistryError(404, 40407, "Subject '" + subject + "' Version " + v.version()
                        + " was not deleted first before being permanently deleted");
            }
            write(schemaKey(subject, v.version()), null);
        } else {
            write(schemaKey(subject, v.version()), schemaValue(new Version(subject, v.version(), v.id(), v.schema(), true)));
        }
        return v.version();
    }

    synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        List<Version> all = all(subject);
        if (all.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        if (permanent) {
            if (!live(subject).isEmpty()) {
                throw new RegistryError(404, 40405, "Subject '" + subject + "' was not deleted first before being permanently deleted");
            }
            all.forEach(v -> write(schemaKey(subject, v.version()), null));
            return all.stream().map(Version::version).toList();
        }
        List<Version> live = live(subject);
        if (live.isEmpty()) {
            throw new RegistryError(404, 40404, "Subject '" + subject + "' was soft deleted.Set permanent=true to delete permanently");
        }
        live.forEach(v -> write(schemaKey(subject, v.version()), schemaValue(new Version(subject, v.version(), v.id(), v.schema(), true))));
        return live.stream().map(Version::version).toList();
    }

    /** The violations of the subject's level, against one version or (spec null) all the level asks for. */
    synchronized List<String> compatibility(String subject, String spec, String schemaText) {
        Schema candidate = parse(canonical(schemaText));
        List<Version> live = live(subject);
        if (live.isEmpty()) {
            if (spec == null) {
                return List.of();
            }
            throw RegistryError.subjectNotFound(subject);
        }
        List<Schema> against = spec == null ? live.stream().map(v -> parse(v.schema())).toList()
                : List.of(parse(version(subject, spec, false).schema()));
        return level(subject).violations(candidate, against);
    }

    synchronized CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    synchronized CompatibilityLevel level(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    synchronized void setLevel(String subject, CompatibilityLevel level) {
        ObjectNode value = json.createObjectNode().put("compatibilityLevel", level.name());
        write(configKey(subject), value.toString());
    }

    synchronized CompatibilityLevel deleteSubjectLevel(String subject) {
        CompatibilityLevel previous = subjectLevels.get(subject);
        if (previous == null) {
            throw new RegistryError(404, 40408, "Subject '" + subject + "' does not have subject-level compatibility configured");
        }
        write(configKey(subject), null);
        return previous;
    }

    private void write(String key, String value) {
        log.append(key, value);
        apply(key, value);
    }

    /** Applies one log record; shared by live writes and the replay at start. */
    private void apply(String key, String value) {
        JsonNode k = readTree(key);
        String subject = k.path("subject").isNull() || k.path("subject").isMissingNode() ? null : k.path("subject").asText();
        switch (k.path("keytype").asText()) {
            case "SCHEMA" -> {
                int version = k.path("version").asInt();
                if (value == null) {
                    TreeMap<Integer, Version> versions = subjects.get(subject);
                    if (versions != null) {
                        versions.remove(version);
                    }
                    return;
                }
                JsonNode v = readTree(value);
                Version entry = new Version(subject, version, v.path("id").asInt(), v.path("schema").asText(), v.path("deleted").asBoolean());
                subjects.computeIfAbsent(subject, s -> new TreeMap<>()).put(version, entry);
                schemasById.putIfAbsent(entry.id(), entry.schema());
                idsBySchema.putIfAbsent(entry.schema(), entry.id());
            }
            case "CONFIG" -> {
                CompatibilityLevel level = value == null ? null : CompatibilityLevel.parse(readTree(value).path("compatibilityLevel").asText());
                if (subject == null) {
                    globalLevel = level == null ? defaultLevel : level;
                } else if (level == null) {
                    subjectLevels.remove(subject);
                } else {
                    subjectLevels.put(subject, level);
                }
            }
            default -> {
                // a record type from a newer registry: ignore rather than refuse to start
            }
        }
    }

    private List<Version> all(String subject) {
        TreeMap<Integer, Version> versions = subjects.get(subject);
        return versions == null ? List.of() : new ArrayList<>(versions.values());
    }

    private List<Version> live(String subject) {
        return all(subject).stream().filter(v -> !v.deleted()).sorted(Comparator.comparingInt(Version::version)).toList();
    }

    private String schemaKey(String subject, int version) {
        return json.createObjectNode().put("keytype", "SCHEMA").put("subject", subject).put("version", version).put("magic", 1).toString();
    }

    private String configKey(String subject) {
        ObjectNode key = json.createObjectNode().put("keytype", "CONFIG");
        if (subject == null) {
            key.putNull("subject");
        } else {
            key.put("subject", subject);
        }
        return key.put("magic", 0).toString();
    }

    private String schemaValue(Version v) {
        return json.createObjectNode().put("subject", v.subject()).put("version", v.version()).put("id", v.id())
                .put("schema", v.schema()).put("deleted", v.deleted()).toString();
    }

    /** The schema as Avro prints it after parsing: whitespace and key order no longer matter. */
    static String canonical(String schemaText) {
        return parse(schemaText).toString();
    }

    private static Schema parse(String text) {
        try {
            return new Schema.Parser().parse(text);
        } catch (AvroRuntimeException | IllegalArgumentException | NullPointerException e) {
            throw RegistryError.invalidSchema(e.getMessage() == null ? "" : e.getMessage());
        }
    }

    private static int parseVersion(String spec) {
        if ("latest".equals(spec)) {
            return -1;
        }
        try {
            int v = Integer.parseInt(spec);
            if (v == -1 || v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw RegistryError.invalidVersion(spec);
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("corrupt registry record: " + text, e);
        }
    }
}
