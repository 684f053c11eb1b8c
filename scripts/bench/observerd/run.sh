#!/usr/bin/env bash
# Ingestion benchmark of the packaged observerd jar on this machine.
#
#   scripts/bench/observerd/run.sh        # builds what is missing, then measures
#
# For each of: JSON batches of 100 and of 1,000 (POST /v1/observations), OTLP protobuf batches of 100 and of 1,000
# (POST /v1/traces), a fresh observerd over a temporary lake gets CLIENTS concurrent clients posting batches with
# fresh run ids for WARMUP s (the JIT needs 20-25 s on 2 cores), then DURATION s measured; one more client asks
# GET /v1/stats?window=1m every 50 ms meanwhile (stats latency under load). Server and clients run under nice.
# Besides observations/s it prints observations per CPU-second of the server (from /proc), a figure that holds
# when other work shares the machine.
# Environment: JAVA_HOME (default temurin 25), CLIENTS (8), WARMUP (30), DURATION (30), OBSERVERD_JAR,
# HEAP (server -Xmx, default 1g), SERVER_OPTS (more JVM options for the server, e.g. a JFR recording),
# MODES (the loads to run, default "json:100 json:1000 otlp:100 otlp:1000").
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
clients="${CLIENTS:-8}"
warmup="${WARMUP:-30}"
duration="${DURATION:-30}"
jar="${OBSERVERD_JAR:-$root/observerd/target/observerd.jar}"
[[ -f "$jar" ]] || (cd "$root" && mvn -B -q -pl observerd -am package -DskipTests)

# The generator builds its OTLP template with the same protobuf classes observerd uses.
cp_file="$root/observerd/target/bench.classpath"
[[ -f "$cp_file" ]] || (cd "$root" && mvn -B -q -pl observerd dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$cp_file" >/dev/null)

work="$(mktemp -d)"
pid=""
cleanup() {
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port=3936
for mode in ${MODES:-json:100 json:1000 otlp:100 otlp:1000}; do
  set -- ${mode/:/ }
  rm -rf "$work/lake"
  nice "$java" -Xmx"${HEAP:-1g}" ${SERVER_OPTS:-} -jar "$jar" --server.port=$port --lakehouse.storage.uri="file:$work/lake" \
    --logging.level.root=WARN >"$work/observerd.log" 2>&1 &
  pid=$!
  ready=""
  for _ in $(seq 1 180); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness" && { ready=1; break; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  [[ -n "$ready" ]] || { echo "observerd did not get ready:" >&2; tail -20 "$work/observerd.log" >&2; exit 1; }
  nice "$java" -cp "$(cat "$cp_file")" "$here/ObserverdBench.java" "http://127.0.0.1:$port" "$1" "$2" "$clients" \
    "$warmup" "$duration" "$pid"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  pid=""
done
