#!/usr/bin/env bash
# Search as people use it at 100k documents (issue 26): a filtered and faceted search per mode, suggestions while typing,
# and an export of a large result set, each through the gateway against the same requests sent to Elasticsearch
# directly, side by side in one run. Loads the poems of bench/search-bench.sh (with a tag, a date and suggestion inputs
# each) unless an earlier run kept them (BENCH_KEEP=true), on the local platform (started if needed; left running).
# Prints figures; asserts nothing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
home="${DOCSEARCH_HOME:-$root/.local}"
. bench/chinese-poetry.sh
deploy/local/up.sh > /dev/null
exec bench/run.sh 2g cn.docsearch.bench.search.SearchBenchmark \
  "http://127.0.0.1:${DOCSEARCH_ES_PORT:-9200}" "http://127.0.0.1:${DOCSEARCH_GATEWAY_PORT:-8080}" \
  "$poetry" "${BENCH_DOCUMENTS:-100000}" "${BENCH_KEEP:-false}" "http://127.0.0.1:${DOCSEARCH_SEARCH_PORT:-8082}" \
  "$home" features
