#!/usr/bin/env bash
# Runs the whole platform on this machine, no Docker: builds what changed, starts Kafka, Elasticsearch
# with the IK plugin and the three services in the background, loads the sample documents, and prints
# where to go. Ports and the data folder: see docs/configuration.md or the DOCSEARCH_* variables below.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

gateway="http://127.0.0.1:${DOCSEARCH_GATEWAY_PORT:-8080}"
launcher="deploy/local-infra/target/local-infra.jar"
stamp=".local/build.stamp"

needs_build() {
  [ "${DOCSEARCH_REBUILD:-0}" = 1 ] && return 0
  for jar in "$launcher" ingest-service/target/quarkus-app/quarkus-run.jar \
             search-service/target/quarkus-app/quarkus-run.jar api-gateway/target/quarkus-app/quarkus-run.jar; do
    [ -f "$jar" ] || return 0
  done
  [ -f "$stamp" ] || return 0
  [ -n "$(find . -path ./.local -prune -o \( -name pom.xml -o -path '*/src/main/*' \) -newer "$stamp" -print -quit)" ]
}

if needs_build; then
  echo "Building (tests skipped; ./mvnw verify runs them)..."
  ./mvnw -q -B -DskipTests package
  mkdir -p .local && touch "$stamp"
fi

echo "Starting Kafka, Elasticsearch and the services..."
java -jar "$launcher" up

admin_key="$(java -jar "$launcher" admin-key)"
echo "Loading sample documents..."
for sample in deploy/local/samples/*.json; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -H "X-API-Key: $admin_key" \
    --data-binary @"$sample" "$gateway/api/v1/documents")
  # 202: stored now; 200: already stored by an earlier up.sh (recognised as a duplicate)
  case "$status" in
    202|200) ;;
    *) echo "Sample $sample was not accepted (HTTP $status)" >&2; exit 1 ;;
  esac
done

# Samples are searchable about a second after they were accepted
query='%E4%B9%A1%E6%9D%91%E6%8C%AF%E5%85%B4' # 乡村振兴
for _ in $(seq 1 60); do
  if curl -sf -H "X-API-Key: $admin_key" "$gateway/api/v1/search?q=$query" | grep -q '"total":[1-9]'; then
    break
  fi
  sleep 0.5
done

cat <<TXT

docsearch is up.
  Admin key:    $admin_key
                (the bootstrap admin key, kept in ${DOCSEARCH_HOME:-.local}/services/admin-key; create keys for people and programs:
                 curl -H "X-API-Key: $admin_key" -H 'Content-Type: application/json' \\
                      -d '{"name":"my reader","role":"reader"}' $gateway/api/v1/admin/keys)
  Search page:  $gateway/                (enter a key at the top)
  Swagger UI:   $gateway/q/swagger-ui    (Authorize with a key)
  Try:          curl -H "X-API-Key: $admin_key" '$gateway/api/v1/search?q=$query'      (q=乡村振兴)
  Stop:         deploy/local/down.sh
TXT
