package dev.eventline.command;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import dev.eventline.schemas.envelope.DeadLetter;
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
        return DeadLetter.newBuilder()
                .setSourceTopic(source.map(RecordMetadata::topic).orElse("unknown"))
                .setSourcePartition(source.map(RecordMetadata::partition).orElse(-1))
                .setSourceOffset(source.map(RecordMetadata::offset).orElse(-1L))
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key().getBytes(StandardCharsets.UTF_8)))
                .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setStage(stage)
                .setErrorClass(error.getClass().getName())
                .setErrorMessage(String.valueOf(error.getMessage()))
                .setFailedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .setCorrelationId(correlationId)
                .build();
    }
}
