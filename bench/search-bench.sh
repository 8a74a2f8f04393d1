#!/usr/bin/env bash
# Search benchmark at scale: loads 100k poems of npm's chinese-poetry (one passage each, vectors derived from
# real-model vectors of a sample) into the local platform's index, measures p50/p99 per mode through the gateway,
# at search-service and directly against Elasticsearch with the same requests, and requests/s with 8 clients at
# once; then deletes them (BENCH_KEEP=true keeps them, and a later run then measures without loading again).
# Prints figures; asserts nothing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. bench/chinese-poetry.sh
deploy/local/up.sh > /dev/null
exec bench/run-test-main.sh search-service 2g cn.docsearch.search.service.SearchBenchmark \
  "http://127.0.0.1:${DOCSEARCH_ES_PORT:-9200}" "http://127.0.0.1:${DOCSEARCH_GATEWAY_PORT:-8080}" \
  "$poetry" "${BENCH_DOCUMENTS:-100000}" "${BENCH_KEEP:-false}" "http://127.0.0.1:${DOCSEARCH_SEARCH_PORT:-8082}" \
  "$root/.local"
