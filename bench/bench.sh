#!/usr/bin/env bash
# Platform benchmark: time for deploy/local/up.sh to ready (after the first build), median time from
# POST accepted to searchable over 50 documents, and total RSS of the stack. Prints figures; asserts nothing.
# Restarts the local platform (deploy/local/down.sh, then up.sh) and leaves it running.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
gateway="http://127.0.0.1:${DOCSEARCH_GATEWAY_PORT:-8080}"
home="${DOCSEARCH_HOME:-$root/.local}"

deploy/local/up.sh > /dev/null   # builds if needed: the build is not part of the measured start
deploy/local/down.sh > /dev/null
start=$(date +%s.%N)
deploy/local/up.sh > /dev/null
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "up.sh to ready (no build needed): %.1f s\n", e - s }'

java "$root/bench/SearchableLatency.java" "$gateway" "${BENCH_DOCUMENTS:-50}" "$(cat "$home/services/admin-key")"

total_kb=0
for pidfile in "$home"/kafka/kafka.pid "$home"/elasticsearch/elasticsearch.pid "$home"/services/*.pid; do
  pid=$(cat "$pidfile")
  rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  printf '  %-22s %6d MiB\n' "$(basename "$pidfile" .pid)" $((rss_kb / 1024))
  total_kb=$((total_kb + rss_kb))
done
printf 'total RSS of the stack: %d MiB\n' $((total_kb / 1024))
