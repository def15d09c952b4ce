#!/usr/bin/env bash
# Prints the Kafka client properties of the admin principal (SASL/SCRAM) from KAFKA_ADMIN_PASSWORD,
# for Kafka's command-line tools (--command-config). Redirect it to a file only its owner reads.
# KAFKA_ADMIN_CA_FILE, when set, is the PEM CA certificate a TLS listener is checked against.
set -euo pipefail
: "${KAFKA_ADMIN_PASSWORD:?set KAFKA_ADMIN_PASSWORD}"
umask 077
cat <<PROPERTIES
security.protocol=${KAFKA_ADMIN_SECURITY_PROTOCOL:-SASL_PLAINTEXT}
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${KAFKA_ADMIN_USER:-admin}" password="${KAFKA_ADMIN_PASSWORD}";
PROPERTIES
if [ -n "${KAFKA_ADMIN_CA_FILE:-}" ]; then
  printf 'ssl.truststore.type=PEM\nssl.truststore.location=%s\n' "$KAFKA_ADMIN_CA_FILE"
fi
