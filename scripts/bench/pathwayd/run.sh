#!/usr/bin/env bash
# Load benchmark of pathwayd's packaged jar, with a bare Spring Boot POST endpoint as the reference in the same run.
#
#   scripts/bench/pathwayd/run.sh          # builds what is missing, then measures (about 10 minutes)
#
# One pathwayd (journal on a local lake) with one vectord (its search index), one reference app. In order:
#   1. preload MEMORIES memories through bulk ADD (1,000 per request), wait until the vectord index has them all
#   2. HISTORY  GET  /v1/memories/{id}/history   random ids among the preloaded        (p50/p99, 16 connections)
#   3. search   POST /v1/memories/search          topic query within one user's scope   (p50/p99, 16 connections)
#   4. reference POST /v1/memories (bare endpoint, parses the body, stores nothing)        32 clients
#   5. ADD      POST /v1/memories                 1 client  (wrk -c1): acknowledged = durable in the journal
#   6. ADD      POST /v1/memories                 32 clients (wrk -c32)
# Each phase also reports the server's CPU per request and how many cores vectord used meanwhile (indexing).
# Every phase runs WARMUP first (the JIT needs 20-25 s on 2 cores), then DURATION measured.
# Environment: JAVA_HOME (temurin 25), WARMUP (30s), DURATION (30s), MEMORIES (100000), PATHWAYD_ARGS (extra
# arguments for pathwayd, e.g. --lakehouse.pathwayd.index.enabled=false), PHASES (which of "history search
# reference add-1 add-32" to run, all by default), CATCHUP_TIMEOUT (seconds to wait for the index, 1200; 0 skips the
# wait), KEEP=1 keeps the work directory.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
warmup="${WARMUP:-30s}"
duration="${DURATION:-30s}"
memories="${MEMORIES:-100000}"
pathwayd_jar="$root/pathwayd/target/pathwayd.jar"
vectord_jar="$root/vectord/target/vectord.jar"
reference_jar="$here/reference-app/target/pathwayd-reference.jar"
command -v wrk >/dev/null || { echo "wrk is required: apt-get install -y wrk" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is required: apt-get install -y jq" >&2; exit 2; }

[[ -f "$pathwayd_jar" && -f "$vectord_jar" ]] || (cd "$root" && mvn -B -q -pl pathwayd,vectord -am package -DskipTests)
[[ -f "$reference_jar" ]] || mvn -B -q -f "$here/reference-app/pom.xml" package -DskipTests

echo "== start: $(uptime)"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ "${KEEP:-0}" == 1 ]]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

V=http://127.0.0.1:3941 P=http://127.0.0.1:3942 R=http://127.0.0.1:3943
"$java" --add-modules=jdk.incubator.vector -Xmx1g -jar "$vectord_jar" --server.port=3941 \
  --lakehouse.storage.uri="file:$work/vlake" --logging.level.root=WARN >"$work/vectord.log" 2>&1 &
pids+=($!)
vectord_pid=$!
# shellcheck disable=SC2086  # PATHWAYD_ARGS is a list of arguments
"$java" -Xmx2g -jar "$pathwayd_jar" --server.port=3942 --lakehouse.storage.uri="file:$work/plake" \
  --lakehouse.peers.vectord="$V" --logging.level.root=WARN ${PATHWAYD_ARGS:-} >"$work/pathwayd.log" 2>&1 &
pids+=($!)
pathwayd_pid=$!
"$java" -Xmx512m -jar "$reference_jar" --server.port=3943 --logging.level.root=WARN >"$work/reference.log" 2>&1 &
pids+=($!)
reference_pid=$!

wait_ready() { # URL [curl args...]
  local url="$1"
  shift
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null "$@" "$url" && return 0
    sleep 1
  done
  echo "server at $url did not come up" >&2
  exit 1
}
wait_ready "$V/actuator/health/readiness"
wait_ready "$P/actuator/health/readiness"
wait_ready "$R/v1/memories" -X POST -H 'Content-Type: application/json' -d '{"content":"ping"}'
echo "== servers up (load average $(cut -d' ' -f1-3 /proc/loadavg))"

# ---------------------------------------------------------------- 1. preload
echo "== preload $memories memories (bulk ADD, 1,000 per request)"
t0=$(date +%s.%N)
python3 - "$memories" "$work/batches" <<'PY'
import json, os, sys
n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)
for b in range((n + 999) // 1000):
    ms = []
    for i in range(b * 1000, min(n, (b + 1) * 1000)):
        ms.append({"kind": "fact", "content": f"memory {i} about topic {i % 397} and item {i % 31}",
                   "scope": {"user_id": f"u{i % 1000}"}, "metadata": {"n": i}})
    with open(f"{out}/{b:05d}.json", "w") as f:
        json.dump({"memories": ms}, f)
PY
ls "$work/batches"/*.json | xargs -P2 -I{} sh -c \
  'curl -sf -X POST -H "Content-Type: application/json" --data-binary @{} '"$P"'/v1/memories:batch | jq -r ".memories[].id" > {}.ids'
cat "$work/batches"/*.ids >"$work/ids"
loaded="$(wc -l <"$work/ids")"
t1=$(date +%s.%N)
echo "   $loaded memories acknowledged in $(echo "$t1 - $t0" | bc) s"
[[ "$loaded" -eq "$memories" ]] || { echo "preload incomplete: $loaded of $memories" >&2; exit 1; }
echo "== waiting for the vectord index to catch up"
lag=-1
for _ in $(seq 1 "${CATCHUP_TIMEOUT:-1200}"); do
  lag="$(curl -sf -X POST -H 'Content-Type: application/json' -d '{"query":"x"}' "$P/v1/memories/search" | jq .index_lag || echo -1)"
  [[ "$lag" == 0 ]] && break
  sleep 1
done
t2=$(date +%s.%N)
echo "   index lag $lag after $(echo "$t2 - $t1" | bc) s"

cd "$here"
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system CPU of a process, in 1/100 s
measure() { # NAME URL SCRIPT CONNECTIONS THREADS SERVER_PID
  local name="$1" url="$2" script="$3" c="$4" t="$5" server="$6"
  echo "== $name: warm-up $warmup"
  wrk -t"$t" -c"$c" -d"$warmup" -s "$script" "$url" >/dev/null
  echo "== $name: measure $duration (wrk -t$t -c$c -d$duration --latency -s $script $url)"
  local s0 v0
  s0=$(ticks "$server")
  v0=$(ticks "$vectord_pid")
  wrk -t"$t" -c"$c" -d"$duration" --latency -s "$script" "$url" | tee "$work/$name.txt" \
    | grep -E "Requests/sec|^ +50%|^ +99%|Non-2xx|Socket errors"
  echo "server_cpu_s $(echo "scale=2; ($(ticks "$server") - $s0) / 100" | bc)" >>"$work/$name.txt"
  echo "vectord_cpu_s $(echo "scale=2; ($(ticks "$vectord_pid") - $v0) / 100" | bc)" >>"$work/$name.txt"
  tail -2 "$work/$name.txt"
}
export BENCH_IDS="$work/ids"
phases="${PHASES:-history search reference add-1 add-32}"
has() { [[ " $phases " == *" $1 "* ]]; }
has history && measure history "$P" history.lua 16 2 "$pathwayd_pid"
has search && measure search "$P" search.lua 16 2 "$pathwayd_pid"
# The reference before the ADD phases: afterwards vectord is still indexing what they added.
has reference && measure reference-32 "$R" add.lua 32 2 "$reference_pid"
# entries and group commits so far, and the seconds spent making them durable
commits() { curl -sf "$P/actuator/prometheus" | awk '/^lakehouse_journal_batch_entries_sum/ {e = $2}
  /^lakehouse_journal_batch_entries_count/ {c = $2} /^lakehouse_journal_flush_seconds_sum/ {f = $2}
  END {printf "%d %d %.6f\n", e, c, f}'; }
read -r e_0 c_0 f_0 < <(commits)
has add-1 && measure add-1 "$P" add.lua 1 1 "$pathwayd_pid"
read -r e0 c0 f0 < <(commits)
has add-32 && measure add-32 "$P" add.lua 32 2 "$pathwayd_pid"
read -r e1 c1 f1 < <(commits)

rps() { awk '/Requests\/sec/ {printf "%.0f", $2}' "$work/$1.txt"; }
pct() { awk -v p="$2%" '$1 == p {print $2}' "$work/$1.txt"; }
cpu() { # CPU of the server (and of vectord) per request in the measured phase
  awk '/Requests\/sec/ {r = $2} /^server_cpu_s/ {s = $2} /^vectord_cpu_s/ {v = $2}
    END {d = '"${duration%s}"'; printf "server CPU %.0f us/request, vectord CPU %.2f cores", 1e6 * s / (r * d), v / d}' "$work/$1.txt"
}
echo
echo "| measure | result |"
echo "|---|---|"
echo "| preload: $memories memories by bulk ADD | $(echo "$t1 - $t0" | bc | cut -c1-6) s; index caught up $(echo "$t2 - $t1" | bc | cut -c1-6) s later |"
has history && echo "| HISTORY, 16 connections | $(rps history) req/s, p50 $(pct history 50), p99 $(pct history 99); $(cpu history) |"
has search && echo "| search (k=10, one user's scope), 16 connections | $(rps search) req/s, p50 $(pct search 50), p99 $(pct search 99); $(cpu search) |"
has add-1 && echo "| ADD acknowledged, 1 client | $(rps add-1) /s, p50 $(pct add-1 50), p99 $(pct add-1 99); $(cpu add-1) |"
has add-32 && echo "| ADD acknowledged, 32 clients | $(rps add-32) /s, p50 $(pct add-32 50), p99 $(pct add-32 99); $(cpu add-32) |"
has add-1 && echo "| group commit during ADD x1 (warm-up + measure) | $(( (e0 - e_0) / (c0 - c_0 > 0 ? c0 - c_0 : 1) )) entries, $(echo "scale=3; 1000 * ($f0 - $f_0) / ($c0 - $c_0)" | bc) ms to make durable (mean) |"
has add-32 && echo "| group commit during ADD x32 (warm-up + measure) | $(( (e1 - e0) / (c1 - c0 > 0 ? c1 - c0 : 1) )) entries, $(echo "scale=3; 1000 * ($f1 - $f0) / ($c1 - $c0)" | bc) ms to make durable (mean) |"
has reference && echo "| bare Spring Boot POST (reference, measured before the ADD phases), 32 clients | $(rps reference-32) /s, p50 $(pct reference-32 50), p99 $(pct reference-32 99); $(cpu reference-32) |"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
