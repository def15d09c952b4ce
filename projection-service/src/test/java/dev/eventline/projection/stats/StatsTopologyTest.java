package dev.eventline.projection.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import dev.eventline.ledger.LedgerModule;
import dev.eventline.ledger.readmodel.LedgerTotals;
import dev.eventline.projection.LedgerHistory;
import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.registry.InMemorySchemaRegistryClient;
import dev.eventline.schemas.topics.EventlineTopics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsTopologyTest {

    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

    private final EventlineTopics topics = new EventlineTopics("stats", new InMemorySchemaRegistryClient(), true);
    private TopologyTestDriver driver;
    private TestInputTopic<String, SpecificRecord> accounts;
    private TestInputTopic<String, byte[]> rawAccounts;
    private TestInputTopic<String, CommandResult> results;

    @BeforeEach
    void start(@TempDir Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, byte[]> events = StatsTopology.build(builder, topics, List.of(LedgerModule.ACCOUNT, LedgerModule.TRANSFER));
        new LedgerTotals().build(builder, events, topics);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "stats-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(builder.build(), props, START);
        accounts = driver.createInputTopic(topics.events(LedgerModule.ACCOUNT).name(), new StringSerializer(),
                topics.events(LedgerModule.ACCOUNT).valueSerde().serializer());
        rawAccounts = driver.createInputTopic(topics.events(LedgerModule.ACCOUNT).name(), new StringSerializer(), new ByteArraySerializer());
        results = driver.createInputTopic(topics.results().name(), new StringSerializer(), topics.results().valueSerde().serializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void countsEventsPerMinuteByTypeAndByClientAndSkipsWhatDoesNotDecode() {
        LedgerHistory history = new LedgerHistory(1, "", 2, 2, 0);
        List<LedgerHistory.Entry> events = history.entries().stream().filter(e -> e.kind().equals(LedgerModule.ACCOUNT)).toList();
        accounts.pipeInput(events.get(0).key(), events.get(0).value(), START.plusSeconds(5));
        accounts.pipeInput(events.get(1).key(), events.get(1).value(), START.plusSeconds(10));
        rawAccounts.pipeInput("x", "garbage".getBytes(), START.plusSeconds(15));
        accounts.pipeInput(events.get(2).key(), events.get(2).value(), START.plusSeconds(70));

        assertThat(window(StatsTopology.EVENTS_BY_TYPE, "AccountOpened")).containsEntry(START, 2L);
        assertThat(window(StatsTopology.EVENTS_BY_CLIENT, "client-0")).containsEntry(START, 1L);
        assertThat(window(StatsTopology.EVENTS_BY_CLIENT, "client-1")).containsEntry(START, 1L);
        assertThat(window(StatsTopology.EVENTS_BY_CLIENT, client(events.get(2))))
                .containsEntry(START.plusSeconds(60), 1L);
    }

    @Test
    void countsAdmittedAndRateLimitedCommandsPerClient() {
        LedgerHistory history = new LedgerHistory(5, "", 20, 5, 0);
        List<CommandResult> outcomes = history.entries().stream().filter(e -> e.kind().equals("results")).map(e -> (CommandResult) e.value()).toList();
        Map<String, Long> admitted = new TreeMap<>();
        Map<String, Long> limited = new TreeMap<>();
        for (CommandResult result : outcomes) {
            results.pipeInput(result.getCommandId(), result, START.plusSeconds(1));
            (result.getStatus().name().equals("RATE_LIMITED") ? limited : admitted).merge(result.getClientId(), 1L, Long::sum);
        }

        admitted.forEach((client, count) -> assertThat(window(StatsTopology.ADMITTED_BY_CLIENT, client)).containsEntry(START, count));
        limited.forEach((client, count) -> assertThat(window(StatsTopology.RATE_LIMITED_BY_CLIENT, client)).containsEntry(START, count));
        assertThat(limited).isNotEmpty();
    }

    @Test
    void keepsOpenAccountsAndMoneyPerCurrency() {
        LedgerHistory history = new LedgerHistory(9, "", 30, 20, 0);
        history.entries().stream().filter(e -> e.kind().equals(LedgerModule.ACCOUNT))
                .forEach(e -> accounts.pipeInput(e.key(), e.value(), START.plusSeconds(1)));

        KeyValueStore<String, String> totals = driver.getKeyValueStore(LedgerTotals.TOTALS);
        long balance = history.accounts().values().stream().mapToLong(a -> a.balance()).sum();
        assertThat(totals.get("EUR")).isEqualTo(history.accounts().size() + "," + balance);
    }

    private static String client(LedgerHistory.Entry entry) {
        SpecificRecord envelope = entry.value();
        return ((dev.eventline.schemas.envelope.EventMetadata) envelope.get(0)).getClientId();
    }

    private Map<Instant, Long> window(String store, String key) {
        WindowStore<String, Long> windows = driver.getWindowStore(store);
        Map<Instant, Long> counts = new TreeMap<>();
        try (WindowStoreIterator<Long> it = windows.fetch(key, START.minus(Duration.ofHours(1)), START.plus(Duration.ofHours(1)))) {
            it.forEachRemaining((KeyValue<Long, Long> e) -> counts.put(Instant.ofEpochMilli(e.key), e.value));
        }
        return counts;
    }
}
