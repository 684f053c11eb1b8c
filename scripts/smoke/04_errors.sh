#!/usr/bin/env bash
# Errors are RFC 9457 problem details with code and request_id: unknown route 404 (request id
# echoed), wrong method 405, and a generated X-Request-Id when none is sent.
set -euo pipefail
# shellcheck source=scripts/smoke/lib.sh
. "${SMOKE_LIB:-$(dirname "$0")/lib.sh}"

for d in $SMOKE_DAEMONS; do
  url_var="${d^^}_URL"
  url="${!url_var}"
  rid="smoke-$d-$RANDOM$RANDOM"

  expect_status GET "$url/no/such/route" 404 -H "X-Request-Id: $rid" -H 'Accept: application/json'
  expect_problem not_found
  expect_json .request_id "$rid"
  [[ "$(header x-request-id)" == "$rid" ]] || fail "$d: X-Request-Id not echoed (got '$(header x-request-id)')"
  if grep -qiE '<html|\bat [a-z]+\.[a-z]+\.' "$BODY_FILE"; then fail "$d: 404 body has HTML or a stack trace"; fi

  # Browser-like Accept must still get problem+json, never an HTML page.
  expect_status GET "$url/no/such/route" 404 -H 'Accept: text/html'
  [[ "$(header content-type)" == application/problem+json* ]] || fail "$d: 404 for Accept: text/html is '$(header content-type)'"

  # No request id sent: one is generated, echoed and put in the body.
  expect_status GET "$url/no/such/route" 404
  gen="$(header x-request-id)"
  [[ -n "$gen" ]] || fail "$d: no X-Request-Id generated"
  expect_json .request_id "$gen"

  expect_status DELETE "$url/actuator/health/readiness" 405
  expect_problem method_not_allowed
  note "$d: 404 not_found + 405 $(json_get .code) ok"
done
