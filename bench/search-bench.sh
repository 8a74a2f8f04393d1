#!/usr/bin/env bash
# Search benchmark at scale: loads 100k poems of npm's chinese-poetry (one passage each, vectors derived from
# real-model vectors of a sample) into the local platform's index, measures p50/p99 per mode through the gateway,
# at search-service and directly against Elasticsearch with the same requests, and requests/s with 8 clients at
# once; then deletes them (BENCH_KEEP=true keeps them, and a later run then measures without loading again). The same
# requests also go to Elasticsearch through two bare relays (JVMs that only pass requests on): the floor of any two hops.
# BENCH_PIN_ELASTICSEARCH=1 gives Elasticsearch core 0 of its own and everything else (Kafka, the services, this
# benchmark) the other cores, as on a deployment where Elasticsearch runs on machines of its own; both sides are then
# measured with Elasticsearch on that one core. The pinning is undone at the end.
# Prints figures; asserts nothing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
home="${DOCSEARCH_HOME:-$root/.local}"
. bench/chinese-poetry.sh
deploy/local/up.sh > /dev/null
# Services in a known state: an earlier run's profiling pass leaves JFR's periodic thread running in them (5-7 % of
# their CPU afterwards); the benchmark warms them up again until their rate is steady
java -jar deploy/local-infra/target/local-infra.jar down search gateway > /dev/null
java -jar deploy/local-infra/target/local-infra.jar up search gateway > /dev/null
run=()
if [ "${BENCH_PIN_ELASTICSEARCH:-}" = 1 ]; then
  if [ "$(nproc)" -lt 2 ]; then echo "BENCH_PIN_ELASTICSEARCH needs at least 2 cores" >&2; exit 2; fi
  others="1-$(( $(nproc) - 1 ))"
  pin() { taskset -a -p -c "$1" "$(cat "$2")" > /dev/null; }
  unpin() {
    for pidfile in "$home"/elasticsearch/elasticsearch.pid "$home"/kafka/kafka.pid "$home"/services/*.pid; do
      pin "0-$(( $(nproc) - 1 ))" "$pidfile" || true
    done
  }
  trap unpin EXIT
  pin 0 "$home"/elasticsearch/elasticsearch.pid
  for pidfile in "$home"/kafka/kafka.pid "$home"/services/*.pid; do pin "$others" "$pidfile"; done
  echo "Elasticsearch pinned to core 0; Kafka, the services and the benchmark to cores $others"
  run=(taskset -c "$others")
fi
${run[@]+"${run[@]}"} bench/run.sh 2g cn.docsearch.bench.search.SearchBenchmark \
  "http://127.0.0.1:${DOCSEARCH_ES_PORT:-9200}" "http://127.0.0.1:${DOCSEARCH_GATEWAY_PORT:-8080}" \
  "$poetry" "${BENCH_DOCUMENTS:-100000}" "${BENCH_KEEP:-false}" "http://127.0.0.1:${DOCSEARCH_SEARCH_PORT:-8082}" \
  "$home"
