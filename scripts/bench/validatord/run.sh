#!/usr/bin/env bash
# Load benchmark of validatord against a bare Spring Boot reference endpoint, in the same run, on this machine.
#
#   scripts/bench/validatord/run.sh            # builds what is missing, then measures
#
# Measures, one server at a time (the other idle), each after a 30 s warm-up (the JIT needs 20-25 s on 2 cores):
#   1. validatord  POST /v1/validate        one ~500-byte candidate record per request
#   2. reference   POST /v1/validate        the same body, parsed and validated by networknt in a bare endpoint
#   3. validatord  POST /v1/validate/batch  BATCH_LINES records per request (records/s = requests/s x BATCH_LINES)
#   4. reference   GET  /ping               the empty-endpoint ceiling
# Environment: JAVA_HOME (default temurin 25), THREADS (2), CONNECTIONS (64), BATCH_CONNECTIONS (4: a batch keeps
# both cores busy on its own, and 64 half-megabyte batches in flight only queue past wrk's 2 s timeout),
# WARMUP (30s), DURATION (30s), BATCH_LINES (1000), VALIDATORD_JAR, REFERENCE_JAR.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
threads="${THREADS:-2}"
connections="${CONNECTIONS:-64}"
batch_connections="${BATCH_CONNECTIONS:-4}"
warmup="${WARMUP:-30s}"
duration="${DURATION:-30s}"
lines="${BATCH_LINES:-1000}"
validatord_jar="${VALIDATORD_JAR:-$root/validatord/target/validatord.jar}"
reference_jar="${REFERENCE_JAR:-$here/reference-app/target/validatord-reference.jar}"
command -v wrk >/dev/null || { echo "wrk is required: apt-get install -y wrk" >&2; exit 2; }

[[ -f "$validatord_jar" ]] || (cd "$root" && mvn -B -q -pl validatord -am package -DskipTests)
[[ -f "$reference_jar" ]] || mvn -B -q -f "$here/reference-app/pom.xml" package -DskipTests

work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# The batch body: the candidate record BATCH_LINES times, one per line.
record="$(jq -c .record "$here/candidate.json")"
for ((i = 0; i < lines; i++)); do echo "$record"; done >"$work/batch.ndjson"

wait_ready() {
  for _ in $(seq 1 120); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 1
  done
  echo "server at $1 did not come up" >&2
  exit 1
}

"$java" -jar "$validatord_jar" --server.port=3931 --lakehouse.storage.uri="file:$work/lake" \
  --logging.level.root=WARN >"$work/validatord.log" 2>&1 &
pids+=($!)
"$java" -jar "$reference_jar" --server.port=3932 --reference.schema="$root/validation/src/main/resources/contracts/candidate.schema.json" \
  --logging.level.root=WARN >"$work/reference.log" 2>&1 &
pids+=($!)
wait_ready http://127.0.0.1:3931/actuator/health/readiness
wait_ready http://127.0.0.1:3932/ping

cd "$here"
measure() { # NAME URL SCRIPT [CONNECTIONS]
  local name="$1" url="$2" script="$3" connections="${4:-$connections}"
  echo "== $name: warm-up $warmup"
  wrk -t"$threads" -c"$connections" -d"$warmup" ${script:+-s "$script"} "$url" >/dev/null
  echo "== $name: measure $duration (wrk -t$threads -c$connections -d$duration --latency${script:+ -s $script} $url)"
  wrk -t"$threads" -c"$connections" -d"$duration" --latency ${script:+-s "$script"} "$url" | tee "$work/$name.txt" \
    | grep -E "Requests/sec|^ +50%|^ +99%|non-200|Non-2xx|Socket errors"
}

measure validatord-single http://127.0.0.1:3931 single.lua
measure reference-single http://127.0.0.1:3932 single.lua
BENCH_BATCH="$work/batch.ndjson" measure validatord-batch http://127.0.0.1:3931 batch.lua "$batch_connections"
measure reference-ping http://127.0.0.1:3932/ping ""

rps() { awk '/Requests\/sec/ {print $2}' "$work/$1.txt"; }
v="$(rps validatord-single)"
r="$(rps reference-single)"
b="$(rps validatord-batch)"
p="$(rps reference-ping)"
echo
echo "validatord single : $v validations/s"
echo "reference single  : $r requests/s   (validatord at $(awk -v a="$v" -v b="$r" 'BEGIN {printf "%.1f", 100 * a / b}') % of it)"
echo "validatord batch  : $(awk -v a="$b" -v n="$lines" 'BEGIN {printf "%.0f", a * n}') records/s ($b requests/s of $lines records)"
echo "reference GET     : $p requests/s (empty endpoint)"
