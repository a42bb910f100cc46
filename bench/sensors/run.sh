#!/usr/bin/env bash
# Sensor throughput on a real embedded platform (bootstrapper's SensorThroughputBenchmark, run from the
# test class path in its own JVM): N sensors publishing over MQTT QoS 1 at increasing rates, each reading
# from device publish to the app's SDK callback (the app subscribed shared, then broadcast), and in the
# same run the raw embedded broker's publish -> subscribe (plain and shared). Prints a table per mode;
# asserts nothing.
#
#   bench/sensors/run.sh [SENSORS] [RATES] [SECONDS] [MODES]
#   bench/sensors/run.sh 1000 1000,2000,5000,10000,15000,20000,30000 20 shared,broadcast,raw-plain,raw-shared   (the defaults)
#   MAVEN_ARGS=-o bench/sensors/run.sh         (offline: Maven 3.9 reads MAVEN_ARGS)
#
# Builds with `test-compile` in the reactor (nothing is installed): the class path points at each
# module's target/classes. The whole log goes to bench/sensors/last-run.log.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
./mvnw -B -q -DskipUi -pl bootstrapper -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt > /dev/null
CP="target/test-classes:target/classes:$(cat bootstrapper/target/test-classpath.txt)"
cd bootstrapper
java -Xms1g -Xmx1500m -XX:+UseG1GC -cp "$CP" dev.plinth.bootstrapper.SensorThroughputBenchmark "$@" 2>&1 \
  | tee "$ROOT/bench/sensors/last-run.log" | grep --line-buffered "^BENCH" | sed -u 's/^BENCH //'
