# shellcheck shell=bash
# Optional helpers for smokes. A smoke may use only the environment exported by run.sh plus curl and
# jq; these just save typing. Use with:
#   . "${SMOKE_LIB:-$(dirname "$0")/lib.sh}"
#
# Environment from run.sh: <DAEMON>_URL <DAEMON>_JAR <DAEMON>_PORT <DAEMON>_LOG (DAEMON = VALIDATORD,
# QUERYD, VECTORD, MATERIALIZER, PATHWAYD, OBSERVERD, MATRIXD), SMOKE_DAEMONS, SMOKE_TMP (scratch dir,
# removed afterwards), SMOKE_JAVA (java binary), SMOKE_JAVA_OPTS, SMOKE_LAKE_URI (the shared daemons'
# store), SMOKE_PIDFILE (append pids of processes you start; run.sh stops them), LAKEHOUSE_ROOT.

# Per-smoke scratch files (the smoke's own process id keeps them apart).
SMOKE_SELF_TMP="${SMOKE_TMP:?run me through scripts/smoke/run.sh}/self.$$"
mkdir -p "$SMOKE_SELF_TMP"
BODY_FILE="$SMOKE_SELF_TMP/body"
HEADERS_FILE="$SMOKE_SELF_TMP/headers"
STATUS=""

# fail MESSAGE...: print and exit 1 (the smoke fails).
fail() {
  printf 'FAIL: %s\n' "$*" >&2
  exit 1
}

# note MESSAGE...: a progress line (shown when the smoke fails, or with SMOKE_VERBOSE=1).
note() { printf '  %s\n' "$*"; }

# request METHOD URL [curl args...]: body -> $BODY_FILE, headers -> $HEADERS_FILE, status -> $STATUS.
request() {
  local method="$1" url="$2"
  shift 2
  STATUS="$(curl -sS -m "${SMOKE_CURL_TIMEOUT:-30}" -X "$method" -o "$BODY_FILE" -D "$HEADERS_FILE" \
    -w '%{http_code}' "$@" "$url")" || STATUS="000"
}

# expect_status METHOD URL EXPECTED [curl args...]: request and fail unless the status is EXPECTED.
expect_status() {
  local method="$1" url="$2" expected="$3"
  shift 3
  request "$method" "$url" "$@"
  if [[ "$STATUS" != "$expected" ]]; then
    fail "$method $url: expected HTTP $expected, got $STATUS; body: $(head -c 600 "$BODY_FILE" 2>/dev/null)"
  fi
}

# header NAME: value of response header NAME from the last request (last occurrence, no CR).
header() {
  grep -i "^$1:" "$HEADERS_FILE" 2>/dev/null | tail -1 | cut -d: -f2- | tr -d '\r' | sed 's/^ *//'
}

# json_get FILTER [FILE]: jq -r FILTER over FILE (default: the last response body).
json_get() {
  jq -r "$1" "${2:-$BODY_FILE}"
}

# expect_json FILTER EXPECTED: the last body's FILTER (jq -r) equals EXPECTED.
expect_json() {
  local got
  got="$(jq -r "$1" "$BODY_FILE" 2>/dev/null)" || fail "body is not JSON: $(head -c 300 "$BODY_FILE")"
  [[ "$got" == "$2" ]] || fail "expected $1 == '$2', got '$got'; body: $(head -c 600 "$BODY_FILE")"
}

# expect_problem CODE: the last response is application/problem+json with .code == CODE and a request_id.
expect_problem() {
  local ct
  ct="$(header content-type)"
  [[ "$ct" == application/problem+json* ]] || fail "expected Content-Type application/problem+json, got '$ct'"
  expect_json .code "$1"
  [[ -n "$(json_get '.request_id // empty')" ]] || fail "problem details without request_id: $(head -c 600 "$BODY_FILE")"
}

# port_open PORT: something accepts connections on 127.0.0.1:PORT.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# free_port: print a TCP port nobody listens on (20000-32767, below Linux's ephemeral range).
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 12768))
    if ! port_open "$p" && ! grep -qx "$p" "$SMOKE_TMP/ports.used" 2>/dev/null; then
      printf '%s\n' "$p" >>"$SMOKE_TMP/ports.used"
      printf '%s\n' "$p"
      return 0
    fi
  done
  fail "no free port found"
}

# start_jar JAR LOG [app args...]: start a daemon jar detached in its own process group, cwd = SMOKE_TMP,
# without the caller's LAKEHOUSE_* settings unless passed in the environment via SMOKE_ENV (array of
# NAME=VALUE). Registers the pid with run.sh and sets STARTED_PID.
start_jar() {
  local jar="$1" log="$2"
  shift 2
  # shellcheck disable=SC2086
  (cd "$SMOKE_TMP" && exec env -u LAKEHOUSE_AUTH_TOKEN -u LAKEHOUSE_CONFIG -u LAKEHOUSE_STORAGE_URI \
    "${SMOKE_ENV[@]+"${SMOKE_ENV[@]}"}" \
    setsid "$SMOKE_JAVA" ${SMOKE_JAVA_OPTS:-} "-Dlakehouse.smoke=$SMOKE_TMP" -jar "$jar" "$@" \
    </dev/null >"$log" 2>&1) &
  STARTED_PID=$!
  printf '%s\n' "$STARTED_PID" >>"${SMOKE_PIDFILE:-/dev/null}"
}

# stop_pid PID [DEADLINE_S]: SIGTERM its process group, wait, SIGKILL after the deadline.
stop_pid() {
  local pid="$1" deadline=$((SECONDS + ${2:-20}))
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  wait "$pid" 2>/dev/null || true
}

# wait_ready URL PID DEADLINE_S [LOG]: poll URL/actuator/health/readiness until 200; fail when PID
# dies or the deadline passes (printing the log tail).
wait_ready() {
  local url="$1" pid="$2" deadline=$((SECONDS + $3)) log="${4:-}"
  while :; do
    if curl -fsS -m 2 -o /dev/null "$url/actuator/health/readiness" 2>/dev/null; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      [[ -n "$log" ]] && tail -n 30 "$log" >&2
      fail "process $pid exited before $url was ready"
    fi
    if ((SECONDS >= deadline)); then
      [[ -n "$log" ]] && tail -n 30 "$log" >&2
      fail "$url not ready within $3 s"
    fi
    sleep 0.5
  done
}

# poll_until DEADLINE_S DESCRIPTION CMD...: run CMD until it succeeds; fail after the deadline.
poll_until() {
  local limit="$1" deadline=$((SECONDS + $1)) what="$2"
  shift 2
  until "$@"; do
    ((SECONDS >= deadline)) && fail "timed out after ${limit} s waiting for: $what"
    sleep 0.5
  done
}
