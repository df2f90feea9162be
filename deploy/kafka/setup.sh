#!/usr/bin/env bash
# Run by docker compose's kafka-setup job once the broker is healthy, before any service starts; every step may be
# repeated, so it runs on each `docker compose up`. Logged in as the broker's admin (PLAIN, its only super user), it
# creates Orderflow's topics (no service may), a SCRAM-SHA-512 user per service and tool, and their ACLs: the users
# and rights of the local run (local-run/.../KafkaAccess.java), and a read-only user for Kafka UI. Passwords come
# from the environment (defaults in docker-compose.yml); they may not contain ',', '[', ']' or '"'.
set -euo pipefail

bin="${KAFKA_BIN:-/opt/kafka/bin}"
bootstrap="${KAFKA_BOOTSTRAP_SERVERS:-kafka:29092}"
admin_config="$(mktemp)"
trap 'rm -f "$admin_config"' EXIT
cat > "$admin_config" <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="${KAFKA_ADMIN_PASSWORD}";
PROPERTIES
export KAFKA_HEAP_OPTS="-Xmx128m"

as_admin() {
  local tool="$1"
  shift
  "$bin/$tool" --bootstrap-server "$bootstrap" --command-config "$admin_config" "$@"
}

topics=(order-events inventory-events order-events.DLT inventory-events.DLT)
for topic in "${topics[@]}"; do
  as_admin kafka-topics.sh --create --if-not-exists --topic "$topic" --partitions 6 --replication-factor 1
done

scram_user() {
  as_admin kafka-configs.sh --alter --entity-type users --entity-name "$1" \
    --add-config "SCRAM-SHA-512=[iterations=8192,password=$2]"
}
scram_user order_service "$ORDER_SERVICE_KAFKA_PASSWORD"
scram_user inventory_service "$INVENTORY_SERVICE_KAFKA_PASSWORD"
scram_user notification_service "$NOTIFICATION_SERVICE_KAFKA_PASSWORD"
scram_user orderflow_ops "$OPS_KAFKA_PASSWORD"
scram_user orderflow_viewer "$VIEWER_KAFKA_PASSWORD"
scram_user kafka_ui "$KAFKA_UI_KAFKA_PASSWORD"

allow() {
  local principals=()
  while [[ "$1" != --* ]]; do
    principals+=(--allow-principal "User:$1")
    shift
  done
  as_admin kafka-acls.sh --add --force "${principals[@]}" "$@" > /dev/null
}

# a service: describe every topic, write its own topic and the dead-letter topic of what it reads, read what it
# consumes in its own consumer group
service() {
  local user="$1" produces="$2" consumes="$3" group="$4" group_pattern="$5"
  local described=()
  for topic in "${topics[@]}"; do
    described+=(--topic "$topic")
  done
  allow "$user" --operation Describe "${described[@]}"
  allow "$user" --operation Write ${produces:+--topic "$produces"} --topic "$consumes.DLT"
  allow "$user" --operation Read --topic "$consumes"
  allow "$user" --operation Read --group "$group" --resource-pattern-type "$group_pattern"
}
service order_service order-events inventory-events order-service literal
# inventory-service's replays read into groups of their own, named inventory-replay-...
service inventory_service inventory-events order-events inventory- prefixed
service notification_service "" order-events notification-service literal

# the tools and Kafka UI read every topic and see every group; only ops may write an event topic (dlt-replay)
allow orderflow_ops orderflow_viewer kafka_ui --operation Read --operation Describe --operation DescribeConfigs --topic '*'
allow orderflow_ops orderflow_viewer kafka_ui --operation Describe --group '*'
# Kafka UI also shows the broker and its configuration
allow kafka_ui --operation Describe --operation DescribeConfigs --cluster
allow orderflow_ops --operation Write --topic order-events --topic inventory-events
allow orderflow_ops --operation Read --group orderflow- --resource-pattern-type prefixed

echo "Kafka topics, users and ACLs of Orderflow are in place"
