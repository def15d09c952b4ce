package dev.eventline.schemas.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates missing topics at start-up with the configured partition count, and refuses to go on
 * when a topic whose partitions decide ownership (commands, events) exists with another count:
 * changing it would move aggregates to other partitions and break their single writer.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final int partitions;
    private final short replicationFactor;

    public TopicProvisioner(Admin admin, int partitions, short replicationFactor) {
        if (partitions < 1 || replicationFactor < 1) {
            throw new IllegalArgumentException("partitions and replication factor are at least 1");
        }
        this.admin = admin;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    /** Returns the names of the topics it created. */
    public List<String> ensure(Collection<Topic<?, ?>> topics) {
        Map<String, Topic<?, ?>> byName = topics.stream().collect(Collectors.toMap(Topic::name, t -> t, (a, b) -> a));
        Map<String, TopicDescription> existing = describeAll(byName.keySet());
        List<String> wrong = new ArrayList<>();
        existing.forEach((name, description) -> check(byName.get(name), description, wrong));
        failOn(wrong);
        List<NewTopic> missing = byName.values().stream().filter(t -> !existing.containsKey(t.name()))
                .map(t -> new NewTopic(t.name(), partitions, replicationFactor).configs(t.configs())).toList();
        List<String> created = new ArrayList<>();
        List<String> raced = new ArrayList<>();
        admin.createTopics(missing).values().forEach((name, future) -> {
            try {
                future.get();
                created.add(name);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                }
                raced.add(name); // created meanwhile, or not yet visible to describe: check it like the others
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        if (!raced.isEmpty()) {
            Map<String, TopicDescription> late = describeOnceVisible(raced);
            for (String name : raced) {
                TopicDescription description = late.get(name);
                if (description == null) {
                    throw new IllegalStateException("topic " + name + " exists but cannot be described");
                }
                check(byName.get(name), description, wrong);
            }
            failOn(wrong);
        }
        if (!created.isEmpty()) {
            awaitLeaders(created);
            LOG.info("Created topics {} with {} partitions", created, partitions);
        }
        return created;
    }

    private void check(Topic<?, ?> topic, TopicDescription description, List<String> wrong) {
        if (topic.fixedPartitions() && description.partitions().size() != partitions) {
            wrong.add(topic.name() + " has " + description.partitions().size() + " partitions");
        }
    }

    private void failOn(List<String> wrong) {
        if (!wrong.isEmpty()) {
            throw new IllegalStateException("configured for " + partitions + " partitions, but " + String.join(", ", wrong)
                    + "; a partition count is fixed for the life of a topic (it decides which task owns an aggregate)");
        }
    }

    /**
     * Returns once the brokers' metadata shows a leader for every partition of the new topics (up to
     * 10 s): a producer writing to a partition its broker does not lead yet is refused, and an
     * idempotent producer's first batches retried after later ones can be reordered, then expire.
     */
    private void awaitLeaders(Collection<String> names) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Map<String, TopicDescription> found = describeAll(names);
            boolean led = found.size() == names.size() && found.values().stream()
                    .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
            if (led) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        LOG.warn("topics {} still have partitions without a leader after 10 s", names);
    }

    /** A topic that was just created may take a moment to show in metadata: ask again, for up to 10 s. */
    private Map<String, TopicDescription> describeOnceVisible(Collection<String> names) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        Map<String, TopicDescription> found = describeAll(names);
        while (found.size() < names.size() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            found = describeAll(names);
        }
        return found;
    }

    private Map<String, TopicDescription> describeAll(Collection<String> names) {
        return admin.describeTopics(names).topicNameValues().entrySet().stream()
                .map(e -> Map.entry(e.getKey(), describe(e.getValue())))
                .filter(e -> e.getValue().isPresent())
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
    }

    private static Optional<TopicDescription> describe(org.apache.kafka.common.KafkaFuture<TopicDescription> future) {
        try {
            return Optional.of(future.get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new IllegalStateException("cannot describe topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
