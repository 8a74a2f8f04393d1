#!/usr/bin/env bash
# Runs a program of the bench module on its class path, after building it and what it needs (the packaged services).
# Usage: bench/run.sh <max heap> <class> [arguments...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
heap="$1" main="$2"
shift 2
./mvnw -q -B -pl bench -am install -DskipTests
./mvnw -q -B -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec java "-Xmx$heap" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" "$main" "$@"
