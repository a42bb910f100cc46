#!/usr/bin/env bash
# What isolating an instance costs its start (node-manager's InstanceStartBenchmark, run from the test
# class path as root): start() and time to the first line of output, for a node that isolates
# (network namespace, bubblewrap, cgroups) and one with isolation: none, alternating. Median of RUNS.
#
#   sudo bench/isolation/run.sh [RUNS]           (default 21)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${1:-21}"
cd "$ROOT"
./mvnw -B -q -DskipTests -DskipUi install -pl node-manager -am > /dev/null
./mvnw -B -q -DskipUi -pl node-manager test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt > /dev/null
cd node-manager
java -Xmx256m -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.plinth.agent.runtime.process.InstanceStartBenchmark "$RUNS" 2>&1 | grep -E "^run |^median"
