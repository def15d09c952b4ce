package dev.eventline.schemas.registry;

import org.apache.avro.Schema;

/**
 * How a topic and record type map to a registry subject, named as Confluent names them.
 * {@link #TOPIC_RECORD} is the default here: a topic such as {@code <ns>.commands} carries
 * several record types, each evolving on its own.
 */
public enum SubjectNameStrategy {
    /** {@code <topic>-key} / {@code <topic>-value}: one type per topic. */
    TOPIC,
    /** The record's full name, shared by every topic that carries it. */
    RECORD,
    /** {@code <topic>-<record full name>}. */
    TOPIC_RECORD;

    public String subject(String topic, boolean isKey, Schema schema) {
        return switch (this) {
            case TOPIC -> topic + (isKey ? "-key" : "-value");
            case RECORD -> schema.getFullName();
            case TOPIC_RECORD -> topic + "-" + schema.getFullName();
        };
    }

    /** Accepts our names and Confluent's class names (TopicRecordNameStrategy ...). */
    public static SubjectNameStrategy parse(String value) {
        String simple = value.substring(value.lastIndexOf('.') + 1).trim();
        return switch (simple) {
            case "TOPIC", "TopicNameStrategy" -> TOPIC;
            case "RECORD", "RecordNameStrategy" -> RECORD;
            case "TOPIC_RECORD", "TopicRecordNameStrategy" -> TOPIC_RECORD;
            default -> throw new IllegalArgumentException("unknown subject name strategy: " + value);
        };
    }
}
