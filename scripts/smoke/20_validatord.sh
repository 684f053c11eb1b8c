#!/usr/bin/env bash
# Smoke test of a running validatord: valid, each error variant, 404, 400, batch.
# Needs only VALIDATORD_URL (e.g. http://127.0.0.1:3221), curl and jq. Exits non-zero with a message on failure.
set -euo pipefail

: "${VALIDATORD_URL:?set VALIDATORD_URL, e.g. http://127.0.0.1:3221}"
base="${VALIDATORD_URL%/}"
auth=()
if [[ -n "${LAKEHOUSE_AUTH_TOKEN:-}" ]]; then
  auth=(-H "Authorization: Bearer ${LAKEHOUSE_AUTH_TOKEN}")
fi
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT

fail() {
  echo "20_validatord: FAIL: $*" >&2
  exit 1
}

# post PATH BODY [CONTENT_TYPE] -> sets $status, body in $tmp
post() {
  status="$(curl -sS -o "$tmp" -w '%{http_code}' "${auth[@]}" -X POST -H "Content-Type: ${3:-application/json}" \
    --data-binary "$2" "$base$1")" || fail "POST $1: curl failed (is validatord up at $base?)"
}

# expect CASE STATUS JQ_FILTER: the filter must print true
expect() {
  [[ "$status" == "$2" ]] || fail "$1: status $status, expected $2; body: $(head -c 500 "$tmp")"
  jq -e "$3" "$tmp" >/dev/null || fail "$1: body does not satisfy $3; body: $(head -c 500 "$tmp")"
  echo "20_validatord: ok   $1"
}

record='{"candidate_id":"0192f0a4-7c1e-7b3a-9a51-3c1f2b7d9e01","first_name":"Ada","last_name":"Lovelace","email":"ada@example.com","status":"active","created_at":"2026-11-24T10:00:00Z"}'
with() { jq -c "$1" <<<"$record"; }

post /v1/validate "{\"dataset\":\"candidate\",\"record\":$record}"
expect "valid record" 200 '. == {"valid":true}'

post /v1/validate "{\"dataset\":\"candidate\",\"record\":$(with 'del(.email)')}"
expect "Missing" 422 '.valid == false and .errors == [{"Missing":{"field":"email"}}]'

post /v1/validate "{\"dataset\":\"candidate\",\"record\":$(with '.years_experience = "ten"')}"
expect "Type" 422 '.errors == [{"Type":{"field":"years_experience","expected":"integer","found":"string"}}]'

post /v1/validate "{\"dataset\":\"candidate\",\"record\":$(with '.nickname = "A"')}"
expect "Unexpected" 422 '.errors == [{"Unexpected":{"field":"nickname"}}]'

post /v1/validate "{\"dataset\":\"candidate\",\"record\":$(with '.email = "not-an-email"')}"
expect "Schema" 422 '.errors | length == 1 and .[0].Schema.field == "email" and (.[0].Schema.reason | length > 0)'

post /v1/validate '{"dataset":"no_such_dataset","record":{}}'
expect "unknown dataset 404" 404 '.errors == [{"UnknownDataset":{"dataset":"no_such_dataset"}}]'

post /v1/validate '{"dataset":"candidate","record":'
expect "malformed 400" 400 '.valid == false and (.errors[0].Malformed.reason | type == "string")'

post /v1/validate '{"dataset":"candidate"}'
expect "missing record 400" 400 '.errors[0] | has("Malformed")'

batch="$(printf '%s\n%s\n%s\n' "$record" "$(with 'del(.email)')" 'not json')"
post "/v1/validate/batch?dataset=candidate" "$batch" application/x-ndjson
expect "batch" 200 '.total == 3 and .valid == 1 and .invalid == 2 and (.results | map(.line)) == [2,3]
  and .results[0].errors == [{"Missing":{"field":"email"}}] and (.results[1].errors[0] | has("Malformed"))'

post "/v1/validate/batch?dataset=no_such_dataset" "$record" application/x-ndjson
expect "batch unknown dataset 404" 404 '.errors == [{"UnknownDataset":{"dataset":"no_such_dataset"}}]'

echo "20_validatord: all checks passed against $base"
