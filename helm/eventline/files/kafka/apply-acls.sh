#!/usr/bin/env bash
# Applies acls.txt (beside this script) to a Kafka cluster with Kafka's own kafka-acls.sh. Idempotent:
# run it on every install and upgrade. Environment:
#   KAFKA_BOOTSTRAP       host:port of a listener the admin principal authenticates on
#   KAFKA_ADMIN_CONFIG    client properties file of that principal (security.protocol, sasl.*)
#   EVENTLINE_NAMESPACE   topic namespace (default eventline)
#   KAFKA_ACLS_TOOL       kafka-acls.sh (default /opt/kafka/bin/kafka-acls.sh, as in the apache/kafka image)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ns="${EVENTLINE_NAMESPACE:-eventline}"
tool="${KAFKA_ACLS_TOOL:-/opt/kafka/bin/kafka-acls.sh}"
: "${KAFKA_BOOTSTRAP:?set KAFKA_BOOTSTRAP}" "${KAFKA_ADMIN_CONFIG:?set KAFKA_ADMIN_CONFIG}"

grep -v '^\s*#' "$here/acls.txt" | grep -v '^\s*$' | while read -r principal operations type name pattern; do
  name="${name//\$\{ns\}/$ns}"
  args=()
  for operation in ${operations//,/ }; do
    args+=(--operation "$operation")
  done
  if [ "$type" = cluster ]; then
    resource=(--cluster) # the one cluster resource has no name to give
  else
    resource=("--$type" "$name")
  fi
  "$tool" --bootstrap-server "$KAFKA_BOOTSTRAP" --command-config "$KAFKA_ADMIN_CONFIG" --add --force \
    --allow-principal "$principal" "${args[@]}" "${resource[@]}" --resource-pattern-type "$pattern" > /dev/null
  echo "allowed $principal $operations on $type $name ($pattern)"
done
