#!/usr/bin/env bash
# App lifecycle and gateway figures on a real `plinth up` (3 local nodes, loopback only):
#  1. the example app's own start-up time (java -jar, until /health answers, with the platform
#     running beside it, unsandboxed), median of RUNS;
#  2. time from an upload being accepted (201) to the first healthy instance of a new app
#     deployed with one instance, median of RUNS; the difference is the platform's overhead;
#  3. gateway throughput and latency through the proxy (/apps/hello-http/) against the same
#     instance called directly, with the same load driver (wrk), alternating, in one run.
# The platform runs with --no-demo, so nothing else loads the machine.
# Needs: java, curl, python3, wrk (Debian package `wrk`).
#
#   bench/lifecycle/run.sh [RUNS] [SECONDS_PER_LOAD_ROUND]      (defaults 5 and 10)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${1:-5}"
SECS="${2:-10}"
JAR="$ROOT/bootstrapper/target/plinth.jar"
EXAMPLE="$ROOT/examples/hello-http/target/hello-http-1.0.0.zip"
[ -f "$JAR" ] && [ -f "$EXAMPLE" ] || (cd "$ROOT" && ./mvnw -B -q -DskipTests -pl bootstrapper -am package)
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'kill -TERM ${PLINTH_PID:-0} 2>/dev/null; wait ${PLINTH_PID:-0} 2>/dev/null; rm -rf "$WORK"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

echo "== starting plinth up"
PORT="$(free_port)"; DATA="$WORK/data"
PLINTH_KAFKA_PORT="$(free_port)" PLINTH_MONGO_PORT="$(free_port)" PLINTH_LDAP_PORT="$(free_port)" \
  java -Xms64m -Xmx640m -XX:MaxMetaspaceSize=256m -jar "$JAR" up --data "$DATA" --port "$PORT" \
  --mqtt-port "$(free_port)" --bind 127.0.0.1 --no-demo > "$WORK/plinth.log" 2>&1 &
PLINTH_PID=$!
API="http://127.0.0.1:$PORT"
until curl -sf "$API/health" | grep -q '"UP"'; do sleep 0.2; done
PW="$(grep '^admin.password=' "$DATA/secrets.properties" | cut -d= -f2)"
TOKEN="$(curl -s -X POST "$API/api/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PW\"}" | json 'd["accessToken"]')"
AUTH=(-H "Authorization: Bearer $TOKEN")

echo "== 1. the example's own start-up (with the platform running beside it)"
mkdir -p "$WORK/own" && (cd "$WORK/own" && python3 -c "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall('.')" "$EXAMPLE")
own=()
for i in $(seq 1 "$RUNS"); do
  p="$(free_port)"; t0=$(now_ms)
  (cd "$WORK/own" && PORT="$p" PLINTH_APP=hello-http exec java -Xmx48m -jar hello-http.jar > /dev/null 2>&1) &
  pid=$!
  until curl -sf "http://127.0.0.1:$p/health" > /dev/null 2>&1; do sleep 0.01; done
  t1=$(now_ms); own+=($((t1 - t0))); kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "run $i: ${own[-1]} ms"
done

repack() { # name → zip path
  python3 - "$EXAMPLE" "$WORK/$1.zip" "$1" <<'PY'
import sys, zipfile, re
src, dst, name = sys.argv[1:4]
with zipfile.ZipFile(src) as i, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as o:
    for e in i.infolist():
        data = i.read(e.filename)
        if e.filename == "plinth.yaml":
            data = re.sub(rb"(?m)^name:.*$", b"name: " + name.encode(), data)
        o.writestr(e.filename, data)
PY
  echo "$WORK/$1.zip"
}

echo "== 2. upload accepted -> first healthy instance"
plat=()
for i in $(seq 1 "$RUNS"); do
  app="bench-$i"; zip="$(repack "$app")"
  code=$(curl -s -o /dev/null -w '%{http_code}' "${AUTH[@]}" -F "package=@$zip" "$API/api/apps")
  t0=$(now_ms)
  [ "$code" = 201 ] || { echo "upload answered $code" >&2; exit 1; }
  curl -s -o /dev/null "${AUTH[@]}" -H 'Content-Type: application/json' -d '{"version":"1.0.0","instances":1}' \
    "$API/api/apps/$app/deployments"
  until curl -s "${AUTH[@]}" "$API/api/apps/$app/deployments" | grep -q '"state":"HEALTHY"'; do sleep 0.02; done
  t1=$(now_ms); plat+=($((t1 - t0)))
  echo "run $i: ${plat[-1]} ms"
  id=$(curl -s "${AUTH[@]}" "$API/api/apps/$app/deployments" | json 'd[0]["id"]')
  curl -s -o /dev/null -X DELETE "${AUTH[@]}" "$API/api/apps/$app/deployments/$id"
done
OWN=$(median "${own[@]}"); PLAT=$(median "${plat[@]}")

echo "== 3. gateway proxy vs direct"
# The example logs every request by default; here it must not, or the log pipeline's work (shipping,
# storing) would weigh on whichever round runs while it catches up.
python3 - "$EXAMPLE" "$WORK/quiet.zip" <<'PY'
import sys, zipfile
src, dst = sys.argv[1:3]
with zipfile.ZipFile(src) as i, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as o:
    for e in i.infolist():
        data = i.read(e.filename)
        if e.filename == "plinth.yaml":
            data += b'\nenv: { LOG_REQUESTS: "false" }\n'
        o.writestr(e.filename, data)
PY
curl -s -o /dev/null "${AUTH[@]}" -F "package=@$WORK/quiet.zip" "$API/api/apps"
curl -s -o /dev/null "${AUTH[@]}" -H 'Content-Type: application/json' -d '{"version":"1.0.0","instances":1}' \
  "$API/api/apps/hello-http/deployments"
until curl -s "${AUTH[@]}" "$API/api/apps/hello-http/deployments" | grep -q '"state":"HEALTHY"'; do sleep 0.1; done
# Where the gateway reaches the instance: the inner end of its own network namespace.
IADDR=$(curl -s "${AUTH[@]}" "$API/api/instances?app=hello-http" \
  | json '[i["address"]+":"+str(i["port"]) for i in d if i["state"]=="HEALTHY"][0]')
until curl -sf "$API/apps/hello-http/" > /dev/null; do sleep 0.1; done
wrk -t2 -c16 -d3s "http://$IADDR/" > /dev/null; wrk -t2 -c16 -d3s "$API/apps/hello-http/" > /dev/null  # warm-up
parse() { python3 -c '
import re,sys
t=sys.stdin.read()
rps=float(re.search(r"Requests/sec:\s+([\d.]+)",t).group(1))
def ms(v,u): return float(v)*{"us":0.001,"ms":1,"s":1000}[u]
p50=ms(*re.search(r"50%\s+([\d.]+)(us|ms|s)",t).groups()); p99=ms(*re.search(r"99%\s+([\d.]+)(us|ms|s)",t).groups())
errs=re.search(r"Non-2xx or 3xx responses: (\d+)",t); sock=re.search(r"Socket errors: (.*)",t)
print(f"{rps:.0f} {p50:.2f} {p99:.2f} {errs.group(1) if errs else 0}")'; }
d_rps=(); p_rps=(); d_p99=(); p_p99=()
for r in 1 2 3; do
  read -r rps p50 p99 bad < <(wrk -t2 -c16 -d"${SECS}s" --latency "http://$IADDR/" | parse)
  d_rps+=("$rps"); d_p99+=("$p99"); echo "round $r direct: $rps req/s, p50 $p50 ms, p99 $p99 ms, non-2xx $bad"
  read -r rps p50 p99 bad < <(wrk -t2 -c16 -d"${SECS}s" --latency "$API/apps/hello-http/" | parse)
  p_rps+=("$rps"); p_p99+=("$p99"); echo "round $r proxy:  $rps req/s, p50 $p50 ms, p99 $p99 ms, non-2xx $bad"
done
DR=$(median "${d_rps[@]}"); PR=$(median "${p_rps[@]}")

echo
echo "SUMMARY (median of $RUNS; load: wrk -t2 -c16, 3 alternating rounds of ${SECS}s)"
echo "example's own start-up:                 ${OWN} ms"
echo "upload accepted -> first healthy:        ${PLAT} ms"
echo "platform overhead:                       $(python3 -c "print(round($PLAT-$OWN))") ms"
echo "direct: ${DR} req/s, p99 $(median "${d_p99[@]}") ms"
echo "proxy:  ${PR} req/s, p99 $(median "${p_p99[@]}") ms"
echo "proxy/direct throughput:                 $(python3 -c "print(f'{$PR/$DR:.2f}')")"
