#!/usr/bin/env bash
# All seven daemons answer readiness and liveness with {"status":"UP"}.
set -euo pipefail
# shellcheck source=scripts/smoke/lib.sh
. "${SMOKE_LIB:-$(dirname "$0")/lib.sh}"

for d in $SMOKE_DAEMONS; do
  url_var="${d^^}_URL"
  url="${!url_var:?${d^^}_URL not set}"
  expect_status GET "$url/actuator/health/readiness" 200
  expect_json .status UP
  expect_status GET "$url/actuator/health/liveness" 200
  expect_json .status UP
  note "$d ready at $url"
done
