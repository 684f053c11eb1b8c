#!/usr/bin/env bash
# queryd benchmarks, all in one run (see docs/queryd.md for results):
#   1. analytic queries through POST /sql vs an in-process DuckDB JDBC connection over the same files (ratio), both
#      sides warmed up alike with the same queries first (-Dwarmup.seconds, 20 by default, after 30 s of SELECT 42)
#   2. SELECT 42 with wrk over keep-alive: requests/s, p50/p99, next to a bare Spring Boot endpoint answering the
#      same bytes without DuckDB (reference-app: the floor on this machine, in the same run)
#   3. peak RSS while a query scans more data than the DuckDB memory limit
# Usage: scripts/bench/queryd/run.sh [WORK_DIR]   (env: PLACEMENTS=1000000 ROUNDS=201 WRK_SECONDS=20 WARMUP_SECONDS=30,
#        JAR=queryd/target/queryd.jar to measure another build)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
work=${1:-$(mktemp -d /tmp/queryd-bench.XXXXXX)}
placements=${PLACEMENTS:-1000000}
# 201 rounds: the per-round ratio of the ~12 ms query spreads 0.92-1.24 between its quartiles, so the median of 41
# rounds moved by +-0.04 from run to run (1.015 and 1.120 in two quiet runs); 201 rounds narrow that to ~+-0.016 for
# about a minute more (docs/queryd.md, session 7).
rounds=${ROUNDS:-201}
wrk_seconds=${WRK_SECONDS:-20}
warmup_seconds=${WARMUP_SECONDS:-30}
port=${PORT:-3322}
threads=${THREADS:-2}
memory=${MEMORY_LIMIT:-256MB}
# Maven builds the reference app too, so it needs the same JDK (the machine's default java is 17).
export JAVA_HOME=$("$root/lakehouse" jdk)
java=$JAVA_HOME/bin/java
jar=${JAR:-$root/queryd/target/queryd.jar}
reference_jar=$here/reference-app/target/queryd-reference.jar

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[[ -f $jar ]] || (cd "$root" && mvn -B -q -pl queryd -am package -DskipTests)
[[ -f $reference_jar ]] || mvn -B -q -f "$here/reference-app/pom.xml" package -DskipTests
# The DuckDB driver the daemon ships, taken from its jar (no dependency on a local Maven repository).
duckdb_jar=${DUCKDB_JAR:-}
if [[ -z "$duckdb_jar" ]]; then
  mkdir -p "$root/queryd/target/bench-lib"
  unzip -q -o -j "$jar" 'BOOT-INF/lib/duckdb_jdbc-*.jar' -d "$root/queryd/target/bench-lib"
  libs=("$root"/queryd/target/bench-lib/duckdb_jdbc-*.jar)
  duckdb_jar=${libs[0]}
fi

lake=$work/lake
if [[ ! -d $lake/curated/placement ]]; then
  "$java" --enable-native-access=ALL-UNNAMED -cp "$duckdb_jar" "$here/BenchQueryd.java" generate "$lake" "$placements"
fi
echo "data: $(du -sh "$lake/curated" | cut -f1) of Parquet under $lake/curated"

pid=
stop() { [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; pid=; }
trap stop EXIT
start() { # start MEMORY_LIMIT [extra java args...]
  local mem=$1; shift
  "$java" --enable-native-access=ALL-UNNAMED "$@" -jar "$jar" --server.port="$port" \
    --lakehouse.storage.uri="file:$lake" --lakehouse.queryd.memory-limit="$mem" --lakehouse.queryd.threads="$threads" \
    --lakehouse.queryd.max-concurrent-statements=64 > "$work/queryd.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null && return 0
    sleep 0.5
  done
  echo "queryd did not become ready; see $work/queryd.log" >&2; exit 1
}

cat > "$work/select42.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"sql":"SELECT 42"}'
wrk.headers["Content-Type"] = "application/json"
LUA
load() { # load SECONDS URL [wrk args...]: wrk -t2 -c16 over keep-alive
  local seconds=$1 url=$2; shift 2
  wrk -t2 -c16 -d"${seconds}s" "$@" -s "$work/select42.lua" "$url/sql"
}
cpu_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{s += $1} END {printf "%.0f", s}'; }
measure() { # measure URL PID: wrk figures, and the server's CPU time per request (all its threads)
  local before after out requests
  before=$(cpu_ns "$2")
  out=$(load "$wrk_seconds" "$1" --latency)
  after=$(cpu_ns "$2")
  grep -E 'Requests/sec|^ +(50|99)%|Non-2xx|Socket errors' <<<"$out" || true
  requests=$(grep -oE '^ +[0-9]+ requests in' <<<"$out" | grep -oE '[0-9]+')
  echo "server CPU per request: $(( (after - before) / requests / 1000 )) us (all threads; $requests requests)"
}

echo "load at start: $(uptime)"
# CPU pressure: the share of time some runnable task waited for a core (100 = never a free core, e.g. other work).
[[ -r /proc/pressure/cpu ]] && echo "cpu pressure at start: $(head -1 /proc/pressure/cpu)"
start "$memory"
# Both sides warm before anything is measured (field notes: the JIT needs 20-25 s of load on 2 cores).
load "$warmup_seconds" "http://127.0.0.1:$port" > /dev/null

echo "== 1. /sql vs in-process JDBC (threads=$threads, memory_limit=$memory, $rounds rounds across the queries; ratio = median of the per-round ratios)"
"$java" --enable-native-access=ALL-UNNAMED -cp "$duckdb_jar" "$here/BenchQueryd.java" compare "$lake" \
  "http://127.0.0.1:$port" "$threads" "$memory" "$rounds" "$pid"

echo "== 2. SELECT 42 with wrk (keep-alive, 2 threads, 16 connections, ${wrk_seconds}s; ${warmup_seconds}s warm-up)"
echo "-- queryd POST /sql"
measure "http://127.0.0.1:$port" "$pid"
stop
"$java" -Xmx512m -jar "$reference_jar" --server.port="$port" --server.tomcat.max-keep-alive-requests=10000 \
  --logging.level.root=WARN > "$work/reference.log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do
  curl -sf -H 'Content-Type: application/json' "http://127.0.0.1:$port/sql" -d '{"sql":"SELECT 42"}' >/dev/null && break
  sleep 0.5
done
load "$warmup_seconds" "http://127.0.0.1:$port" > /dev/null
echo "-- reference: bare Spring Boot POST /sql, same answer bytes, no DuckDB"
measure "http://127.0.0.1:$port" "$pid"
stop

rss_memory=${RSS_MEMORY_LIMIT:-64MB}
echo "== 3. peak RSS scanning more than memory_limit=$rss_memory (-Xmx256m)"
start "$rss_memory" -Xmx256m
raw=$(curl -sf -H 'Content-Type: application/json' "http://127.0.0.1:$port/sql" \
  -d '{"sql":"SELECT sum(strlen(notes) + strlen(status)) FROM placement"}' | jq -r '.rows[0][0]')
echo "bytes of string data scanned: $raw"
before=$(grep VmHWM /proc/$pid/status | awk '{print $2}')
curl -sf -H 'Content-Type: application/json' "http://127.0.0.1:$port/sql" \
  -d '{"sql":"SELECT status, min(notes), max(notes), sum(hours), count(*) FROM placement GROUP BY status"}' \
  | jq -c '{rows: .rows | length, elapsed_ms}' || echo "(query failed: see $work/queryd.log)"
after=$(grep VmHWM /proc/$pid/status | awk '{print $2}')
echo "peak RSS (VmHWM): before scans $((before / 1024)) MiB, after $((after / 1024)) MiB; memory_limit $rss_memory"
stop
