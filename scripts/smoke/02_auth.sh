#!/usr/bin/env bash
# With LAKEHOUSE_AUTH_TOKEN set: 401 problem+json without or with a wrong token, 200 with it;
# liveness/readiness stay open; the token never appears in the log.
# smoke-needs: none
set -euo pipefail
# shellcheck source=scripts/smoke/lib.sh
. "${SMOKE_LIB:-$(dirname "$0")/lib.sh}"

TOKEN="smoke-$RANDOM-$RANDOM-$(date +%s%N)"
PORT="$(free_port)"
URL="http://127.0.0.1:$PORT"
LOG="$SMOKE_TMP/logs/auth-validatord.log"
# shellcheck disable=SC2034  # read by start_jar (lib.sh)
SMOKE_ENV=("LAKEHOUSE_AUTH_TOKEN=$TOKEN")
start_jar "$VALIDATORD_JAR" "$LOG" --server.port="$PORT" --lakehouse.storage.uri="file:$SMOKE_TMP/auth-lake"
PID=$STARTED_PID
trap 'stop_pid "$PID"' EXIT
note "validatord with auth on $URL (pid $PID)"

# Readiness open without a token (this is also how we wait for it).
wait_ready "$URL" "$PID" "${SMOKE_START_TIMEOUT:-300}" "$LOG"
expect_status GET "$URL/actuator/health/readiness" 200
expect_status GET "$URL/actuator/health/liveness" 200

# No token.
expect_status GET "$URL/actuator/prometheus" 401
expect_problem unauthorized
note "no token: 401 code=$(json_get .code)"
expect_status GET "$URL/v3/api-docs" 401
expect_status GET "$URL/no/such/route" 401

# Wrong token, wrong scheme.
expect_status GET "$URL/actuator/prometheus" 401 -H "Authorization: Bearer ${TOKEN}x"
expect_problem unauthorized
expect_status GET "$URL/actuator/prometheus" 401 -H "Authorization: Basic $(printf 'u:%s' "$TOKEN" | base64 -w0)"

# Right token.
expect_status GET "$URL/actuator/prometheus" 200 -H "Authorization: Bearer $TOKEN"
grep -q '^jvm_' "$BODY_FILE" || fail "prometheus with token: no jvm_ metrics"
expect_status GET "$URL/v3/api-docs" 200 -H "Authorization: Bearer $TOKEN"
note "right token: 200"

# The token must never be logged.
if grep -qF -- "$TOKEN" "$LOG"; then fail "the auth token appears in the daemon log $LOG"; fi
