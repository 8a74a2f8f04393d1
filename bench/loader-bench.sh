#!/usr/bin/env bash
# Loader benchmark (issue 10): the command-line loader on a folder of N text files (npm's chinese-poetry, one poem per
# file) on the local platform (started if needed; leaves it running): docs/s until every file is answered and until
# all are searchable, then a second run that skips everything. Prints figures; asserts nothing.
#   bench/loader-bench.sh              10,000 files, 4 at once
#   bench/loader-bench.sh 20000 8
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
home="${DOCSEARCH_HOME:-$root/.local}"
. bench/chinese-poetry.sh
deploy/local/up.sh > /dev/null
exec bench/run.sh 512m cn.docsearch.bench.platform.LoaderBenchmark \
  "http://127.0.0.1:${DOCSEARCH_GATEWAY_PORT:-8080}" "http://127.0.0.1:${DOCSEARCH_ES_PORT:-9200}" \
  "$poetry" "${1:-10000}" "${2:-4}" "$home"
