package dev.eventline.schemas.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

import dev.eventline.ledger.account.AccountEvent;
import dev.eventline.ledger.account.Deposited;
import dev.eventline.schemas.fixtures.SampleEvents;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class HashChainTest {

    @Test
    void shouldChainAnAggregatesEventsFromGenesis() {
        AccountEvent first = SampleEvents.opened("acc-1");
        AccountEvent second = SampleEvents.deposited("acc-1", 2, 500L);

        byte[] h1 = HashChain.seal(first, HashChain.genesis());
        byte[] h2 = HashChain.seal(second, h1);

        assertThat(h1).hasSize(32).isNotEqualTo(h2);
        assertThat(HashChain.prevHashOf(first)).isEqualTo(new byte[32]);
        assertThat(HashChain.prevHashOf(second)).isEqualTo(h1);
        assertThat(HashChain.isIntact(first)).isTrue();
        assertThat(HashChain.isIntact(second)).isTrue();
    }

    @Test
    void shouldBeSha256OfThePreviousHashAndTheEnvelopeWithBlankHashes() throws Exception {
        AccountEvent event = SampleEvents.deposited("acc-1", 2, 500L);
        byte[] prev = new byte[32];
        prev[0] = 7;
        AccountEvent blank = AccountEvent.newBuilder(event).build();
        blank.getMetadata().setPrevHash(ByteBuffer.wrap(new byte[0]));
        blank.getMetadata().setHash(ByteBuffer.wrap(new byte[0]));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<>(AccountEvent.class).write(blank, encoder);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(prev);

        assertThat(HashChain.hash(prev, event)).isEqualTo(sha.digest(out.toByteArray()));
    }

    @Test
    void shouldDetectAChangedPayloadOrPreviousHash() {
        AccountEvent event = SampleEvents.deposited("acc-1", 2, 500L);
        HashChain.seal(event, HashChain.genesis());

        ((Deposited) event.getPayload()).setAmount(5_000_000L);
        assertThat(HashChain.isIntact(event)).isFalse();

        AccountEvent other = SampleEvents.deposited("acc-1", 2, 500L);
        HashChain.seal(other, HashChain.genesis());
        other.getMetadata().setPrevHash(ByteBuffer.wrap(new byte[32]).put(0, (byte) 1));
        assertThat(HashChain.isIntact(other)).isFalse();
    }

    @Test
    void shouldVerifyAGenericallyDecodedEventWithItsWriterSchema() throws Exception {
        AccountEvent event = SampleEvents.opened("acc-1");
        HashChain.seal(event, HashChain.genesis());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<>(AccountEvent.class).write(event, encoder);

        GenericRecord decoded = new GenericDatumReader<GenericRecord>(AccountEvent.getClassSchema(), AccountEvent.getClassSchema(), GenericData.get())
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

        assertThat(HashChain.isIntact(decoded)).isTrue();
        assertThat(HashChain.hashOf(decoded)).isEqualTo(HashChain.hashOf(event));
    }

    @Test
    void shouldRefuseWhatIsNotAnEnvelopeOrAMalformedPreviousHash() {
        Schema notEnvelope = SchemaBuilder.record("X").fields().requiredString("a").endRecord();
        GenericData.Record record = new GenericData.Record(notEnvelope);
        record.put("a", "b");

        assertThatThrownBy(() -> HashChain.hash(new byte[32], record)).hasMessageContaining("no metadata field");
        assertThatThrownBy(() -> HashChain.hash(new byte[3], SampleEvents.opened("acc-1"))).hasMessageContaining("32 bytes");
    }

    @Test
    void shouldNotChangeTheEnvelopeWhenOnlyComputingAHash() {
        AccountEvent event = SampleEvents.opened("acc-1");
        ByteBuffer before = event.getMetadata().getHash().duplicate();

        HashChain.hash(HashChain.genesis(), event);

        assertThat(event.getMetadata().getHash()).isEqualTo(before);
    }

    @Test
    void shouldBlankNullableHashFieldsAsTheBytesBranchOfTheirUnion() throws Exception {
        Schema metadata = SchemaBuilder.record("Meta").namespace("t").fields().requiredString("id")
                .name("prevHash").type().unionOf().nullType().and().bytesType().endUnion().nullDefault()
                .name("hash").type().unionOf().nullType().and().bytesType().endUnion().nullDefault().endRecord();
        Schema envelope = SchemaBuilder.record("Env").namespace("t").fields().name("metadata").type(metadata).noDefault()
                .requiredLong("amount").endRecord();
        GenericData.Record meta = new GenericData.Record(metadata);
        meta.put("id", "e-1");
        meta.put("prevHash", ByteBuffer.wrap(new byte[32]));
        meta.put("hash", ByteBuffer.wrap(new byte[32]));
        GenericData.Record event = new GenericData.Record(envelope);
        event.put("metadata", meta);
        event.put("amount", 5L);
        // Independently: the envelope with both hashes set to empty bytes, encoded as is.
        GenericData.Record blank = GenericData.get().deepCopy(envelope, event);
        ((GenericData.Record) blank.get("metadata")).put("prevHash", ByteBuffer.wrap(new byte[0]));
        ((GenericData.Record) blank.get("metadata")).put("hash", ByteBuffer.wrap(new byte[0]));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericData.Record>(envelope).write(blank, encoder);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(new byte[32]);

        assertThat(HashChain.hash(new byte[32], event)).isEqualTo(sha.digest(out.toByteArray()));
        HashChain.seal(event, HashChain.genesis());
        assertThat(HashChain.isIntact(event)).isTrue();
    }
}
