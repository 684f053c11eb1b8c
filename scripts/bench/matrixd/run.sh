#!/usr/bin/env bash
# matrixd benchmarks (results in docs/matrixd.md):
#   1. /v1/search with three healthy sources (vectord index, the same index filtered, a queryd statement):
#      matrixd's added latency over the slowest source, p50/p99 (target <= 5 ms p50)
#   2. /v1/match of 500 job orders x 5,000 candidates, k 5, join on state and years (target < 5 s)
# Starts its own vectord, queryd and matrixd from the packaged jars on free ports over a temporary lake.
# Usage: scripts/bench/matrixd/run.sh [WORK_DIR]
#   env: CANDIDATES=5000 JOBS=500 WARMUP_SECONDS=30 REQUESTS=2000 ROUNDS=5
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
work=${1:-$(mktemp -d /tmp/matrixd-bench.XXXXXX)}
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
opts=(-Xms64m -Xmx1g -Xshare:auto --enable-native-access=ALL-UNNAMED)
mkdir -p "$work/lake"

for d in vectord queryd matrixd; do
  [[ -f $root/$d/target/$d.jar ]] || (cd "$root" && mvn -B -q -pl $d -am package -DskipTests)
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pv=$(free_port); pq=$(free_port); pm=$(free_port)
V=http://127.0.0.1:$pv Q=http://127.0.0.1:$pq M=http://127.0.0.1:$pm
pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done; }
trap stop EXIT
start() { # start DAEMON PORT [extra java args]
  local d=$1 port=$2; shift 2
  "$java" "${opts[@]}" "$@" -jar "$root/$d/target/$d.jar" --server.port="$port" --lakehouse.storage.uri="file:$work/lake" \
    --lakehouse.peers.vectord="$V" --lakehouse.peers.queryd="$Q" > "$work/$d.log" 2>&1 &
  pids+=($!)
}
start vectord "$pv" --add-modules=jdk.incubator.vector
start queryd "$pq"
start matrixd "$pm"
for u in "$V" "$Q" "$M"; do
  for _ in $(seq 1 600); do curl -fs -o /dev/null "$u/actuator/health/readiness" && break; sleep 0.5; done
  curl -fs -o /dev/null "$u/actuator/health/readiness" || { echo "$u not ready; logs in $work" >&2; exit 1; }
done
echo "machine: $(nproc) cores, $(uname -r), $("$java" -version 2>&1 | head -1)"
bench=("$java" "$here/MatrixdBench.java")
"${bench[@]}" load "$M" "$V" "${CANDIDATES:-5000}" "${JOBS:-500}"
"${bench[@]}" search "$M" "${WARMUP_SECONDS:-30}" "${REQUESTS:-2000}"
"${bench[@]}" match "$M" "${ROUNDS:-5}"
echo "matrixd RSS: $(( $(awk '/VmRSS/ {print $2}' /proc/${pids[2]}/status) / 1024 )) MiB"
