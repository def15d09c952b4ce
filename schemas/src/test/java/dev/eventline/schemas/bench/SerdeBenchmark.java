package dev.eventline.schemas.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.eventline.ledger.account.AccountEvent;
import dev.eventline.schemas.fixtures.SampleEvents;
import dev.eventline.schemas.registry.RegistryClientConfig;
import dev.eventline.schemas.registry.RestSchemaRegistryClient;
import dev.eventline.schemas.registry.SubjectNameStrategy;
import dev.eventline.schemas.serde.ConfluentAvroDeserializer;
import dev.eventline.schemas.serde.ConfluentAvroSerializer;
import dev.eventline.testkit.SharedInfrastructure;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Serde throughput against Avro's plain binary encoder and decoder on the same records, in one
 * run: the ratio is what to quote, this machine being shared. The registry is real (the test
 * infrastructure's); after the first record every schema lookup is a cache hit, as in production.
 * Run: {@code ./mvnw -q -pl schemas -am install -DskipTests && ./mvnw -q -pl schemas test-compile exec:java@serde-benchmark}
 */
public final class SerdeBenchmark {

    private static final int RECORDS = 200_000;
    private static final int ROUNDS = 7;

    public static void main(String[] args) throws Exception {
        try (var infrastructure = SharedInfrastructure.get()) {
            run(infrastructure.schemaRegistryUrl());
        }
    }

    private static void run(String registryUrl) throws Exception {
        RestSchemaRegistryClient registry = new RestSchemaRegistryClient(RegistryClientConfig.of(registryUrl));
        ConfluentAvroSerializer<AccountEvent> serializer = new ConfluentAvroSerializer<>(registry, true, SubjectNameStrategy.TOPIC_RECORD, false);
        ConfluentAvroDeserializer<AccountEvent> deserializer = new ConfluentAvroDeserializer<>(registry, true);
        List<AccountEvent> events = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            events.add(i % 10 == 0 ? SampleEvents.opened("acc-" + i) : SampleEvents.deposited("acc-" + i, i, 100L + i));
        }
        String topic = "bench.events.account";
        byte[][] confluentBytes = events.stream().map(e -> serializer.serialize(topic, e)).toArray(byte[][]::new);
        byte[][] plainBytes = events.stream().map(SerdeBenchmark::plainEncode).toArray(byte[][]::new);

        double[] plainSer = new double[ROUNDS];
        double[] serdeSer = new double[ROUNDS];
        double[] plainDe = new double[ROUNDS];
        double[] serdeDe = new double[ROUNDS];
        SpecificDatumWriter<AccountEvent> writer = new SpecificDatumWriter<>(AccountEvent.class);
        SpecificDatumReader<AccountEvent> reader = new SpecificDatumReader<>(AccountEvent.class);
        long sink = 0;
        for (int round = -2; round < ROUNDS; round++) { // two warm-up rounds
            long t0 = System.nanoTime();
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            BinaryEncoder encoder = null;
            for (int i = 0; i < RECORDS; i++) {
                out.reset();
                encoder = EncoderFactory.get().directBinaryEncoder(out, encoder);
                writer.write(events.get(i % events.size()), encoder);
                sink += out.size();
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < RECORDS; i++) {
                sink += serializer.serialize(topic, events.get(i % events.size())).length;
            }
            long t2 = System.nanoTime();
            BinaryDecoder decoder = null;
            for (int i = 0; i < RECORDS; i++) {
                byte[] b = plainBytes[i % plainBytes.length];
                decoder = DecoderFactory.get().binaryDecoder(b, decoder);
                sink += reader.read(null, decoder).getMetadata().getVersion();
            }
            long t3 = System.nanoTime();
            for (int i = 0; i < RECORDS; i++) {
                sink += deserializer.deserialize(topic, confluentBytes[i % confluentBytes.length]).getMetadata().getVersion();
            }
            long t4 = System.nanoTime();
            if (round >= 0) {
                plainSer[round] = rate(t1 - t0);
                serdeSer[round] = rate(t2 - t1);
                plainDe[round] = rate(t3 - t2);
                serdeDe[round] = rate(t4 - t3);
            }
        }
        System.out.printf("records: AccountEvent, %d per round, %d rounds, median records/s (sink %d)%n", RECORDS, ROUNDS, sink % 10);
        report("serialize", median(plainSer), median(serdeSer));
        report("deserialize", median(plainDe), median(serdeDe));
    }

    private static byte[] plainEncode(AccountEvent event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new SpecificDatumWriter<>(AccountEvent.class).write(event, encoder);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void report(String what, double baseline, double serde) {
        System.out.printf("%-12s plain Avro %,12.0f/s   Confluent serde %,12.0f/s   ratio %.2f%n", what, baseline, serde, serde / baseline);
    }

    private static double rate(long nanos) {
        return RECORDS / (nanos / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
