#!/usr/bin/env bash
# Stops everything deploy/local/up.sh started (services, Kafka, Elasticsearch); the data in .local/ stays.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
launcher="$root/deploy/local-infra/target/local-infra.jar"
if [ ! -f "$launcher" ]; then
  echo "Nothing to stop: the platform was never built here."
  exit 0
fi
java -jar "$launcher" down
