#!/usr/bin/env bash
# Upload benchmark: Word documents, PDFs and GBK text (BENCH_FILES_PER_TYPE of each, 300 by default) through the
# gateway in multipart requests of 20 files, 4 at once, until every file is answered; then the same kind of corpus as
# one zip sent as a bulk job, until done. Prints docs/s, MB/s and CPU seconds per process; deletes what it added.
# Runs on the local platform (started if needed; leaves it running). Asserts nothing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
home="${DOCSEARCH_HOME:-$root/.local}"
deploy/local/up.sh > /dev/null
exec bench/run.sh 1g cn.docsearch.bench.ingest.UploadBenchmark \
  "http://127.0.0.1:${DOCSEARCH_GATEWAY_PORT:-8080}" "${BENCH_FILES_PER_TYPE:-300}" "$home"
