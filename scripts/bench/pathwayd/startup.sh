#!/usr/bin/env bash
# Start-up time of pathwayd with N memories: one jar writes the lake (bulk ADDs, then a stop, which writes the final
# snapshot), another (or the same) restarts on it twice; prints each start-up's "memories loaded ... in N ms" line.
# Session 7 (docs/pathwayd.md) compared snapshot formats v1 and v2 with it:
#
#   N=160000 flock /work/bench.lock scripts/bench/pathwayd/startup.sh /tmp/old.jar pathwayd/target/pathwayd.jar
#
# Arguments: WRITER_JAR [READER_JAR] (default: the packaged jar for both). Environment: N (160000), PORT (3964).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
writer="${1:-$root/pathwayd/target/pathwayd.jar}"
reader="${2:-$writer}"
n="${N:-160000}" port="${PORT:-3964}"
work="$(mktemp -d)"
pid=
trap '[[ -n $pid ]] && kill $pid 2>/dev/null; wait; rm -rf "$work"' EXIT
start() { # JAR LOG
  "$java" -Xms64m -Xmx3g -XX:+UseCompactObjectHeaders -jar "$1" --server.port="$port" --lakehouse.storage.uri="file:$work/lake" \
    --lakehouse.pathwayd.index.enabled=false --lakehouse.pathwayd.export.interval=0s >"$work/$2.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness" && return; sleep 0.5; done
  echo "pathwayd did not come up: $work/$2.log" >&2
  exit 1
}
stop() { kill "$pid"; wait "$pid" || true; pid=; }
python3 "$here/batches.py" "$n" "$work/batches"
start "$writer" write
# shellcheck disable=SC2011  # our own file names
ls "$work/batches"/*.json | xargs -P2 -I{} curl -sf -o /dev/null -X POST -H "Content-Type: application/json" \
  --data-binary @{} "http://127.0.0.1:$port/v1/memories:batch"
stop
echo "$n memories written by $writer; newest snapshot $(ls -l "$work/lake/journal/pathwayd/snap" | tail -1 | awk '{print $5, $9}')"
for i in 1 2; do
  start "$reader" "read$i"
  stop
  echo "start-up $i ($reader): $(grep -o 'memories loaded.*ms' "$work/read$i.log" | head -1)"
done
