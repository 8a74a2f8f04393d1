#!/bin/sh
# Kafka as docker-compose.yml runs it: one KRaft node whose clients must log in with SASL/SCRAM-SHA-512 (user
# "docsearch", password DOCSEARCH_KAFKA_PASSWORD). KRaft takes SCRAM credentials only when it formats its storage,
# so this script formats the data volume itself (once) before starting the broker, as deploy/local-infra does.
# It also writes the client settings the health check logs in with.
set -eu
: "${DOCSEARCH_KAFKA_PASSWORD:?DOCSEARCH_KAFKA_PASSWORD must be set}"
# it goes into a JAAS string, a properties file and SCRAM's [name=...,password=...] syntax: letters, digits, . _ ~ - only
case "$DOCSEARCH_KAFKA_PASSWORD" in
  *[!A-Za-z0-9._~-]*) echo "DOCSEARCH_KAFKA_PASSWORD may hold only letters, digits and . _ ~ - (openssl rand -hex 24)" >&2; exit 2 ;;
esac
kafka_home="${KAFKA_HOME:-/opt/kafka}"
data="${KAFKA_DATA_DIR:-/var/lib/kafka/data}"
config="${KAFKA_CONFIG_DIR:-/tmp/docsearch}"
host="${KAFKA_ADVERTISED_HOST:-kafka}"
mkdir -p "$config" "$data"
jaas="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"docsearch\" password=\"$DOCSEARCH_KAFKA_PASSWORD\";"
umask 077
cat > "$config/server.properties" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:9093
listeners=SASL_PLAINTEXT://:19092,CONTROLLER://localhost:9093
advertised.listeners=SASL_PLAINTEXT://$host:19092
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_PLAINTEXT
listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=$jaas
log.dirs=$data
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
message.max.bytes=16777216
replica.fetch.max.bytes=16777216
PROPERTIES
cat > "$config/client.properties" <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=$jaas
PROPERTIES
if [ ! -f "$data/meta.properties" ]; then
  "$kafka_home/bin/kafka-storage.sh" format -t "$("$kafka_home/bin/kafka-storage.sh" random-uuid)" \
    -c "$config/server.properties" --add-scram "SCRAM-SHA-512=[name=docsearch,password=$DOCSEARCH_KAFKA_PASSWORD]"
fi
exec "$kafka_home/bin/kafka-server-start.sh" "$config/server.properties"
