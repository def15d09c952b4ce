package dev.eventline.schemas.serde;

import java.util.Map;

import dev.eventline.schemas.TrustedPackages;
import dev.eventline.schemas.registry.RegistryClientConfig;
import dev.eventline.schemas.registry.SubjectNameStrategy;

/** Serde settings, with Confluent's key names so existing Kafka properties carry over. */
public record AvroSerdeConfig(RegistryClientConfig registry, boolean autoRegister, SubjectNameStrategy keyStrategy,
                              SubjectNameStrategy valueStrategy, boolean specificReader) {

    public static final String AUTO_REGISTER = "auto.register.schemas";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

    /** Reads the settings; also trusts any packages named in {@code eventline.avro.trusted.packages}. */
    public static AvroSerdeConfig from(Map<String, ?> configs) {
        Object trusted = configs.get(TrustedPackages.CONFIG);
        if (trusted != null) {
            TrustedPackages.trust(trusted.toString());
        }
        return new AvroSerdeConfig(RegistryClientConfig.from(configs),
                bool(configs, AUTO_REGISTER, true),
                strategy(configs, KEY_SUBJECT_NAME_STRATEGY),
                strategy(configs, VALUE_SUBJECT_NAME_STRATEGY),
                bool(configs, SPECIFIC_AVRO_READER, true));
    }

    public SubjectNameStrategy strategy(boolean isKey) {
        return isKey ? keyStrategy : valueStrategy;
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean fallback) {
        Object value = configs.get(key);
        return value == null ? fallback : Boolean.parseBoolean(value.toString().trim());
    }

    private static SubjectNameStrategy strategy(Map<String, ?> configs, String key) {
        Object value = configs.get(key);
        return value == null ? SubjectNameStrategy.TOPIC_RECORD : SubjectNameStrategy.parse(value.toString());
    }
}
