#!/usr/bin/env bash
# Cold start of `plinth up`: the time from launching the JVM until the platform's aggregate health
# is UP (every subsystem healthy), and the resident memory of the JVM at that moment.
# Each run starts from an empty data directory (Kafka storage formatted, directory seeded, secrets
# generated), on free loopback ports. Prints one line per run, then the medians.
#
#   bench/coldstart/run.sh [RUNS]        (default 5; builds the jar first if needed)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${1:-5}"
JAR="$ROOT/bootstrapper/target/plinth.jar"
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -B -q -DskipTests -pl bootstrapper -am package)
JAVA_OPTS="${PLINTH_JAVA_OPTS:--Xms64m -Xmx640m -XX:MaxMetaspaceSize=256m -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError}"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

times=(); rss=()
for i in $(seq 1 "$RUNS"); do
  data="$(mktemp -d)"
  port="$(free_port)"; mqtt="$(free_port)"
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  PLINTH_KAFKA_PORT="$(free_port)" PLINTH_MONGO_PORT="$(free_port)" PLINTH_LDAP_PORT="$(free_port)" \
    java $JAVA_OPTS -jar "$JAR" up --data "$data" --port "$port" --mqtt-port "$mqtt" --bind 127.0.0.1 \
    > "$data/stdout.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/health" 2>/dev/null | grep -q '"UP"'; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "plinth up exited; see $data/stdout.log" >&2; exit 1; fi
    sleep 0.05
  done
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  kb=$(ps -o rss= -p "$pid" | tr -d ' ')
  times+=("$ms"); rss+=("$kb")
  echo "run $i: healthy after ${ms} ms, resident $(( kb / 1024 )) MiB"
  kill -TERM "$pid"; wait "$pid" || true
  rm -rf "$data"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "median of $RUNS: healthy after $(median "${times[@]}") ms, resident $(( $(median "${rss[@]}") / 1024 )) MiB"
