#!/usr/bin/env bash
# Cold start of `plinth up`: the time from launching the JVM until the platform's aggregate health
# is UP (every subsystem healthy), and the resident memory of the JVM at that moment.
# Each run is a new JVM on an empty data directory (Kafka storage formatted, directory seeded,
# secrets generated), on free loopback ports. Two series, as `./plinth up` runs:
#   - without a class archive (the first start after a build),
#   - with the class archive a previous run recorded (every later start).
# Prints one line per run and the medians.
#
#   bench/coldstart/run.sh [RUNS]        (default 5; builds the jar first if needed)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${1:-5}"
JAR="$ROOT/bootstrapper/target/plinth.jar"
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -B -q -DskipTests -pl bootstrapper -am package)
BASE_OPTS="${PLINTH_JAVA_OPTS:--Xms64m -Xmx640m -XX:MaxMetaspaceSize=256m -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError}"
JSA="$(mktemp -d)/plinth.jsa"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# one_run OPTS → prints "ms kb"
one_run() {
  local opts="$1" data port mqtt start end pid kb
  data="$(mktemp -d)"; port="$(free_port)"; mqtt="$(free_port)"
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  PLINTH_KAFKA_PORT="$(free_port)" PLINTH_MONGO_PORT="$(free_port)" PLINTH_LDAP_PORT="$(free_port)" \
    java $opts -jar "$JAR" up --data "$data" --port "$port" --mqtt-port "$mqtt" --bind 127.0.0.1 \
    > "$data/stdout.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/health" 2>/dev/null | grep -q '"UP"'; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "plinth up exited; see $data/stdout.log" >&2; exit 1; fi
    sleep 0.05
  done
  end=$(date +%s%N)
  kb=$(ps -o rss= -p "$pid" | tr -d ' ')
  kill -TERM "$pid"; wait "$pid" || true
  rm -rf "$data"
  echo "$(( (end - start) / 1000000 )) $kb"
}

series() {
  local name="$1" opts="$2" times=() rss=() r
  for i in $(seq 1 "$RUNS"); do
    read -r ms kb < <(one_run "$opts")
    times+=("$ms"); rss+=("$kb")
    echo "$name run $i: healthy after ${ms} ms, resident $(( kb / 1024 )) MiB"
  done
  echo "$name median of $RUNS: healthy after $(median "${times[@]}") ms, resident $(( $(median "${rss[@]}") / 1024 )) MiB"
}

series "no class archive" "$BASE_OPTS"
echo "recording a class archive (one run)..."
one_run "$BASE_OPTS -XX:ArchiveClassesAtExit=$JSA -Xlog:cds=off -Xlog:cds+dynamic=off" > /dev/null
series "class archive" "$BASE_OPTS -XX:SharedArchiveFile=$JSA -Xlog:cds=off -Xlog:cds+dynamic=off"
rm -rf "$(dirname "$JSA")"
