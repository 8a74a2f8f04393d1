#!/usr/bin/env bash
# Parse benchmark: MB/s and peak heap for txt, docx and pdf, and a 50 MB upload, on a 512 MiB heap
# (the limit is part of the test: a parse that held the whole upload several times over would fail).
# Prints figures; asserts nothing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
exec bench/run.sh 512m cn.docsearch.bench.ingest.ParseBenchmark
