#!/usr/bin/env bash
# Parse benchmark: MB/s and peak heap for txt, docx and pdf, and a 50 MB upload, on a 512 MiB heap
# (the limit is part of the test: a parse that held the whole upload several times over would fail).
# Prints figures; asserts nothing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
./mvnw -q -B -pl ingest-service -am package -DskipTests \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
module=ingest-service
java -Xmx512m -cp "$module/target/test-classes:$module/target/classes:$(cat $module/target/test-classpath.txt)" \
  cn.docsearch.ingest.parse.ParseBenchmark
