#!/usr/bin/env bash
# Starts the compose file's single Kafka node (KRaft, broker and controller) with SASL/SCRAM on every
# client listener and ACLs enforced (docs/security.md). Every principal's SCRAM credential is created
# when the log directory is formatted, from passwords in the environment: none has a default.
set -euo pipefail
for secret in KAFKA_ADMIN_PASSWORD KAFKA_COMMAND_SERVICE_PASSWORD KAFKA_PROJECTION_SERVICE_PASSWORD \
              KAFKA_SCHEMA_REGISTRY_PASSWORD KAFKA_REPLAY_PASSWORD; do
  [ -n "${!secret:-}" ] || { echo "$secret is not set" >&2; exit 1; }
done
config=/tmp/eventline-server.properties
cat > "$config" <<PROPERTIES
node.id=1
process.roles=broker,controller
# Clients authenticate with SCRAM on 9092 (in the compose network) and 29092 (published on the host).
# The controller listener is bound to the container's loopback: nothing outside reaches it.
listeners=SASL_PLAINTEXT://:9092,EXTERNAL://:29092,CONTROLLER://localhost:9093
advertised.listeners=SASL_PLAINTEXT://kafka:9092,EXTERNAL://localhost:29092
listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,EXTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
controller.quorum.voters=1@localhost:9093
inter.broker.listener.name=SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${KAFKA_ADMIN_PASSWORD}";
listener.name.external.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
# admin: operators and the ACL job. ANONYMOUS: the node itself on its loopback controller listener.
super.users=User:admin;User:ANONYMOUS
allow.everyone.if.no.acl.found=false
auto.create.topics.enable=false
log.dirs=/var/lib/kafka/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# Fast failover (docs/reliability.md): the services' groups use 3 s sessions (Kafka's floor is 6 s),
# and a dead instance's open transaction is aborted within a second of timing out (default: 10 s).
group.min.session.timeout.ms=1000
transaction.abort.timed.out.transaction.cleanup.interval.ms=1000
PROPERTIES
scram() { echo "SCRAM-SHA-512=[name=$1,password=$2]"; }
/opt/kafka/bin/kafka-storage.sh format --ignore-formatted -t "${KAFKA_CLUSTER_ID:-XUKe4umHQd2XD0crcOIUhQ}" -c "$config" \
  --add-scram "$(scram admin "$KAFKA_ADMIN_PASSWORD")" \
  --add-scram "$(scram command-service "$KAFKA_COMMAND_SERVICE_PASSWORD")" \
  --add-scram "$(scram projection-service "$KAFKA_PROJECTION_SERVICE_PASSWORD")" \
  --add-scram "$(scram schema-registry "$KAFKA_SCHEMA_REGISTRY_PASSWORD")" \
  --add-scram "$(scram replay "$KAFKA_REPLAY_PASSWORD")"
exec /opt/kafka/bin/kafka-server-start.sh "$config"
