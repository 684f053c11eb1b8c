#!/usr/bin/env bash
# Every daemon serves Prometheus metrics and an OpenAPI 3 description.
set -euo pipefail
# shellcheck source=scripts/smoke/lib.sh
. "${SMOKE_LIB:-$(dirname "$0")/lib.sh}"

for d in $SMOKE_DAEMONS; do
  url_var="${d^^}_URL"
  url="${!url_var}"
  # One request first so http_server_requests has a sample.
  curl -sS -m 10 -o /dev/null "$url/actuator/health/readiness"
  expect_status GET "$url/actuator/prometheus" 200
  [[ "$(header content-type)" == text/plain* || "$(header content-type)" == application/openmetrics-text* ]] \
    || fail "$d: prometheus content-type '$(header content-type)'"
  grep -q '^jvm_' "$BODY_FILE" || fail "$d: no jvm_ metrics"
  grep -q '^http_server_requests' "$BODY_FILE" || fail "$d: no http_server_requests metrics"

  expect_status GET "$url/v3/api-docs" 200
  v="$(json_get .openapi)" || fail "$d: /v3/api-docs is not JSON"
  [[ "$v" == 3.* ]] || fail "$d: openapi version '$v'"
  note "$d: metrics ok, openapi $v"
done
