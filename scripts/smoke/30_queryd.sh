#!/usr/bin/env bash
# Smoke test of queryd against a running daemon (the smoke runner starts the packaged jar over an empty lake).
# Needs QUERYD_URL (e.g. http://127.0.0.1:3222), curl and jq; LAKEHOUSE_AUTH_TOKEN is sent when set.
set -euo pipefail

: "${QUERYD_URL:?QUERYD_URL is not set}"
auth=()
if [[ -n "${LAKEHOUSE_AUTH_TOKEN:-}" ]]; then
  auth=(-H "Authorization: Bearer ${LAKEHOUSE_AUTH_TOKEN}")
fi

fail() { echo "30_queryd: FAIL: $*" >&2; exit 1; }

# post BODY ACCEPT -> prints "STATUS" on the first line, then the body
post() {
  curl -sS "${auth[@]}" -o /tmp/queryd-smoke.$$ -w '%{http_code}' -X POST "$QUERYD_URL/sql" \
    -H 'Content-Type: application/json' -H "Accept: $2" --data "$1"
}
trap 'rm -f /tmp/queryd-smoke.$$' EXIT

status=$(post '{"sql":"SELECT 42 AS answer"}' 'application/json')
[[ "$status" == 200 ]] || fail "SELECT 42 as JSON answered $status: $(cat /tmp/queryd-smoke.$$)"
[[ "$(jq -c '.rows' /tmp/queryd-smoke.$$)" == '[[42]]' ]] || fail "SELECT 42 rows: $(cat /tmp/queryd-smoke.$$)"
[[ "$(jq -r '.columns[0].name + ":" + .columns[0].type' /tmp/queryd-smoke.$$)" == 'answer:INTEGER' ]] \
  || fail "SELECT 42 columns: $(cat /tmp/queryd-smoke.$$)"

status=$(post '{"sql":"SELECT 42 AS answer"}' 'text/csv')
[[ "$status" == 200 ]] || fail "SELECT 42 as CSV answered $status"
[[ "$(tr -d '\r' < /tmp/queryd-smoke.$$)" == $'answer\n42' ]] || fail "CSV body: $(cat /tmp/queryd-smoke.$$)"

status=$(post '{"sql":"SELECT * FROM read_csv('"'"'/etc/passwd'"'"')"}' 'application/json')
[[ "$status" == 403 ]] || fail "reading /etc/passwd answered $status: $(cat /tmp/queryd-smoke.$$)"
[[ "$(jq -r .code /tmp/queryd-smoke.$$)" == read_only ]] || fail "escape code: $(cat /tmp/queryd-smoke.$$)"

status=$(post '{"sql":"COPY (SELECT 1) TO '"'"'/tmp/queryd-smoke-escape.csv'"'"'"}' 'application/json')
[[ "$status" == 403 ]] || fail "COPY TO answered $status"
[[ ! -e /tmp/queryd-smoke-escape.csv ]] || fail "COPY TO wrote a file"

status=$(post '{"sql":"SELEC 1"}' 'application/json')
[[ "$status" == 400 ]] || fail "a syntax error answered $status"
[[ "$(jq -r .code /tmp/queryd-smoke.$$)" == sql_error ]] || fail "syntax error code: $(cat /tmp/queryd-smoke.$$)"

tables=$(curl -sS -f "${auth[@]}" "$QUERYD_URL/v1/tables")
jq -e 'type == "array" and all(.[]; has("name") and has("columns") and has("files"))' <<<"$tables" >/dev/null \
  || fail "GET /v1/tables: $tables"

echo "30_queryd: ok ($(jq length <<<"$tables") tables)"
