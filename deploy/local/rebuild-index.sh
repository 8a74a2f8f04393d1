#!/usr/bin/env bash
# Rebuilds the search index from Kafka without downtime, through the gateway's admin API, and follows it until
# the alias has moved to the new index. Searches and uploads keep working meanwhile.
#   deploy/local/rebuild-index.sh           start a rebuild and follow it
#   deploy/local/rebuild-index.sh status    show where the index stands
#   deploy/local/rebuild-index.sh cancel    give up a running rebuild (the live index stays)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# an admin key: DOCSEARCH_API_KEY, else the local platform's bootstrap admin key
key="${DOCSEARCH_API_KEY:-$(cat "${DOCSEARCH_HOME:-$root/.local}/services/admin-key")}"
api="http://127.0.0.1:${DOCSEARCH_GATEWAY_PORT:-8080}/api/v1/admin/index"

request() { # method url -> prints the body, fails on a status >= 300
  local body status
  body=$(curl -sS -X "$1" -H "X-API-Key: $key" -w '\n%{http_code}' "$2")
  status=${body##*$'\n'}
  body=${body%$'\n'*}
  echo "$body"
  [ "$status" -lt 300 ] || { echo "HTTP $status" >&2; return 1; }
}

case "${1:-rebuild}" in
  status) request GET "$api"; echo ;;
  cancel) request DELETE "$api/rebuild"; echo ;;
  rebuild)
    request POST "$api/rebuild"; echo
    # the building index is omitted from the answer once the alias has moved to it
    while state=$(request GET "$api") && [[ "$state" == *'"building"'* ]]; do
      echo "$(date +%T) $state"
      sleep 5
    done
    echo "Done: $state" ;;
  *) echo "usage: $0 [rebuild|status|cancel]" >&2; exit 2 ;;
esac
