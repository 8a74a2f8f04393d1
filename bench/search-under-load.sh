#!/usr/bin/env bash
# Search while documents pour in (issue 28): new hybrid searches every 0.5 s through the gateway on the idle local
# platform, then while it takes 8,000 short documents and one of 1.5M characters and embeds them; prints p50, p99,
# failures and degraded answers of both, side by side. The platform is started if needed (and left running).
# With BENCH_INDEX_INSTANCE=1, keyword indexing runs on a search-service instance of its own that the benchmark starts
# and stops at the end, beside the platform's search-service as query and embed: the platform must be stopped before,
# as it is started for that, and after (deploy/local/down.sh), since it then indexes nothing. Asserts nothing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
home="${DOCSEARCH_HOME:-$root/.local}"
index_instance=""
if [ "${BENCH_INDEX_INSTANCE:-0}" = 1 ]; then
  index_instance=index-instance
  if curl -s -o /dev/null "http://127.0.0.1:${DOCSEARCH_GATEWAY_PORT:-8080}/q/health"; then
    echo "BENCH_INDEX_INSTANCE=1 needs the platform stopped first (deploy/local/down.sh)" >&2
    exit 1
  fi
  export SEARCH_ROLES=query,embed
fi
deploy/local/up.sh > /dev/null
exec bench/run.sh 512m cn.docsearch.bench.search.SearchUnderLoad "http://127.0.0.1:${DOCSEARCH_GATEWAY_PORT:-8080}" \
  "$home" "${BENCH_DOCUMENTS:-8000}" "${BENCH_LONG_CHARACTERS:-1500000}" "${BENCH_INTERVAL_MS:-500}" 60 \
  "$index_instance"
