#!/usr/bin/env bash
# Runs a program of the bench module on its class path, after building it and the modules it needs.
# Usage: bench/run.sh <max heap> <class> [arguments...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
heap="$1" main="$2"
shift 2
# the services' Quarkus packaging is skipped: the running platform loads its classes from target/quarkus-app, and a
# class loaded late from a jar rebuilt under it hung the gateway's event loop for good
./mvnw -q -B -pl bench -am install -DskipTests -Dquarkus.build.skip=true
./mvnw -q -B -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec java "-Xmx$heap" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" "$main" "$@"
