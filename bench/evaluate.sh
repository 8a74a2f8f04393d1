#!/usr/bin/env bash
# Relevance evaluation: scores the bundled evaluation set (search-service/src/test/resources/evaluation) in
# keyword, semantic and hybrid mode and plain RRF, on a real Kafka + Elasticsearch/IK started for the run,
# and prints MRR@10, nDCG@10, recall@5 and "answering passage in the top 3" per mode and per half
# (keyword-style, paraphrases, mixed, hard, hard held out); then every retrieval lever of issue 27 on and off,
# side by side; then where each query's first answering document came, per mode (the per-query report).
# The same test runs in the suite and fails if hybrid falls below either single mode on the first three halves.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
./mvnw -q -B -pl search-service -am install -DskipTests
./mvnw -q -B -pl search-service verify -Dit.test=EvaluationSetIT -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false > /dev/null
cat search-service/target/evaluation.md search-service/target/evaluation-levers.md search-service/target/evaluation-queries.md
