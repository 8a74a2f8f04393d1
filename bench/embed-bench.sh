#!/usr/bin/env bash
# Embedding benchmark: passages/s of the model alone in a loop (1 and 2 threads) and of the whole pipeline
# (POST through the gateway until every document is 'embedded'), side by side in one run, on the local
# platform (started if needed; leaves it running), with the CPU time of each process; then Elasticsearch's CPU per
# document through the platform against one _bulk of the same final documents, after BENCH_WARM_UP_ROUNDS (5) rounds of
# 1,000 documents through the platform. Prints figures; asserts nothing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
home="${DOCSEARCH_HOME:-$root/.local}"
deploy/local/up.sh > /dev/null
exec bench/run.sh 512m cn.docsearch.bench.search.EmbeddingBenchmark \
  "http://127.0.0.1:${DOCSEARCH_GATEWAY_PORT:-8080}" "http://127.0.0.1:${DOCSEARCH_SEARCH_PORT:-8082}" "${BENCH_DOCUMENTS:-102}" "$root/deploy/local-infra/target/local-infra.jar" "$home" \
  "http://127.0.0.1:${DOCSEARCH_ES_PORT:-9200}" "${BENCH_WARM_UP_ROUNDS:-5}"
