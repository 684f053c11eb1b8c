#!/usr/bin/env bash
# A daemon asked to listen on 0.0.0.0 without an auth token refuses: it exits non-zero by itself,
# says why, and never accepts a connection.
# smoke-needs: none
set -euo pipefail
# shellcheck source=scripts/smoke/lib.sh
. "${SMOKE_LIB:-$(dirname "$0")/lib.sh}"

PORT="$(free_port)"
LOG="$SMOKE_TMP/logs/bind-policy-matrixd.log"
LIMIT="${SMOKE_START_TIMEOUT:-300}"
# shellcheck disable=SC2034  # read by start_jar (lib.sh)
SMOKE_ENV=()
start_jar "$MATRIXD_JAR" "$LOG" --server.port="$PORT" --server.address=0.0.0.0 \
  --lakehouse.storage.uri="file:$SMOKE_TMP/bind-lake"
PID=$STARTED_PID
trap 'stop_pid "$PID"' EXIT
note "matrixd --server.address=0.0.0.0 without token (pid $PID), port $PORT"

deadline=$((SECONDS + LIMIT))
while kill -0 "$PID" 2>/dev/null; do
  if port_open "$PORT"; then fail "it accepted a connection on port $PORT instead of refusing"; fi
  if ((SECONDS >= deadline)); then
    tail -n 20 "$LOG" >&2
    fail "still running after $LIMIT s; expected it to refuse and exit"
  fi
  sleep 0.3
done
set +e
wait "$PID"
rc=$?
set -e
note "exited with $rc after $((SECONDS - deadline + LIMIT)) s"
((rc != 0)) || fail "exit code 0; expected non-zero"
grep -q 'refusing to listen on 0.0.0.0 without authentication' "$LOG" \
  || { tail -n 30 "$LOG" >&2; fail "log lacks 'refusing to listen on 0.0.0.0 without authentication'"; }
# One clear line, not a stack trace.
if grep -qE '^\s+at [a-z]+\.' "$LOG"; then note "warning: the log also carries a stack trace"; fi
