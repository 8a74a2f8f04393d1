#!/usr/bin/env bash
# Fault suite (issue 7, docs/reliability.md): on the local platform (started if needed, left running), for each
# scenario it sends documents through the gateway with retries under the same Idempotency-Key, injects the fault
# once a third is sent, waits until every accepted document is indexed, and prints sent / accepted / indexed /
# lost / doubled / 5xx / failed searches / time to recover. Exits 1 when a document was lost or doubled.
#   bench/fault-suite.sh                       every scenario, 1000 documents each
#   FAULT_DOCUMENTS=2000 bench/fault-suite.sh kill-search stop-kafka-30s
# Scenarios: restart-search kill-search two-search-instances kill-ingest two-ingest-instances kill-elasticsearch stop-kafka-30s stop-kafka-120s rebuild
#            long-document restore-topic
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
deploy/local/up.sh > /dev/null
exec bench/run.sh 512m cn.docsearch.bench.platform.FaultSuite "$root" "${FAULT_DOCUMENTS:-1000}" "$@"
