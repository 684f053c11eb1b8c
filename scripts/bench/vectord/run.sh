#!/usr/bin/env bash
# vectord vs C++ hnswlib, side by side on the same data in one run.
#   scripts/bench/vectord/run.sh [OUT_DIR]
# Env: EFS (default 16,32,64,128,256), HTTP_EF (default 64), N (100000), BASELINE=1 (also stock hnswlib-core),
#      LOAD_CLIENTS (concurrent upsert connections of the bulk load, 4),
#      JAVA_HOME (default temurin 25), WARMUP_S (30), MEASURE_S (20).
# Needs: apt-get install -y python3-hnswlib wrk (done here when missing), a built vectord (mvn -pl vectord -am package).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
OUT="${1:-$ROOT/vectord/target/bench}"
EFS="${EFS:-16,32,64,128,256}"
HTTP_EF="${HTTP_EF:-64}"
N="${N:-100000}"
WARMUP_S="${WARMUP_S:-30}"
MEASURE_S="${MEASURE_S:-20}"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
PY=/usr/bin/python3
HERE="$ROOT/scripts/bench/vectord"
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"
: >"$RESULTS"

if ! $PY -c 'import hnswlib, numpy' 2>/dev/null || ! command -v wrk >/dev/null; then
  apt-get install -y python3-hnswlib wrk >/dev/null
fi
[[ -f "$OUT/gt.i32" ]] || $PY "$HERE/gen.py" "$OUT" "$N" 128 1000 42

echo "== C++ hnswlib (python3-hnswlib $(dpkg-query -W -f='${Version}' python3-hnswlib 2>/dev/null || echo '?'))"
$PY "$HERE/hnswlib_bench.py" "$OUT" "$EFS" 16 200 2 | tee -a "$RESULTS"

echo "== vectord in-process"
CP_FILE="$OUT/classpath.txt"
(cd "$ROOT" && mvn -B -q -pl vectord dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null)
[[ -d "$ROOT/vectord/target/test-classes/io/lakehouse/vectord/bench" ]] || (cd "$ROOT" && mvn -B -q -pl vectord test-compile)
CP="$ROOT/vectord/target/classes:$ROOT/vectord/target/test-classes:$(cat "$CP_FILE")"
"$JAVA" --add-modules jdk.incubator.vector -Xmx4g -cp "$CP" io.lakehouse.vectord.bench.InProcessBench "$OUT" "$EFS" \
  ${BASELINE:+--baseline} 2>/dev/null | grep '^{' | tee -a "$RESULTS"

echo "== vectord over HTTP (ef $HTTP_EF)"
PORT=$((20000 + RANDOM % 10000))
LAKE="$OUT/lake"
rm -rf "$LAKE"
"$JAVA" --add-modules jdk.incubator.vector -Xmx4g -jar "$ROOT/vectord/target/vectord.jar" --server.port="$PORT" \
  --lakehouse.storage.uri="file:$LAKE" >"$OUT/vectord.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 240); do curl -fs -o /dev/null "$URL/actuator/health/readiness" && break; sleep 0.5; done
$PY "$HERE/http_load.py" "$URL" "$OUT" "$HTTP_EF" 1000 "${LOAD_CLIENTS:-4}" | tee -a "$RESULTS"
export BODIES="$OUT/search-bodies.txt"
wrk -t1 -c4 -d"${WARMUP_S}s" -s "$HERE/search.lua" "$URL" >/dev/null
for c in 1 4; do
  rps=$(wrk -t1 -c$c -d"${MEASURE_S}s" -s "$HERE/search.lua" "$URL" | awk '/Requests\/sec/ {print $2}')
  echo "{\"impl\":\"vectord over HTTP\",\"ef\":$HTTP_EF,\"connections\":$c,\"rps\":$rps}" | tee -a "$RESULTS"
done
rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$PID/status")
echo "{\"impl\":\"vectord over HTTP\",\"rss_mb\":$rss}" | tee -a "$RESULTS"
echo "results: $RESULTS"
