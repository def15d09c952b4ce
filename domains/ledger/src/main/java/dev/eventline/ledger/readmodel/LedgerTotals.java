package dev.eventline.ledger.readmodel;

import java.util.Map;

import dev.eventline.ledger.LedgerModule;
import dev.eventline.ledger.account.AccountClosed;
import dev.eventline.ledger.account.AccountOpened;
import dev.eventline.ledger.account.Deposited;
import dev.eventline.ledger.account.Withdrawn;
import dev.eventline.projection.streams.StreamsTotals;
import dev.eventline.schemas.envelope.Envelopes;
import dev.eventline.schemas.topics.EventlineTopics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Ledger totals per currency, kept by Kafka Streams in the projection service's statistics topology
 * and served as {@code currencies} by its {@code GET /v1/stats/totals}: open accounts and the money
 * on them. Account events carry no currency after the opening, so each account's currency is
 * remembered in {@value #CURRENCIES} (keyed like the events topic, no repartition), and the
 * changes are summed per currency into {@value #TOTALS} as {@code "<accounts>,<balance>"}.
 */
public final class LedgerTotals implements StreamsTotals {

    public static final String CURRENCIES = "ledger-account-currencies";
    public static final String TOTALS = "ledger-totals-by-currency";

    @Override
    public String name() {
        return "currencies";
    }

    @Override
    public String store() {
        return TOTALS;
    }

    @Override
    public void build(StreamsBuilder builder, KStream<String, byte[]> events, EventlineTopics topics) {
        String accountTopic = topics.events(LedgerModule.ACCOUNT).name();
        Deserializer<SpecificRecord> decoder = topics.events(LedgerModule.ACCOUNT).valueSerde().deserializer();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CURRENCIES), Serdes.String(), Serdes.String()));
        events.process(() -> new Changes(accountTopic, decoder), Named.as("ledger-totals-changes"), CURRENCIES)
                .groupByKey(Grouped.with("ledger-totals-by-currency", Serdes.String(), Serdes.String()))
                .aggregate(() -> "0,0", (currency, change, total) -> add(total, change), Named.as("ledger-totals-sum"),
                        Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(TOTALS).withKeySerde(Serdes.String())
                                .withValueSerde(Serdes.String()));
    }

    static String add(String total, String change) {
        String[] a = total.split(",");
        String[] b = change.split(",");
        // Exact: a sum past Long.MAX_VALUE is a failure to surface, never a silent wrap to a negative total.
        return Math.addExact(Long.parseLong(a[0]), Long.parseLong(b[0])) + "," + Math.addExact(Long.parseLong(a[1]), Long.parseLong(b[1]));
    }

    /** An account event as a change of one currency's totals: {@code "<accounts delta>,<balance delta>"}. */
    static final class Changes implements Processor<String, byte[], String, String> {

        private final String accountTopic;
        private final Deserializer<SpecificRecord> decoder;
        private ProcessorContext<String, String> context;
        private KeyValueStore<String, String> currencies;

        Changes(String accountTopic, Deserializer<SpecificRecord> decoder) {
            this.accountTopic = accountTopic;
            this.decoder = decoder;
        }

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
            this.currencies = context.getStateStore(CURRENCIES);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (!context.recordMetadata().map(m -> m.topic().equals(accountTopic)).orElse(false)) {
                return;
            }
            SpecificRecord payload;
            try {
                SpecificRecord envelope = decoder.deserialize(accountTopic, record.headers(), record.value());
                payload = Envelopes.payload(envelope);
            } catch (RuntimeException e) {
                return; // undecodable: the PostgreSQL projections dead-letter it
            }
            if (payload instanceof AccountOpened opened) {
                currencies.put(record.key(), opened.getCurrency());
                context.forward(record.withKey(opened.getCurrency()).withValue("1,0"));
                return;
            }
            String currency = currencies.get(record.key());
            if (currency == null) {
                return;
            }
            if (payload instanceof Deposited deposited) {
                context.forward(record.withKey(currency).withValue("0," + deposited.getAmount()));
            } else if (payload instanceof Withdrawn withdrawn) {
                context.forward(record.withKey(currency).withValue("0," + -withdrawn.getAmount()));
            } else if (payload instanceof AccountClosed) {
                context.forward(record.withKey(currency).withValue("-1,0"));
            }
        }
    }

    @Override
    public Map<String, Long> figures(String stored) {
        String[] parts = stored.split(",");
        return Map.of("accounts", Long.parseLong(parts[0]), "balance", Long.parseLong(parts[1]));
    }
}
