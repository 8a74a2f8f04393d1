#!/usr/bin/env bash
# Ingest benchmark: batch ingest through the gateway (JSON batches of 500, 4 clients) until accepted and until
# searchable, against Elasticsearch's own _bulk of the same final documents (read back from the live index, written
# into a scratch index made like it), and single POST against single PUT, on the local platform (started if needed; leaves it running).
# Reports CPU seconds per process for each phase; BENCH_PROFILE=1 adds a JFR profile of the platform's busiest
# processes (which slows them: not for figures).
# Uses npm's chinese-poetry; deletes what it added. Prints figures; asserts nothing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
home="${DOCSEARCH_HOME:-$root/.local}"
. bench/chinese-poetry.sh
deploy/local/up.sh > /dev/null
exec bench/run.sh 1g cn.docsearch.bench.ingest.IngestBenchmark \
  "http://127.0.0.1:${DOCSEARCH_GATEWAY_PORT:-8080}" "http://127.0.0.1:${DOCSEARCH_ES_PORT:-9200}" \
  "$poetry" \
  "${BENCH_DOCUMENTS:-20000}" "$home"
