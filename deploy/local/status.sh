#!/usr/bin/env bash
# Shows what deploy/local/up.sh started and on which ports.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
java -jar "$root/deploy/local-infra/target/local-infra.jar" status
