#!/usr/bin/env bash
# Runs a benchmark main class from a module's test sources on the module's test classpath.
# Usage: bench/run-test-main.sh <module> <max heap> <class> [arguments...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
module="$1" heap="$2" main="$3"
shift 3
./mvnw -q -B -pl "$module" -am install -DskipTests
./mvnw -q -B -pl "$module" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
exec java "-Xmx$heap" -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/target/test-classpath.txt")" "$main" "$@"
