#!/usr/bin/env bash
# Failover figures on a real embedded platform (bootstrapper's FailoverBenchmark, run from the test
# class path): kill -9 of an instance -> its replacement healthy; a node's agent and instances
# killed like a dying machine -> all its instances healthy on other nodes. Median of RUNS each.
#
#   bench/failover/run.sh [RUNS]                 (default 5)
#   PLINTH_LOST_AFTER=5s bench/failover/run.sh   (a shorter lost-node timeout than the default 10s)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${1:-5}"
cd "$ROOT"
./mvnw -B -q -DskipTests -DskipUi install -pl bootstrapper -am > /dev/null
./mvnw -B -q -DskipUi -pl bootstrapper test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt > /dev/null
CP="bootstrapper/target/test-classes:bootstrapper/target/classes:$(cat bootstrapper/target/test-classpath.txt)"
cd bootstrapper
java -Xmx1g ${PLINTH_LOST_AFTER:+-Dplinth.nodes.lost-after=$PLINTH_LOST_AFTER} \
  -cp "$(echo "$CP" | sed 's#bootstrapper/target#target#g')" dev.plinth.bootstrapper.FailoverBenchmark "$RUNS" 2>&1 \
  | grep -E "run [0-9]+:|median"
