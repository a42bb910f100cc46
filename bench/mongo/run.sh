#!/usr/bin/env bash
# What committing every write costs the embedded MongoDB (bootstrapper's MongoWriteBenchmark, run
# from the test class path): small inserts and updates per second, one writer and four, with H2's
# background commit (before) and with a commit per write (EmbeddedMongo, what an answer of 201 needs).
#
#   bench/mongo/run.sh [WRITES] [ROUNDS]     (default 5000 writes, 3 rounds)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
./mvnw -B -q -DskipTests -DskipUi install -pl bootstrapper -am > /dev/null
./mvnw -B -q -DskipUi -pl bootstrapper test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt > /dev/null
CP="bootstrapper/target/test-classes:bootstrapper/target/classes:$(cat bootstrapper/target/test-classpath.txt)"
java -Xmx1g -cp "$CP" dev.plinth.bootstrapper.MongoWriteBenchmark "${1:-5000}" "${2:-3}" 2>&1 | grep -E "^round"
