package dev.eventline.command.edge;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.eventline.command.ReplyAddress;
import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.topics.EventlineTopics;
import dev.eventline.schemas.topics.KafkaClients;
import dev.eventline.schemas.topics.RecordHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each command's outcome to the request waiting for it on this instance. A request
 * registers a {@link ReplyAddress} naming this instance and the one partition of
 * {@code <ns>.results} it reads, and sends it in the command's {@code replyTo}; whichever instance
 * decides the command writes the outcome to that partition. The instance reads that partition alone
 * (no consumer group: nothing to rebalance, nothing to commit) from the end, and keeps the outcomes
 * addressed to it: with instances on distinct partitions each reads its own share, not everyone's.
 */
@Context // must be reading before the first request is taken
public class ReplyListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyListener.class);
    private static final Pattern ORDINAL = Pattern.compile(".*-(\\d{1,4})");

    private final String instanceId = "edge-" + UUID.randomUUID();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, CompletableFuture<Reply>> waiting = new ConcurrentHashMap<>();
    private final String topic;
    private final Deserializer<CommandResult> results;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final Integer configuredPartition;
    private final Counter read;
    private final Counter delivered;
    private volatile int partition = -1;
    private volatile boolean reading;
    private volatile boolean running = true;

    public ReplyListener(EventlineTopics topics, KafkaClients kafka, EdgeSettings settings, MeterRegistry registry) {
        this.topic = topics.results().name();
        this.configuredPartition = settings.getReplyPartition() != null ? settings.getReplyPartition() : ordinal(System.getenv("HOSTNAME"));
        this.read = Counter.builder("eventline.replies.read").description("outcomes this instance read from its partition of the results")
                .register(registry);
        this.delivered = Counter.builder("eventline.replies.delivered").description("outcomes handed to a request waiting on this instance")
                .register(registry);
        this.results = topics.results().valueSerde().deserializer();
        this.consumer = kafka.consumer(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, instanceId,
                // Outcomes of the decide stage count only once its transaction commits.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "reply-listener");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Whether the listener reads the results from their end: requests may be taken. */
    public boolean isReading() {
        return reading;
    }

    /** A new reply address and the future its outcome completes; register before sending. */
    public Expected expect() {
        String address = new ReplyAddress(instanceId, partition, sequence.incrementAndGet()).toString();
        CompletableFuture<Reply> outcome = new CompletableFuture<>();
        waiting.put(address, outcome);
        outcome.whenComplete((r, e) -> waiting.remove(address));
        return new Expected(address, outcome);
    }

    public record Expected(String replyTo, CompletableFuture<Reply> outcome) {
    }

    /** An outcome, with when the stages handled its command (from its headers) and when it was read here. */
    public record Reply(CommandResult result, Optional<Instant> admittedAt, Optional<Instant> decidedAt, Instant receivedAt) {
    }

    private void run() {
        try {
            while (running && !reading) {
                position();
            }
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    deliver(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("reply listener stopped; synchronous requests will time out", e);
            reading = false;
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void position() {
        try {
            int count = consumer.partitionsFor(topic, Duration.ofSeconds(5)).size();
            int chosen = Math.floorMod(configuredPartition != null ? configuredPartition : ThreadLocalRandom.current().nextInt(count), count);
            List<TopicPartition> own = List.of(new TopicPartition(topic, chosen));
            consumer.assign(own);
            consumer.seekToEnd(own);
            consumer.position(own.get(0), Duration.ofSeconds(5)); // fixes the start now
            partition = chosen;
            reading = true;
            LOG.info("reading outcomes for {} from partition {} of {} ({} partitions)", instanceId, chosen, topic, count);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            LOG.warn("broker not reachable yet for {}; retrying", topic);
        }
    }

    /** A StatefulSet pod's ordinal: the number ending its host name ({@code command-service-2}), if any. */
    static Integer ordinal(String hostname) {
        if (hostname == null) {
            return null;
        }
        Matcher matcher = ORDINAL.matcher(hostname);
        return matcher.matches() ? Integer.valueOf(matcher.group(1)) : null;
    }

    private void deliver(ConsumerRecord<String, byte[]> record) {
        read.increment();
        if (waiting.isEmpty() || record.value() == null) {
            return;
        }
        CommandResult result;
        try {
            result = results.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            LOG.warn("undecodable outcome at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.toString());
            return;
        }
        String replyTo = result.getReplyTo();
        if (replyTo != null) {
            CompletableFuture<Reply> outcome = waiting.get(replyTo);
            if (outcome != null) {
                delivered.increment();
                outcome.complete(new Reply(result, RecordHeaders.stamped(record.headers(), RecordHeaders.ADMITTED_AT),
                        RecordHeaders.stamped(record.headers(), RecordHeaders.DECIDED_AT), Instant.now()));
            }
        }
    }

    @PreDestroy
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waiting.values().forEach(f -> f.completeExceptionally(new IllegalStateException("shutting down")));
    }
}
