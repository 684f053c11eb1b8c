#!/usr/bin/env bash
# Materializer benchmark: N generated `candidate` records (default 1,000,000), side by side in one run:
#   1. DuckDB's own COPY (SELECT * FROM read_json(...)) TO ... (FORMAT PARQUET, PARTITION_BY (dt)), no validation;
#   2. the materializer end to end (--once: raw NDJSON in the store -> validated -> staged -> committed Parquet);
#   3. (unless --no-warm) the same in the running daemon, warm: POST /v1/materialize on one raw object of the same
#      file to warm the JIT up, then on a second one, which is measured.
# Prints rows/s of each, their ratio to DuckDB (target >= 0.5) and each process's peak RSS.
#
#   scripts/bench/materializer/bench.sh [--records N] [--threads T] [--work DIR] [--keep] [--no-warm] [--port P]
#
# Needs the packaged jar (mvn -pl materializer -am package -DskipTests) and GNU time (/usr/bin/time).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd "$HERE/../../.." && pwd -P)"
RECORDS=1000000 THREADS=2 WORK="" KEEP=0 WARM=1 PORT=13324
while (($#)); do
  case "$1" in
    --records) RECORDS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --no-warm) WARM=0; shift ;;
    --port) PORT="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
JAVA="${JAVA:-$("$ROOT/lakehouse" jdk)/bin/java}"
JAR="${JAR:-$ROOT/materializer/target/materializer.jar}"
[[ -f "$JAR" ]] || { echo "missing $JAR: mvn -pl materializer -am package -DskipTests" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "needs GNU time: apt-get install -y time" >&2; exit 2; }
WORK="${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/materializer-bench.XXXXXX")}"
mkdir -p "$WORK"
((KEEP)) || trap 'rm -rf "$WORK"' EXIT

echo "load at start: $(uptime)" >&2
echo "generating $RECORDS candidates ..." >&2
"$JAVA" "$ROOT/scripts/staffing/StaffingGenerator.java" --candidates "$RECORDS" --seed 7 --datasets candidate \
  --out "$WORK/gen" >&2
IN="$WORK/gen/candidate.ndjson"
BYTES=$(stat -c %s "$IN")

( cd "$WORK" && unzip -q -o -j "$JAR" 'BOOT-INF/lib/duckdb_jdbc-*.jar' -d "$WORK/lib" )
DUCKDB_JAR="$(ls "$WORK"/lib/duckdb_jdbc-*.jar)"

echo "DuckDB COPY ..." >&2
/usr/bin/time -f '%M %e' -o "$WORK/duck.time" "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$DUCKDB_JAR" \
  "$HERE/DuckdbCopy.java" "$IN" "$WORK/duck-out" "$THREADS" created_at >"$WORK/duck.out"
duck_rows=$(sed -n 's/.*rows=\([0-9]*\).*/\1/p' "$WORK/duck.out")
duck_s=$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' "$WORK/duck.out")
read -r duck_kb duck_wall <"$WORK/duck.time"

echo "materializer --once ..." >&2
mkdir -p "$WORK/lake/raw/candidate/dt=2026-11-28"
cp "$IN" "$WORK/lake/raw/candidate/dt=2026-11-28/bench.ndjson"
/usr/bin/time -f '%M %e' -o "$WORK/mat.time" "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx1g -jar "$JAR" --once \
  --dataset candidate --lakehouse.storage.uri="file:$WORK/lake" --lakehouse.materializer.work-dir="$WORK/mwork" \
  --lakehouse.materializer.duckdb-threads="$THREADS" --lakehouse.peers.queryd=http://127.0.0.1:9 \
  >"$WORK/mat.json" 2>"$WORK/mat.err" || { echo "materializer failed:" >&2; tail -20 "$WORK/mat.err" >&2; exit 1; }
echo "materializer phases (one-shot JVM):" >&2
grep -E 'staged [0-9]+ records|committed [0-9]+ files|work files removed' "$WORK/mat.err" | sed 's/.*: raw\//  raw\//' >&2 || true
mat_rows=$(jq '.datasets[0].valid' "$WORK/mat.json")
mat_s=$(jq '.datasets[0].seconds' "$WORK/mat.json")
read -r mat_kb mat_wall <"$WORK/mat.time"

warm_rows=0 warm_s=0 warm_kb=0
if ((WARM)); then
  echo "materializer daemon, warm (POST /v1/materialize twice, the second measured) ..." >&2
  mkdir -p "$WORK/wlake/raw/candidate/dt=2026-11-28"
  cp "$IN" "$WORK/wlake/raw/candidate/dt=2026-11-28/warm1.ndjson"
  "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx1g -jar "$JAR" --server.port="$PORT" \
    --lakehouse.storage.uri="file:$WORK/wlake" --lakehouse.materializer.work-dir="$WORK/wwork" \
    --lakehouse.materializer.interval=0 --lakehouse.materializer.duckdb-threads="$THREADS" \
    --lakehouse.peers.queryd=http://127.0.0.1:9 >"$WORK/daemon.log" 2>&1 &
  DPID=$!
  trap 'kill $DPID 2>/dev/null || true; ((KEEP)) || rm -rf "$WORK"' EXIT
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null 2>&1 && break
    kill -0 "$DPID" 2>/dev/null || { echo "daemon exited:" >&2; tail -20 "$WORK/daemon.log" >&2; exit 1; }
    sleep 0.5
  done
  materialize() {
    curl -fsS -X POST -H 'Content-Type: application/json' -d '{"dataset":"candidate"}' \
      "http://127.0.0.1:$PORT/v1/materialize" >"$1"
  }
  materialize "$WORK/warm1.json"
  cp "$IN" "$WORK/wlake/raw/candidate/dt=2026-11-28/warm2.ndjson"
  materialize "$WORK/warm2.json"
  warm_rows=$(jq '.datasets[0].valid' "$WORK/warm2.json")
  warm_s=$(jq '.datasets[0].seconds' "$WORK/warm2.json")
  warm_kb=$(awk '/VmHWM/ {print $2}' "/proc/$DPID/status")
  kill "$DPID"; wait "$DPID" 2>/dev/null || true
  echo "daemon phases (second, warm run):" >&2
  grep -E 'staged [0-9]+ records|committed [0-9]+ files|work files removed' "$WORK/daemon.log" | grep warm2 \
    | sed 's/.*: raw\//  raw\//' >&2 || true
fi

awk -v n="$RECORDS" -v b="$BYTES" -v dr="$duck_rows" -v ds="$duck_s" -v dk="$duck_kb" -v dw="$duck_wall" \
    -v mr="$mat_rows" -v ms="$mat_s" -v mk="$mat_kb" -v mw="$mat_wall" -v t="$THREADS" \
    -v wr="$warm_rows" -v ws="$warm_s" -v wk="$warm_kb" 'BEGIN {
  printf "input: %d candidate records, %.0f MiB NDJSON, DuckDB threads %d\n", n, b / 1048576, t
  printf "%-34s %10s %9s %10s %12s %13s\n", "", "rows", "seconds", "rows/s", "peak RSS MiB", "process wall s"
  printf "%-34s %10d %9.2f %10.0f %12.0f %13.1f\n", "DuckDB COPY read_json (reference)", dr, ds, dr / ds, dk / 1024, dw
  printf "%-34s %10d %9.2f %10.0f %12.0f %13.1f\n", "materializer --once (end to end)", mr, ms, mr / ms, mk / 1024, mw
  if (wr > 0) printf "%-34s %10d %9.2f %10.0f %12.0f %13s\n", "materializer daemon, warm (2nd run)", wr, ws, wr / ws, wk / 1024, "-"
  printf "ratio materializer --once / DuckDB: %.2f (target >= 0.50)\n", (mr / ms) / (dr / ds)
  if (wr > 0) printf "ratio materializer daemon warm / DuckDB: %.2f\n", (wr / ws) / (dr / ds)
}'
