package dev.eventline.command;

import java.time.Instant;
import java.util.Optional;

import dev.eventline.schemas.envelope.DeadLetter;
import dev.eventline.schemas.envelope.Envelopes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** A record a stage could not process, with where it came from and why, kept byte for byte. */
public final class DeadLetters {

    private DeadLetters() {
    }

    public static DeadLetter of(ProcessorContext<?, ?> context, Record<String, byte[]> record, String stage,
                                RuntimeException error, String correlationId) {
        Optional<RecordMetadata> source = context.recordMetadata();
        return Envelopes.deadLetter(source.map(RecordMetadata::topic).orElse("unknown"), source.map(RecordMetadata::partition).orElse(-1),
                source.map(RecordMetadata::offset).orElse(-1L), record.key(), record.value(), stage, error,
                Instant.ofEpochMilli(context.currentSystemTimeMs()), correlationId);
    }
}
