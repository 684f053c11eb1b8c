#!/usr/bin/env bash
# A/B of two pathwayd jars (or one jar with two sets of arguments) under the same load: both are started side by side
# with a local lake each (index off), preloaded alike, and measured in alternating rounds, so the machine's noise falls
# on both. Run L in docs/pathwayd.md used it (virtual against platform request threads, then jar against jar).
#
#   flock /work/bench.lock scripts/bench/pathwayd/ab.sh
#   JAR_A=/tmp/before.jar JAR_B=pathwayd/target/pathwayd.jar flock /work/bench.lock scripts/bench/pathwayd/ab.sh
#   ARGS_B=--spring.threads.virtual.enabled=true PHASES=history flock /work/bench.lock scripts/bench/pathwayd/ab.sh
#
# Environment: JAR_A, JAR_B (default: the packaged jar), ARGS_A, ARGS_B (extra pathwayd arguments), JOPTS_A, JOPTS_B
# (extra JVM options, e.g. a JFR recording), PHASES ("history add"), MEMORIES (100000), ROUNDS (2), WARM (HISTORY
# warm-up, 30s), AWARM (ADD warm-up, 40s). Each line: requests/s, p50, p99 (wrk, which corrects for coordinated
# omission: one stall counts once per request the connection could have sent meanwhile) and server CPU per request;
# after the ADD rounds, each side's CPU per ADD at 32 clients by kind of thread (request, journal committer, snapshot,
# gc, jit, export, other), summed over the rounds (a snapshot falls in some rounds only).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
jar_a="${JAR_A:-$root/pathwayd/target/pathwayd.jar}"
jar_b="${JAR_B:-$root/pathwayd/target/pathwayd.jar}"
phases="${PHASES:-history add}"
rounds="${ROUNDS:-2}"
work="$(mktemp -d)"
A=http://127.0.0.1:3961 B=http://127.0.0.1:3962
start() { # PORT JAR JVM_OPTIONS ARGUMENTS
  # shellcheck disable=SC2086  # options and arguments are lists
  "$java" -Xms64m -Xmx3g -XX:+UseCompactObjectHeaders -Xshare:auto $3 -jar "$2" --server.port="$1" --lakehouse.storage.uri="file:$work/lake$1" \
    --lakehouse.pathwayd.index.enabled=false --logging.level.root=WARN $4 >"$work/p$1.log" 2>&1 &
}
start 3961 "$jar_a" "${JOPTS_A:-}" "${ARGS_A:-}"
pa=$!
start 3962 "$jar_b" "${JOPTS_B:-}" "${ARGS_B:-}"
pb=$!
trap 'kill $pa $pb 2>/dev/null; wait; rm -rf "$work"' EXIT
for u in $A $B; do
  for _ in $(seq 1 300); do curl -sf -o /dev/null "$u/actuator/health/readiness" && break; sleep 1; done
done
echo "A: $jar_a ${ARGS_A:-}"
echo "B: $jar_b ${ARGS_B:-}"
echo "up $(date -u +%T), load average $(cut -d' ' -f1-3 /proc/loadavg)"
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# CPU ticks of a server's threads by kind, one "kind ticks" line each (comm may hold spaces: parsed around the
# parentheses); the ADD phase prints each kind's share per request over all its 32-client rounds.
groups() {
  for f in /proc/"$1"/task/*/stat; do cat "$f" 2>/dev/null; done | awk '{
    c = substr($0, index($0, "(") + 1); c = substr(c, 1, index(c, ")") - 1)
    split(substr($0, index($0, ") ") + 2), f, " "); t = f[12] + f[13]
    k = c ~ /^http-nio/ ? "request" : c ~ /^pathwayd-snap/ ? "snapshot" : c ~ /^journal-/ ? "journal" \
      : c ~ /^(GC |G1 )/ ? "gc" : c ~ /^C[12] / ? "jit" : c ~ /^pathwayd-exp/ ? "export" : "other"
    g[k] += t } END { for (k in g) print k, g[k] }' | sort
}
one() { # NAME URL PID WRK_ARGUMENTS...
  local name=$1 url=$2 pid=$3 s0
  shift 3
  s0=$(ticks "$pid")
  [[ $name == add32-* ]] && groups "$pid" >"$work/$name.g0"
  wrk "$@" --latency "$url" >"$work/$name.txt"
  awk -v n="$name" -v c=$(($(ticks "$pid") - s0)) '/Requests\/sec/ {r = $2} /^ +50%/ {p50 = $2} /^ +99%/ {p99 = $2}
    END {printf "   %-12s %9s req/s  p50 %-9s p99 %-9s server CPU %.0f us/request\n", n, r, p50, p99, 1e4 * c / (r * 15)}' \
    "$work/$name.txt"
  if [[ $name == add32-* ]]; then
    groups "$pid" >"$work/$name.g1"
    awk '/Requests\/sec/ {print int($2 * 15)}' "$work/$name.txt" >"$work/$name.n"
  fi
}
# Per kind of thread, us of CPU per ADD over the server's whole life (start-up and warm-up included, every snapshot
# it took): what a snapshot costs per ADD on average, where one 15 s round gets a whole snapshot or none.
life() { # SIDE URL PID
  local n
  n=$(curl -sf "$2/actuator/prometheus" | awk '/^pathwayd_operations_total\{.*op="ADD".*outcome="ok"/ {n += $2} END {printf "%d", n}')
  groups "$3" | awk -v side="$1" -v n="$n" '{d[$1] = $2; t += $2}
    END {printf "   %s, whole life (%d ADDs), us per ADD by thread:", side, n; for (k in d) printf " %s %.0f", k, 1e4 * d[k] / n;
      printf " (all %.0f)\n", 1e4 * t / n}'
}
# Per kind of thread, us of CPU per ADD over every 32-client round of one side (A or B).
by_thread() {
  cat "$work"/add32-"$1"-*.n | awk '{n += $1} END {print "requests", n}' >"$work/sum-$1"
  for r in "$work"/add32-"$1"-*.g0; do
    join -a2 -e0 -o 0,1.2,2.2 "$r" "${r%.g0}.g1"
  done | awk -v side="$1" -v n="$(awk '{print $2}' "$work/sum-$1")" '{d[$1] += $3 - $2; t += $3 - $2}
    END {printf "   %s, 32 clients, us per ADD by thread:", side; for (k in d) printf " %s %.0f", k, 1e4 * d[k] / n;
      printf " (all %.0f)\n", 1e4 * t / n}'
}
cd "$here"
if [[ " $phases " == *" history "* ]]; then
  python3 "$here/batches.py" "${MEMORIES:-100000}" "$work/batches"
  for u in $A $B; do
    # shellcheck disable=SC2011  # our own file names
    ls "$work/batches"/*.json | xargs -P2 -I{} sh -c \
      'curl -sf -X POST -H "Content-Type: application/json" --data-binary @{} '"$u"'/v1/memories:batch | jq -r ".memories[].id" >> {}.ids'
  done
  cat "$work/batches"/*.ids >"$work/ids"
  export BENCH_IDS="$work/ids"
  echo "preloaded, $(date -u +%T)"
  wrk -t2 -c16 -d"${WARM:-30s}" -s history.lua $A >/dev/null
  wrk -t2 -c16 -d"${WARM:-30s}" -s history.lua $B >/dev/null
  for ((r = 1; r <= rounds; r++)); do
    echo "HISTORY round $r, $(date -u +%T), load average $(cut -d' ' -f1-3 /proc/loadavg)"
    one "history-A-$r" $A $pa -t2 -c16 -d15s -s history.lua
    one "history-B-$r" $B $pb -t2 -c16 -d15s -s history.lua
  done
fi
if [[ " $phases " == *" add "* ]]; then
  wrk -t2 -c32 -d"${AWARM:-40s}" -s add.lua $A >/dev/null
  wrk -t2 -c32 -d"${AWARM:-40s}" -s add.lua $B >/dev/null
  for ((r = 1; r <= rounds; r++)); do
    echo "ADD round $r, $(date -u +%T), load average $(cut -d' ' -f1-3 /proc/loadavg)"
    one "add32-A-$r" $A $pa -t2 -c32 -d15s -s add.lua
    one "add32-B-$r" $B $pb -t2 -c32 -d15s -s add.lua
    one "add1-A-$r" $A $pa -t1 -c1 -d15s -s add.lua
    one "add1-B-$r" $B $pb -t1 -c1 -d15s -s add.lua
  done
  by_thread A
  by_thread B
  life A $A $pa
  life B $B $pb
fi
