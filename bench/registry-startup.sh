#!/usr/bin/env bash
# Start-up benchmark of ingest-service at a large corpus (issue 7, docs/reliability.md): writes N documents of
# 5,000-10,000 characters to scratch topics on the local Kafka (started if needed), starts the packaged
# ingest-service on them with -Xmx256m, prints the time until ready and the heap after a full GC, and checks that it
# knows the documents. Deletes the scratch topics unless "keep" is given. Prints figures; asserts nothing.
#   bench/registry-startup.sh                1,000,000 documents (about 8 GB on Kafka's disk while it runs)
#   bench/registry-startup.sh 100000 keep
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
./mvnw -q -B -pl ingest-service -am package -DskipTests
java -jar deploy/local-infra/target/local-infra.jar up kafka > /dev/null
exec bench/run.sh 1g cn.docsearch.bench.ingest.RegistryStartupBenchmark \
  "$root" "127.0.0.1:${DOCSEARCH_KAFKA_PORT:-9092}" "${1:-1000000}" "${2:-}"
