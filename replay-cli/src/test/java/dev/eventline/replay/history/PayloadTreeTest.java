package dev.eventline.replay.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import dev.eventline.ledger.account.AccountOpened;
import dev.eventline.ledger.account.Deposited;
import dev.eventline.ledger.account.Withdrawn;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** The direct tree is always the tree of the text the archive stores. */
class PayloadTreeTest {

    private static final Schema INNER = SchemaBuilder.record("Inner").namespace("t").fields()
            .requiredString("label").optionalLong("amount").endRecord();
    private static final Schema COVERED = SchemaBuilder.record("Covered").namespace("t").fields()
            .requiredString("text").requiredInt("small").requiredLong("big").requiredBoolean("flag").optionalString("maybe")
            .name("items").type().array().items(INNER).noDefault()
            .name("numbers").type().array().items().longType().noDefault()
            .name("inner").type().optional().type(INNER)
            .endRecord();

    @Property(tries = 500)
    void aCoveredRecordGivesTheSameTreeAsItsText(@ForAll("covered") GenericRecord record) throws Exception {
        assertThat(PayloadTree.direct(record.getSchema(), new HashSet<>())).isTrue();

        assertThat(PayloadTree.of(record)).isEqualTo(PayloadTree.viaText(record));
    }

    @Property(tries = 200)
    void theLedgersPayloadsGiveTheSameTreeAsTheirText(@ForAll long amount, @ForAll("texts") String text, @ForAll boolean inTransfer) throws Exception {
        String transfer = inTransfer ? text : null;
        for (var payload : List.of(new AccountOpened(text, "EUR"), new Deposited(amount, transfer), new Withdrawn(amount, transfer))) {
            assertThat(PayloadTree.of(payload)).as(payload.toString()).isEqualTo(PayloadTree.viaText(payload));
        }
    }

    @Example
    void schemasTheDirectPathDoesNotCoverGoTheLongWay() throws Exception {
        Schema other = SchemaBuilder.record("Other").namespace("t").fields().requiredBytes("raw").requiredDouble("ratio")
                .name("at").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
                .endRecord();
        GenericRecord record = new GenericData.Record(other);
        record.put("raw", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        record.put("ratio", Double.NaN);
        record.put("at", 1_700_000_000_000L);

        assertThat(PayloadTree.direct(other, new HashSet<>())).isFalse();
        assertThat(PayloadTree.of(record)).isEqualTo(PayloadTree.viaText(record));
    }

    @Provide
    Arbitrary<String> texts() {
        // Quotes, backslashes, control and non-Latin characters: what the text form escapes.
        return Arbitraries.strings().withChars("aZ09\"\\\n\t\u0001\u007f\u0085\u2028é€😀 ").ofMaxLength(20);
    }

    @Provide
    Arbitrary<GenericRecord> covered() {
        Arbitrary<GenericRecord> inner = Combinators.combine(texts(), Arbitraries.longs().injectNull(0.3)).as((label, amount) -> {
            GenericRecord r = new GenericData.Record(INNER);
            r.put("label", label);
            r.put("amount", amount);
            return r;
        });
        return Combinators.combine(texts(), Arbitraries.integers(), Arbitraries.longs(), Arbitraries.of(true, false),
                texts().injectNull(0.5), inner.list().ofMaxSize(3), Arbitraries.longs().list().ofMaxSize(4), inner.injectNull(0.5))
                .as((text, small, big, flag, maybe, items, numbers, nested) -> {
                    GenericRecord r = new GenericData.Record(COVERED);
                    r.put("text", text);
                    r.put("small", small);
                    r.put("big", big);
                    r.put("flag", flag);
                    r.put("maybe", maybe);
                    r.put("items", new ArrayList<>(items));
                    r.put("numbers", new ArrayList<>(numbers));
                    r.put("inner", nested);
                    return r;
                });
    }
}
