#!/usr/bin/env bash
# Smoke chain: start the seven packaged daemon jars on loopback (free ports, temporary data dir),
# run every scripts/smoke/NN_*.sh in order, stop everything it started (also on failure, Ctrl-C
# or kill), print one line per smoke and end with "N passed, M failed".
#
#   scripts/smoke/run.sh               all smokes
#   scripts/smoke/run.sh 02_auth 04    only smokes whose name contains one of the arguments
#
# Environment: SMOKE_JAVA (java binary; default: the launcher's JDK selection), SMOKE_JAVA_OPTS,
# SMOKE_START_TIMEOUT (s, default 300), SMOKE_TIMEOUT (s per smoke, default 300),
# SMOKE_VERBOSE=1 (show every smoke's output), SMOKE_KEEP=1 (keep the temporary directory).
#
# A smoke is an executable bash script that exits 0 on pass and non-zero on failure, printing what
# failed. It gets <DAEMON>_URL/_JAR/_PORT/_LOG for the seven daemons, SMOKE_TMP, SMOKE_JAVA,
# SMOKE_JAVA_OPTS, SMOKE_LAKE_URI, SMOKE_PIDFILE, SMOKE_LIB and LAKEHOUSE_ROOT (see lib.sh).
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd "$HERE/../.." && pwd -P)"
DAEMONS=(validatord queryd vectord materializer pathwayd observerd matrixd)
START_TIMEOUT="${SMOKE_START_TIMEOUT:-300}"
SMOKE_TIMEOUT="${SMOKE_TIMEOUT:-300}"

if [[ -t 1 ]]; then G=$'\e[32m' R=$'\e[31m' N=$'\e[0m'; else G='' R='' N=''; fi
die() { printf '%s\n' "smoke: $*" >&2; exit 2; }

# ---------------------------------------------------------------- prerequisites
command -v curl >/dev/null || die "curl not found. Fix: apt-get install -y curl"
command -v jq >/dev/null || die "jq not found. Fix: apt-get install -y jq"
if [[ -z "${SMOKE_JAVA:-}" ]]; then
  jh="$("$ROOT/lakehouse" jdk)" || die "no JDK 21+ (see ./lakehouse doctor)"
  SMOKE_JAVA="$jh/bin/java"
fi
[[ -x "$SMOKE_JAVA" ]] || die "SMOKE_JAVA=$SMOKE_JAVA is not executable"
for d in "${DAEMONS[@]}"; do
  [[ -f "$ROOT/$d/target/$d.jar" ]] || die "$d/target/$d.jar missing. Fix: ./lakehouse smoke (builds the jars) or ./lakehouse build"
done

# ---------------------------------------------------------------- select smokes
mapfile -t ALL < <(find "$HERE" -maxdepth 1 -name '[0-9][0-9]_*.sh' -printf '%f\n' | sort)
SELECTED=()
for f in "${ALL[@]}"; do
  name="${f%.sh}"
  if (($# == 0)); then SELECTED+=("$name"); continue; fi
  for want in "$@"; do
    if [[ "$name" == *"${want%.sh}"* ]]; then SELECTED+=("$name"); break; fi
  done
done
((${#SELECTED[@]})) || die "no smoke matches: $* (have: ${ALL[*]%.sh})"
# A smoke with the line "# smoke-needs: none" starts what it needs itself; when every selected smoke
# says so, the seven shared daemons are not started.
NEED_DAEMONS=0
for name in "${SELECTED[@]}"; do
  grep -qx '# smoke-needs: none' "$HERE/$name.sh" || NEED_DAEMONS=1
done

# ---------------------------------------------------------------- scratch dir, cleanup, watchdog
SMOKE_TMP="$(mktemp -d "${TMPDIR:-/tmp}/lakehouse-smoke.XXXXXX")"
SMOKE_PIDFILE="$SMOKE_TMP/pids"
: >"$SMOKE_PIDFILE"
mkdir -p "$SMOKE_TMP/logs" "$SMOKE_TMP/out" "$SMOKE_TMP/lake"
FAILED=0
CURRENT=""   # pid of the running smoke (its timeout wrapper)
WATCHDOG=""

# Stops every registered process whose command line names this run's SMOKE_TMP (guards pid reuse).
stop_all() {
  local pid pids=() deadline
  [[ -f "$SMOKE_PIDFILE" ]] || return 0
  while read -r pid; do
    [[ "$pid" =~ ^[0-9]+$ ]] || continue
    if tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$SMOKE_TMP"; then
      pids+=("$pid")
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    fi
  done <"$SMOKE_PIDFILE"
  deadline=$((SECONDS + 20))
  for pid in "${pids[@]+"${pids[@]}"}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "smoke: pid $pid ignored SIGTERM for 20 s: SIGKILL" >&2
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
  done
}

# Stops everything, then keeps the logs (failure, SMOKE_KEEP=1) or removes the scratch dir.
CLEANED=0
tidy() {
  local rc="$1"
  ((CLEANED)) && return 0
  CLEANED=1
  if [[ -n "$CURRENT" ]] && kill -0 "$CURRENT" 2>/dev/null; then
    kill -TERM "$CURRENT" 2>/dev/null || true
    wait "$CURRENT" 2>/dev/null || true
  fi
  stop_all
  if [[ -n "$WATCHDOG" ]]; then kill "$WATCHDOG" 2>/dev/null || true; fi
  if [[ "${SMOKE_KEEP:-0}" == 1 || "$FAILED" -gt 0 || ( "$rc" -ne 0 && "$rc" -ne 130 ) ]]; then
    echo "smoke: logs kept in $SMOKE_TMP"
    # Keep the logs, drop the data.
    rm -rf "$SMOKE_TMP/lake" 2>/dev/null || true
  else
    rm -rf "$SMOKE_TMP"
  fi
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  tidy "$rc"
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "smoke: interrupted" >&2; exit 130' INT TERM

# Watchdog in its own session: if this script dies without running its trap (kill -9), it stops the
# daemons anyway. It only ever signals pids that run.sh registered for this SMOKE_TMP.
# shellcheck disable=SC2016  # expanded by the inner bash
setsid bash -c '
  parent=$1 tmp=$2
  while kill -0 "$parent" 2>/dev/null; do sleep 1; done
  [[ -f "$tmp/pids" ]] || exit 0
  while read -r pid; do
    if tr "\0" " " 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$tmp"; then
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    fi
  done <"$tmp/pids"
  sleep 20
  while read -r pid; do
    if tr "\0" " " 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$tmp"; then kill -KILL "$pid" 2>/dev/null; fi
  done <"$tmp/pids"
  rm -rf "$tmp/lake"
' smoke-watchdog "$$" "$SMOKE_TMP" </dev/null >/dev/null 2>&1 &
WATCHDOG=$!

# ---------------------------------------------------------------- environment for the smokes
# shellcheck source=scripts/smoke/lib.sh
. "$HERE/lib.sh"

export LAKEHOUSE_ROOT="$ROOT" SMOKE_TMP SMOKE_PIDFILE SMOKE_JAVA
export SMOKE_JAVA_OPTS="${SMOKE_JAVA_OPTS:--Xms32m -Xmx768m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED}"
export SMOKE_LAKE_URI="file:$SMOKE_TMP/lake"
export SMOKE_LIB="$HERE/lib.sh"
export SMOKE_DAEMONS="${DAEMONS[*]}"

# Ports: 13221-13227 when all free (cannot collide with ./lakehouse up), else free random ones.
PORTS=()
for i in "${!DAEMONS[@]}"; do
  p=$((13221 + i))
  if port_open "$p" || ((${#PORTS[@]} < i)); then continue; fi
  PORTS+=("$p")
done
if ((${#PORTS[@]} != ${#DAEMONS[@]})); then
  PORTS=()
  for d in "${DAEMONS[@]}"; do PORTS+=("$(free_port)"); done
else
  printf '%s\n' "${PORTS[@]}" >>"$SMOKE_TMP/ports.used"
fi

for i in "${!DAEMONS[@]}"; do
  d="${DAEMONS[$i]}" D="${DAEMONS[$i]^^}"
  export "${D}_URL=http://127.0.0.1:${PORTS[$i]}" "${D}_PORT=${PORTS[$i]}"
  export "${D}_JAR=$ROOT/$d/target/$d.jar" "${D}_LOG=$SMOKE_TMP/logs/$d.log"
done

# ---------------------------------------------------------------- start the seven
t0=$SECONDS
start_failed=""
if ((NEED_DAEMONS)); then
  echo "smoke: starting ${#DAEMONS[@]} daemons on 127.0.0.1:${PORTS[*]} ($("$SMOKE_JAVA" -version 2>&1 | head -1)), data $SMOKE_TMP/lake"
  declare -A DPID
  # Every daemon finds its peers on this run's ports (matrixd -> vectord/queryd/pathwayd, materializer -> queryd...).
  PEER_ARGS=()
  for d in "${DAEMONS[@]}"; do url_var="${d^^}_URL"; PEER_ARGS+=("--lakehouse.peers.$d=${!url_var}"); done
  for d in "${DAEMONS[@]}"; do
    D="${d^^}" url_var="${d^^}_URL" jar_var="${d^^}_JAR" log_var="${d^^}_LOG" port_var="${d^^}_PORT"
    start_jar "${!jar_var}" "${!log_var}" --server.port="${!port_var}" --lakehouse.storage.uri="$SMOKE_LAKE_URI" \
      "${PEER_ARGS[@]}"
    DPID[$d]=$STARTED_PID
  done

  pending=("${DAEMONS[@]}")
  deadline=$((SECONDS + START_TIMEOUT))
  while ((${#pending[@]})); do
    still=()
    for d in "${pending[@]}"; do
      url_var="${d^^}_URL"
      if curl -fsS -m 2 -o /dev/null "${!url_var}/actuator/health/readiness" 2>/dev/null; then continue; fi
      if ! kill -0 "${DPID[$d]}" 2>/dev/null; then start_failed+="$d exited during start; "; continue; fi
      still+=("$d")
    done
    pending=("${still[@]+"${still[@]}"}")
    [[ -n "$start_failed" ]] && break
    ((${#pending[@]} == 0)) && break
    if ((SECONDS >= deadline)); then start_failed="not ready within ${START_TIMEOUT} s: ${pending[*]}"; break; fi
    sleep 0.5
  done

  if [[ -n "$start_failed" ]]; then
    echo "${R}smoke: daemons did not start:${N} $start_failed"
    for d in "${DAEMONS[@]}"; do
      url_var="${d^^}_URL" log_var="${d^^}_LOG"
      if ! curl -fsS -m 2 -o /dev/null "${!url_var}/actuator/health/readiness" 2>/dev/null; then
        echo "---- $d: last 20 lines of ${!log_var} ----"
        tail -n 20 "${!log_var}" 2>/dev/null
      fi
    done
    for name in "${SELECTED[@]}"; do echo "FAIL $name (not run: daemons did not start)"; done
    FAILED=${#SELECTED[@]}
    tidy 1
    echo "0 passed, ${#SELECTED[@]} failed"
    exit 1
  fi
  echo "smoke: all ${#DAEMONS[@]} ready in $((SECONDS - t0)) s"
else
  echo "smoke: the selected smokes start their own daemons; the shared seven are not started"
fi

# ---------------------------------------------------------------- run the smokes
PASSED=0
for name in "${SELECTED[@]}"; do
  out="$SMOKE_TMP/out/$name.log"
  s0=$SECONDS
  # Background + wait keeps this script responsive to Ctrl-C/TERM while a smoke runs.
  (cd "$SMOKE_TMP" && exec timeout -k 10 "$SMOKE_TIMEOUT" bash "$HERE/$name.sh") >"$out" 2>&1 </dev/null &
  CURRENT=$!
  wait "$CURRENT"
  rc=$?
  CURRENT=""
  secs=$((SECONDS - s0))
  if ((rc == 0)); then
    PASSED=$((PASSED + 1))
    printf '%sPASS%s %s (%ss)\n' "$G" "$N" "$name" "$secs"
    if [[ "${SMOKE_VERBOSE:-0}" == 1 ]]; then sed 's/^/    /' "$out"; fi
  else
    FAILED=$((FAILED + 1))
    why=""; ((rc == 124)) && why=", timed out after ${SMOKE_TIMEOUT} s"
    printf '%sFAIL%s %s (%ss, exit %s%s)\n' "$R" "$N" "$name" "$secs" "$rc" "$why"
    tail -n 40 "$out" | sed 's/^/    /'
  fi
done

tidy 0
echo "${PASSED} passed, ${FAILED} failed"
((FAILED == 0))
