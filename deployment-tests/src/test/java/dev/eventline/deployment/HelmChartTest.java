package dev.eventline.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** helm lint and helm template on the chart, with assertions on the rendered manifests. */
class HelmChartTest {

    private static final Path CHART = Path.of("..", "helm", "eventline").toAbsolutePath().normalize();

    @Test
    void shouldLintStrictly() {
        LintResult result = new Helm(CHART).lint().strict().call();

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void shouldRenderStreamsServicesAsStatefulSetsWithStateVolumesAndTheQueryServiceAsADeployment() {
        List<Map<String, Object>> manifests = render(template());

        assertThat(kinds(manifests, "StatefulSet")).containsExactlyInAnyOrder("eventline-command-service", "eventline-projection-service");
        assertThat(kinds(manifests, "Deployment")).containsExactly("eventline-query-service");
        assertThat(kinds(manifests, "PodDisruptionBudget")).hasSize(3);
        assertThat(kinds(manifests, "Service")).contains("eventline-command-service-headless", "eventline-query-service");
        Map<String, Object> command = find(manifests, "StatefulSet", "eventline-command-service");
        assertThat(at(command, "spec", "volumeClaimTemplates").toString()).contains("storage=5Gi");
        Map<String, Object> container = firstContainer(command);
        assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/health/readiness");
        assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/health/liveness");
        assertThat(container.get("env").toString()).contains("KAFKA_BOOTSTRAP_SERVERS", "SCHEMA_REGISTRY_URL", "secretKeyRef", "eventline-postgres");
        assertThat(kinds(manifests, "Secret")).isEmpty();
        assertThat(container.get("env").toString()).contains("EVENTLINE_TOKEN_KEYS", "file:/etc/eventline/jwks/jwks.json");
        assertThat(at(command, "spec", "template", "spec", "volumes").toString()).contains("secretName=eventline-jwks");
        Map<String, Object> query = find(manifests, "Deployment", "eventline-query-service");
        assertThat(firstContainer(query).get("env").toString()).contains("EVENTLINE_TOKEN_KEYS", "EVENTLINE_AUDIT_LOG",
                "/var/log/eventline/query-auditor-access.log");
        assertThat(firstContainer(query).get("volumeMounts").toString()).contains("mountPath=/var/log/eventline");
        assertThat(container.get("env").toString()).as("only the query service keeps an auditor log").doesNotContain("EVENTLINE_AUDIT_LOG");
        assertThat(container.get("env").toString()).contains("name=EVENTLINE_LOG_FORMAT, value=json");
        assertThat(at(command, "spec", "template", "metadata", "annotations").toString())
                .contains("prometheus.io/scrape=true", "prometheus.io/path=/prometheus", "prometheus.io/port=8080");
        assertThat(at(container, "lifecycle", "preStop", "exec", "command").toString()).isEqualTo("[sleep, 5]");
        assertThat(kinds(manifests, "HorizontalPodAutoscaler")).as("fixed replicas unless asked").isEmpty();
    }

    @Test
    void shouldAutoscaleWithinThePartitionCount() {
        List<Map<String, Object>> manifests = render(template()
                .set("kafka.partitions", "24")
                .set("services.command.streamsThreads", "4")
                .set("services.command.autoscaling.enabled", "true")
                .set("services.command.autoscaling.maxReplicas", "6")
                .set("services.query.autoscaling.enabled", "true"));

        assertThat(kinds(manifests, "HorizontalPodAutoscaler")).containsExactlyInAnyOrder("eventline-command-service", "eventline-query-service");
        Map<String, Object> hpa = find(manifests, "HorizontalPodAutoscaler", "eventline-command-service");
        assertThat(at(hpa, "spec", "scaleTargetRef", "kind")).isEqualTo("StatefulSet");
        assertThat(at(hpa, "spec", "maxReplicas")).isEqualTo(6);
        assertThat(at(find(manifests, "HorizontalPodAutoscaler", "eventline-query-service"), "spec", "scaleTargetRef", "kind")).isEqualTo("Deployment");
        assertThat(find(manifests, "StatefulSet", "eventline-command-service").get("spec").toString())
                .as("the autoscaler owns the replica count").doesNotContain("replicas=");
        assertThat(find(manifests, "StatefulSet", "eventline-projection-service").get("spec").toString()).contains("replicas=2");

        assertThatThrownBy(() -> template().set("services.command.autoscaling.enabled", "true").set("services.command.autoscaling.maxReplicas", "7").call())
                .hasMessageContaining("command-service: autoscaling.maxReplicas 7 x 2 streams threads exceed 12 partitions");
    }

    @Test
    void shouldRenderProductionLikeValues() {
        List<Map<String, Object>> manifests = render(template()
                .set("postgres.existingSecret", "ledger-db")
                .set("kafka.bootstrapServers", "kafka-0.kafka:9092,kafka-1.kafka:9092")
                .set("kafka.partitions", "24")
                .set("services.command.replicas", "6")
                .set("services.command.streamsThreads", "4")
                .set("storageClassName", "fast-ssd"));

        assertThat(kinds(manifests, "Secret")).as("an existing secret is used, none created").isEmpty();
        Map<String, Object> command = find(manifests, "StatefulSet", "eventline-command-service");
        assertThat(at(command, "spec", "replicas")).isEqualTo(6);
        assertThat(at(command, "spec", "volumeClaimTemplates").toString()).contains("storageClassName=fast-ssd");
        assertThat(firstContainer(command).get("env").toString()).contains("ledger-db", "kafka-0.kafka:9092,kafka-1.kafka:9092");
    }

    @Test
    void shouldRefuseMoreStreamThreadsThanPartitions() {
        assertThatThrownBy(() -> template()
                .set("services.command.replicas", "4").set("services.command.streamsThreads", "4").call())
                .hasMessageContaining("command-service: 4 replicas x 4 streams threads exceed 12 partitions");
    }

    @Test
    void shouldCreateTheSecretOnlyWhenGivenAPassword() {
        assertThat(kinds(render(template().set("postgres.existingSecret", "").set("postgres.password", "s3cret")), "Secret"))
                .containsExactly("eventline-postgres");
        assertThatThrownBy(() -> template().set("postgres.existingSecret", "").call()).hasMessageContaining("set postgres.password");
    }

    @Test
    void shouldAuthenticateEachServiceToKafkaAsItsOwnPrincipal() {
        List<Map<String, Object>> manifests = render(template());

        for (String service : List.of("command-service", "projection-service")) {
            String env = firstContainer(find(manifests, "StatefulSet", "eventline-" + service)).get("env").toString();
            assertThat(env).contains("name=KAFKA_SECURITY_PROTOCOL, value=SASL_SSL", "name=KAFKA_SASL_MECHANISM, value=SCRAM-SHA-512",
                    "name=eventline-kafka, key=" + service, "username=\"" + service + "\" password=\"$(KAFKA_SASL_PASSWORD)\"");
        }
        assertThat(firstContainer(find(manifests, "Deployment", "eventline-query-service")).get("env").toString())
                .as("the query service does not talk to Kafka").doesNotContain("KAFKA_SASL", "KAFKA_SECURITY");
        assertThatThrownBy(() -> template().set("kafka.security.protocol", "PLAINTEXT").call()).as("no unauthenticated broker")
                .hasMessageContaining("/kafka/security/protocol");

        Map<String, Object> withCa = find(render(template().set("kafka.security.caSecret", "kafka-ca")), "StatefulSet", "eventline-command-service");
        assertThat(firstContainer(withCa).get("env").toString()).contains("name=KAFKA_SSL_TRUSTSTORE_LOCATION, value=/etc/eventline/kafka-ca/ca.crt");
        assertThat(at(withCa, "spec", "template", "spec", "volumes").toString()).contains("secretName=kafka-ca");
    }

    @Test
    void shouldApplyTheAclListBeforeTheServicesStart() throws Exception {
        String template = Files.readString(CHART.resolve("templates/kafka-acls.yaml"));
        assertThat(template).as("a hook, so the ACLs exist before any service starts").contains("helm.sh/hook: pre-install,pre-upgrade");
        // helm template leaves hooks out: render a copy of the chart whose hooks are plain resources.
        List<Map<String, Object>> manifests = render(new Helm(withoutHooks()).template().withName("eventline"));

        Map<String, Object> container = firstContainer(find(manifests, "Job", "eventline-kafka-acls"));
        assertThat(container.get("command").toString()).contains("apply-acls.sh");
        assertThat(container.get("env").toString()).contains("name=eventline-kafka-admin, key=password", "name=EVENTLINE_NAMESPACE, value=eventline",
                "name=KAFKA_ADMIN_SECURITY_PROTOCOL, value=SASL_SSL");
        Map<String, Object> scripts = find(manifests, "ConfigMap", "eventline-kafka-acls");
        assertThat(at(scripts, "data", "acls.txt").toString().strip()).isEqualTo(Files.readString(CHART.resolve("files/kafka/acls.txt")).strip());
        assertThat(at(scripts, "data", "apply-acls.sh").toString()).contains("kafka-acls.sh");
        assertThat(kinds(render(new Helm(withoutHooks()).template().withName("eventline").set("kafka.acls.create", "false")), "Job")).isEmpty();
    }

    private static Path withoutHooks() throws IOException {
        Path copy = Files.createTempDirectory("chart");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.writeString(target, Files.readString(file).lines().filter(line -> !line.contains("helm.sh/hook"))
                            .reduce("", (text, line) -> text + line + "\n"));
                }
            }
        }
        return copy;
    }

    @Test
    void shouldRejectValuesAgainstTheSchema() {
        assertThatThrownBy(() -> template().set("schemaRegistry.url", "registry:8081").call())
                .hasMessageContaining("/schemaRegistry/url").hasMessageContaining("does not match pattern");
    }

    private static TemplateCommand template() {
        return new Helm(CHART).template().withName("eventline");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> render(TemplateCommand command) {
        List<Map<String, Object>> manifests = new ArrayList<>();
        for (Object document : new Yaml().loadAll(command.call())) {
            if (document != null) {
                manifests.add((Map<String, Object>) document);
            }
        }
        return manifests;
    }

    private static List<String> kinds(List<Map<String, Object>> manifests, String kind) {
        return manifests.stream().filter(m -> kind.equals(m.get("kind"))).map(m -> (String) at(m, "metadata", "name")).toList();
    }

    private static Map<String, Object> find(List<Map<String, Object>> manifests, String kind, String name) {
        return manifests.stream().filter(m -> kind.equals(m.get("kind")) && name.equals(at(m, "metadata", "name"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstContainer(Map<String, Object> workload) {
        return ((List<Map<String, Object>>) at(workload, "spec", "template", "spec", "containers")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> node, String... path) {
        Object current = node;
        for (String key : path) {
            current = ((Map<String, Object>) current).get(key);
        }
        return current;
    }
}
