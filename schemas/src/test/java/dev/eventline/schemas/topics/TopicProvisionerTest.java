package dev.eventline.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.envelope.CommandStatus;
import dev.eventline.schemas.registry.RegistryClientConfig;
import dev.eventline.schemas.registry.RestSchemaRegistryClient;
import dev.eventline.testkit.EventlineIntegrationTest;
import dev.eventline.testkit.TestScope;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EventlineIntegrationTest
class TopicProvisionerTest {

    private Admin admin;
    private EventlineTopics topics;
    private TestScope scope;

    @BeforeEach
    void connect(TestScope scope) {
        this.scope = scope;
        admin = Admin.create(Map.of("bootstrap.servers", scope.kafkaBootstrapServers()));
    }

    @AfterEach
    void close() {
        admin.close();
    }

    private EventlineTopics topics(String namespace) {
        return new EventlineTopics(namespace, new RestSchemaRegistryClient(RegistryClientConfig.of(scope.schemaRegistryUrl())), true);
    }

    @Test
    void shouldCreateEveryTopicOnceWithItsPartitionsAndConfigs() throws Exception {
        topics = topics(scope.namespace() + "-a");
        TopicProvisioner provisioner = new TopicProvisioner(admin, 6, (short) 1);

        List<String> created = provisioner.ensure(topics.all(List.of("account", "transfer")));

        assertThat(created).containsExactlyInAnyOrder(topics.requests().name(), topics.commands().name(), topics.results().name(),
                topics.clientLimits().name(), topics.deadLetters().name(), topics.events("account").name(), topics.events("transfer").name());
        assertThat(admin.describeTopics(Set.of(topics.commands().name())).allTopicNames().get().get(topics.commands().name()).partitions()).hasSize(6);
        assertThat(config(topics.events("account").name()).get("retention.ms").value()).isEqualTo("-1");
        assertThat(config(topics.clientLimits().name()).get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(provisioner.ensure(topics.all(List.of("account", "transfer")))).as("second start").isEmpty();
    }

    @Test
    void shouldRefuseAnOwnershipTopicWithAnotherPartitionCount() throws Exception {
        topics = topics(scope.namespace() + "-b");
        admin.createTopics(List.of(new NewTopic(topics.events("account").name(), 3, (short) 1))).all().get();

        assertThatThrownBy(() -> new TopicProvisioner(admin, 12, (short) 1).ensure(topics.all(List.of("account"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(topics.events("account").name() + " has 3 partitions")
                .hasMessageContaining("fixed for the life of a topic");
    }

    @Test
    void shouldAcceptOtherTopicsWithAnyPartitionCount() throws Exception {
        topics = topics(scope.namespace() + "-c");
        admin.createTopics(List.of(new NewTopic(topics.results().name(), 2, (short) 1))).all().get();

        assertThat(new TopicProvisioner(admin, 12, (short) 1).ensure(topics.all(List.of()))).doesNotContain(topics.results().name());
    }

    @Test
    void shouldCarryTypedValuesThroughTheTopicsSerdes() {
        topics = topics(scope.namespace() + "-d");
        var results = topics.results();
        CommandResult result = CommandResult.newBuilder().setCommandId("c-1").setAggregateType("account").setAggregateId("a-1")
                .setCommandType("Deposit").setClientId("alice").setCorrelationId("r-1").setIdempotencyKey("k-1")
                .setStatus(CommandStatus.ACCEPTED).setVersion(3L).setDecidedAt(Instant.parse("2026-03-31T00:00:00Z")).build();

        byte[] bytes = results.valueSerde().serializer().serialize(results.name(), result);

        assertThat(results.valueSerde().deserializer().deserialize(results.name(), bytes)).isEqualTo(result);
        assertThatThrownBy(() -> topics("Bad_Namespace")).isInstanceOf(IllegalArgumentException.class);
    }

    private Config config(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}
