#!/usr/bin/env bash
# Load benchmark of pathwayd's packaged jar, with a bare Spring Boot POST endpoint as the reference in the same run.
#
#   scripts/bench/pathwayd/run.sh          # builds what is missing, then measures (about 10 minutes)
#
# One pathwayd (journal on a local lake) with one vectord (its search index), one reference app; all three run with the
# same JVM options (JAVA_OPTS, default: the launcher's, as deployed) and the same server settings. In order:
#   1. preload MEMORIES memories through bulk ADD (1,000 per request); for search, wait until the vectord index has
#      them all (at most CATCHUP_TIMEOUT seconds; the lag is reported)
#   2. search   POST /v1/memories/search          topic query within one user's scope   (p50/p99, 16 connections)
#   3. vectord is stopped (VECTORD_DURING_ADD=1 keeps it): it indexes asynchronously whatever is behind or added,
#      and its graph inserts would take a core of this 2-core machine away from the daemon being measured; pathwayd
#      keeps answering reads and accepting writes while its index is unreachable (the spec)
#   4. HISTORY  GET  /v1/memories/{id}/history   random ids among the preloaded        (p50/p99, 16 connections)
#   5. warm-up: the reference WARMUP, then pathwayd's ADD with 32 clients ADD_WARMUP (the JIT needs 20-25 s on 2
#      quiet cores for a bare endpoint; pathwayd's C2 compiles still took a third of a core 55 s into a run at load
#      13, and were done after about 80 s)
#   6. ROUNDS rounds alternating reference and ADD, 32 clients each (wrk -c32), DURATION each; the summary takes the
#      median round of each, so the machine's noise falls on both
#   7. reference and ADD with 1 client (wrk -c1): acknowledged = durable in the journal (fdatasync'ed group)
# Each phase also reports the server's CPU per request and how many cores vectord used meanwhile.
# Environment: JAVA_HOME (temurin 25), JAVA_OPTS, PATHWAYD_JAVA_OPTS (-Xmx3g -XX:+UseCompactObjectHeaders, as the
# launcher on JDK 25), WARMUP (30s), ADD_WARMUP (80s), DURATION (15s), ROUNDS (3),
# MEMORIES (100000), PATHWAYD_ARGS (extra arguments for pathwayd), PHASES (which of "history search add" to run, all
# by default; "add" is steps 5-7), CATCHUP_TIMEOUT (seconds to wait for the index, 1200; 0 skips the wait),
# VECTORD_DURING_ADD, PATHWAYD_JAR, VECTORD_JAR, REFERENCE_JAR, KEEP=1 keeps the work directory.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
# The launcher's DEFAULT_JAVA_OPTS (./lakehouse), so pathwayd runs as deployed; vectord and the reference get the same.
read -r -a java_opts <<<"${JAVA_OPTS:--Xms64m -Xmx1g -Xshare:auto -XX:+ExitOnOutOfMemoryError}"
# And the launcher's addition for pathwayd alone (DAEMON_JAVA_OPTS: it holds every memory version in its heap, ~1 KB
# each; the ADD phase alone adds ~800,000 memories, close to what 1 GB holds: see "Session 6, heap" in the docs).
read -r -a pathwayd_opts <<<"${PATHWAYD_JAVA_OPTS:--Xmx3g -XX:+UseCompactObjectHeaders}"
warmup="${WARMUP:-30s}"
add_warmup="${ADD_WARMUP:-80s}"
duration="${DURATION:-15s}"
rounds="${ROUNDS:-3}"
memories="${MEMORIES:-100000}"
pathwayd_jar="${PATHWAYD_JAR:-$root/pathwayd/target/pathwayd.jar}"
vectord_jar="${VECTORD_JAR:-$root/vectord/target/vectord.jar}"
reference_jar="${REFERENCE_JAR:-$here/reference-app/target/pathwayd-reference.jar}"
command -v wrk >/dev/null || { echo "wrk is required: apt-get install -y wrk" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is required: apt-get install -y jq" >&2; exit 2; }

[[ -f "$pathwayd_jar" && -f "$vectord_jar" ]] || (cd "$root" && mvn -B -q -pl pathwayd,vectord -am package -DskipTests)
[[ -f "$reference_jar" ]] || mvn -B -q -f "$here/reference-app/pom.xml" package -DskipTests

echo "== start: $(uptime)"
echo "JVM options (all servers): ${java_opts[*]}; pathwayd also ${pathwayd_opts[*]}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ "${KEEP:-0}" == 1 ]]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

phases="${PHASES:-history search add}"
has() { [[ " $phases " == *" $1 "* ]]; }
V=http://127.0.0.1:3941 P=http://127.0.0.1:3942 R=http://127.0.0.1:3943
"$java" "${java_opts[@]}" --add-modules=jdk.incubator.vector -jar "$vectord_jar" --server.port=3941 \
  --lakehouse.storage.uri="file:$work/vlake" --logging.level.root=WARN >"$work/vectord.log" 2>&1 &
pids+=($!)
vectord_pid=$!
# shellcheck disable=SC2086  # PATHWAYD_ARGS is a list of arguments
"$java" "${java_opts[@]}" "${pathwayd_opts[@]}" -jar "$pathwayd_jar" --server.port=3942 --lakehouse.storage.uri="file:$work/plake" \
  --lakehouse.peers.vectord="$V" --logging.level.root=WARN ${PATHWAYD_ARGS:-} >"$work/pathwayd.log" 2>&1 &
pids+=($!)
pathwayd_pid=$!
"$java" "${java_opts[@]}" -jar "$reference_jar" --server.port=3943 --logging.level.root=WARN >"$work/reference.log" 2>&1 &
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

t0=0 t1=0 t2=0 lag=-1
if has history || has search; then
  # ---------------------------------------------------------------- 1. preload
  echo "== preload $memories memories (bulk ADD, 1,000 per request)"
  t0=$(date +%s.%N)
  python3 "$here/batches.py" "$memories" "$work/batches"
  ls "$work/batches"/*.json | xargs -P2 -I{} sh -c \
    'curl -sf -X POST -H "Content-Type: application/json" --data-binary @{} '"$P"'/v1/memories:batch | jq -r ".memories[].id" > {}.ids'
  cat "$work/batches"/*.ids >"$work/ids"
  loaded="$(wc -l <"$work/ids")"
  t1=$(date +%s.%N)
  echo "   $loaded memories acknowledged in $(echo "$t1 - $t0" | bc) s"
  [[ "$loaded" -eq "$memories" ]] || { echo "preload incomplete: $loaded of $memories" >&2; exit 1; }
fi
if has search; then
  echo "== waiting for the vectord index to catch up"
  lag=-1
  deadline=$((SECONDS + ${CATCHUP_TIMEOUT:-1200}))
  while ((SECONDS < deadline)); do
    lag="$(curl -sf -X POST -H 'Content-Type: application/json' -d '{"query":"x"}' "$P/v1/memories/search" | jq .index_lag || echo -1)"
    [[ "$lag" == 0 ]] && break
    sleep 1
  done
  t2=$(date +%s.%N)
  echo "   index lag $lag after $(echo "$t2 - $t1" | bc) s"
fi

cd "$here"
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; } # user + system CPU, in 1/100 s
run_wrk() { # NAME DURATION URL SCRIPT CONNECTIONS THREADS SERVER_PID: one measured interval, with CPU
  local name="$1" d="$2" url="$3" script="$4" c="$5" t="$6" server="$7"
  local s0 v0
  s0=$(ticks "$server")
  v0=$(ticks "$vectord_pid")
  wrk -t"$t" -c"$c" -d"$d" --latency -s "$script" "$url" >"$work/$name.txt"
  echo "server_cpu_s $(echo "scale=2; ($(ticks "$server") - $s0) / 100" | bc)" >>"$work/$name.txt"
  echo "vectord_cpu_s $(echo "scale=2; ($(ticks "$vectord_pid") - $v0) / 100" | bc)" >>"$work/$name.txt"
  echo "duration_s ${d%s}" >>"$work/$name.txt"
  awk -v name="$name" '/Requests\/sec/ {r = $2} /^ +50%/ {p50 = $2} /^ +99%/ {p99 = $2} /Non-2xx/ {bad = $NF}
    /^server_cpu_s/ {s = $2} /^duration_s/ {d = $2}
    END {printf "   %-14s %9s req/s  p50 %-9s p99 %-9s non-2xx %s  server CPU %.0f us/request\n", name, r, p50, p99,
      (bad == "" ? 0 : bad), 1e6 * s / (r * d)}' "$work/$name.txt"
}
measure() { # NAME URL SCRIPT CONNECTIONS THREADS SERVER_PID: warm-up, then measured
  echo "== $1: warm-up $warmup, then wrk -t$5 -c$4 -d$duration --latency -s $3 $2"
  wrk -t"$5" -c"$4" -d"$warmup" -s "$3" "$2" >/dev/null
  run_wrk "$1" "$duration" "$2" "$3" "$4" "$5" "$6"
}
export BENCH_IDS="$work/ids"
has search && measure search "$P" search.lua 16 2 "$pathwayd_pid"
if [[ "${VECTORD_DURING_ADD:-0}" != 1 ]] && { has history || has add; }; then
  echo "== stopping vectord for the HISTORY and ADD phases (VECTORD_DURING_ADD=1 keeps it)"
  kill "$vectord_pid"
  wait "$vectord_pid" 2>/dev/null || true
fi
has history && measure history "$P" history.lua 16 2 "$pathwayd_pid"

# entries and group commits so far, and the seconds spent making them durable
commits() { curl -sf "$P/actuator/prometheus" | awk '/^lakehouse_journal_batch_entries_sum/ {e = $2}
  /^lakehouse_journal_batch_entries_count/ {c = $2} /^lakehouse_journal_flush_seconds_sum/ {f = $2}
  END {printf "%d %d %.6f\n", e, c, f}'; }
group() { # entries per group and ms per group between two commits() readings
  awk -v e="$(( $4 - $1 ))" -v c="$(( $5 - $2 ))" -v f="$(echo "$6 - $3" | bc)" \
    'BEGIN {if (c < 1) c = 1; printf "%.1f entries per group, %.3f ms to make a group durable (mean)", e / c, 1000 * f / c}'
}
if has add; then
  echo "== warm-up, 32 clients: reference $warmup, then ADD $add_warmup"
  wrk -t2 -c32 -d"$warmup" -s add.lua "$R" >/dev/null
  wrk -t2 -c32 -d"$add_warmup" -s add.lua "$P" >/dev/null
  echo "== $rounds rounds of wrk -t2 -c32 -d$duration --latency -s add.lua, alternating reference and ADD"
  read -r e0 c0 f0 < <(commits)
  for ((r = 1; r <= rounds; r++)); do
    run_wrk "reference-32-$r" "$duration" "$R" add.lua 32 2 "$reference_pid"
    run_wrk "add-32-$r" "$duration" "$P" add.lua 32 2 "$pathwayd_pid"
  done
  read -r e1 c1 f1 < <(commits)
  echo "== 1 client: wrk -t1 -c1 -d$duration --latency -s add.lua (10 s warm-up each)"
  wrk -t1 -c1 -d10s -s add.lua "$R" >/dev/null
  run_wrk reference-1 "$duration" "$R" add.lua 1 1 "$reference_pid"
  wrk -t1 -c1 -d10s -s add.lua "$P" >/dev/null
  read -r e2 c2 f2 < <(commits)
  run_wrk add-1 "$duration" "$P" add.lua 1 1 "$pathwayd_pid"
  read -r e3 c3 f3 < <(commits)
fi

rps() { awk '/Requests\/sec/ {printf "%.0f", $2}' "$work/$1.txt"; }
pct() { awk -v p="$2%" '$1 == p {print $2}' "$work/$1.txt"; }
cpu() { # CPU of the server (and of vectord) per request in a measured interval
  awk '/Requests\/sec/ {r = $2} /^server_cpu_s/ {s = $2} /^vectord_cpu_s/ {v = $2} /^duration_s/ {d = $2}
    END {printf "server CPU %.0f us/request, vectord CPU %.2f cores", 1e6 * s / (r * d), v / d}' "$work/$1.txt"
}
median_round() { # PREFIX: the name of the round with the median requests/s (the lower middle one for an even count)
  for ((r = 1; r <= rounds; r++)); do echo "$(rps "$1-$r") $1-$r"; done | sort -g | awk '{v[NR] = $2} END {print v[int((NR + 1) / 2)]}'
}
row() { # LABEL NAME
  echo "| $1 | $(rps "$2") /s, p50 $(pct "$2" 50), p99 $(pct "$2" 99); $(cpu "$2") |"
}
echo
echo "| measure | result |"
echo "|---|---|"
if has history || has search; then
  catchup=""
  has search && catchup="; vectord index lag $lag memories $(echo "$t2 - $t1" | bc | cut -c1-6) s later (0 = caught up)"
  echo "| preload: $memories memories by bulk ADD | $(echo "$t1 - $t0" | bc | cut -c1-6) s$catchup |"
fi
has search && row "search at $memories memories (k=10, one user's scope), 16 connections" search
has history && row "HISTORY at $memories memories, 16 connections (vectord stopped)" history
if has add; then
  ref="$(median_round reference-32)"
  add="$(median_round add-32)"
  row "bare Spring Boot POST (reference), 32 clients, median of $rounds rounds ($ref)" "$ref"
  row "ADD acknowledged, 32 clients, median of $rounds rounds ($add)" "$add"
  echo "| ADD at 32 clients against the reference | $(awk -v a="$(rps "$add")" -v b="$(rps "$ref")" 'BEGIN {printf "%.0f %%", 100 * a / b}') |"
  echo "| group commit during the 32-client rounds | $(group "$e0" "$c0" "$f0" "$e1" "$c1" "$f1") |"
  row "bare Spring Boot POST (reference), 1 client" reference-1
  row "ADD acknowledged, 1 client" add-1
  echo "| group commit during ADD with 1 client | $(group "$e2" "$c2" "$f2" "$e3" "$c3" "$f3") |"
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
