#!/usr/bin/env bash
# observerd: ingest a mixed batch (valid kept, invalid listed by index), the run tree, the run listing, stats,
# OTLP/JSON (gzip) via curl, then the validatord fixtures as a capture replayed against the running validatord
# (N/N), and a replay target outside the allow-list (403).
set -euo pipefail
# shellcheck source=scripts/smoke/lib.sh
. "${SMOKE_LIB:-$(dirname "$0")/lib.sh}"

URL="${OBSERVERD_URL:?OBSERVERD_URL not set}"
VALIDATORD="${VALIDATORD_URL:?VALIDATORD_URL not set}"
J=(-H 'Content-Type: application/json')
RUN="smoke-run-$RANDOM"
now="$(date -u +%s)"
t() { date -u -d "@$(( now - 10 + $1 ))" +%Y-%m-%dT%H:%M:%SZ; }

# --- ingest: three valid observations and one invalid (index 2) ---
expect_status POST "$URL/v1/observations" 202 "${J[@]}" -d '[
 {"observation_id":"o1","run_id":"'"$RUN"'","agent":"smoke-agent","kind":"run","name":"plan trip",
  "started_at":"'"$(t 0)"'","ended_at":"'"$(t 4)"'","status":"ok"},
 {"observation_id":"o2","run_id":"'"$RUN"'","parent_id":"o1","agent":"smoke-agent","kind":"llm_call","name":"chat",
  "started_at":"'"$(t 1)"'","ended_at":"'"$(t 2)"'","status":"ok","input_tokens":120,"output_tokens":30,"cost_usd":0.002},
 {"observation_id":"bad","run_id":"'"$RUN"'","agent":"smoke-agent","kind":"dance","name":"x",
  "started_at":"'"$(t 1)"'","ended_at":"'"$(t 2)"'","status":"ok"},
 {"observation_id":"o3","run_id":"'"$RUN"'","parent_id":"o1","agent":"smoke-agent","kind":"tool_call","name":"search",
  "started_at":"'"$(t 2)"'","ended_at":"'"$(t 3)"'","status":"error","error":"timeout"}]'
expect_json .accepted 3
expect_json .rejected 1
expect_json '.errors[0].index' 2
expect_json '.errors[0].errors[0].Schema.field' kind
note "ingested 3 observations, 1 refused by the contract"

# --- run tree ---
expect_status GET "$URL/v1/runs/$RUN" 200
expect_json .totals.observations 3
expect_json .totals.input_tokens 120
expect_json .totals.errors 1
expect_json .status error
expect_json '.tree | length' 1
expect_json '.tree[0].children | map(.observation_id) | join(",")' o2,o3
expect_json .duration_ms 4000
expect_status GET "$URL/v1/runs?agent=smoke-agent&status=error&limit=5" 200
expect_json '[.runs[].run_id] | index("'"$RUN"'") != null' true
expect_status GET "$URL/v1/runs/no-such-run" 404
expect_problem run_not_found

# --- stats ---
expect_status GET "$URL/v1/stats?agent=smoke-agent&window=5m" 200
expect_json .total.count 3
expect_json .total.errors 1
expect_json '.groups | map(.name) | sort | join(",")' chat,plan\ trip,search
note "stats: $(json_get '.total | "count \(.count), error rate \(.error_rate), p99 \(.duration_ms.p99) ms"')"

# --- OTLP/JSON, gzip, as any OpenTelemetry exporter would send it ---
TRACE="$(printf '%08x%08x%08x%08x' $RANDOM$RANDOM $RANDOM $RANDOM $RANDOM | head -c 32)"
ns() { printf '%s000000000' "$(( now - 5 + $1 ))"; }
cat >"$SMOKE_SELF_TMP/otlp.json" <<JSON
{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"smoke-otel"}}]},
 "scopeSpans":[{"scope":{"name":"smoke"},"spans":[
  {"traceId":"$TRACE","spanId":"00000000000000a1","name":"invoke_agent","kind":1,
   "startTimeUnixNano":"$(ns 0)","endTimeUnixNano":"$(ns 2)","status":{},
   "attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"invoke_agent"}}]},
  {"traceId":"$TRACE","spanId":"00000000000000a2","parentSpanId":"00000000000000a1","name":"chat","kind":3,
   "startTimeUnixNano":"$(ns 0)","endTimeUnixNano":"$(ns 1)","status":{"code":2,"message":"rate limited"},
   "attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},
                 {"key":"gen_ai.usage.input_tokens","value":{"intValue":"42"}}]}]}]}]}
JSON
gzip -c "$SMOKE_SELF_TMP/otlp.json" >"$SMOKE_SELF_TMP/otlp.json.gz"
expect_status POST "$URL/v1/traces" 200 "${J[@]}" -H 'Content-Encoding: gzip' --data-binary "@$SMOKE_SELF_TMP/otlp.json.gz"
expect_json '.partialSuccess // {} | length' 0
expect_status GET "$URL/v1/runs/$TRACE" 200
expect_json .agent smoke-otel
expect_json .totals.input_tokens 42
expect_json '.tree[0].children[0].kind' llm_call
expect_json '.tree[0].children[0].error' "rate limited"
note "OTLP/JSON trace $TRACE kept as a run of 2"

# --- replay: the validatord fixtures as a capture, against the running validatord ---
"$LAKEHOUSE_ROOT/scripts/cutover/parity/validator_capture.sh" >"$SMOKE_SELF_TMP/capture.json"
expect_status PUT "$URL/v1/captures/validatord-fixtures" 200 "${J[@]}" --data-binary "@$SMOKE_SELF_TMP/capture.json"
n="$(json_get .cases)"
expect_status POST "$URL/v1/replay" 200 "${J[@]}" \
  -d '{"capture_name":"validatord-fixtures","target":"'"$VALIDATORD"'"}'
summary="$(json_get '"\(.status_match)/\(.total) statuses, \(.body_match)/\(.total) bodies"')"
[[ "$(json_get .status_match)" == "$n" && "$(json_get .body_match)" == "$n" ]] \
  || fail "replay drift: $summary; $(jq -c '[.cases[] | select(.status_match == false or .body_match == false) | {name, status, diff}] | .[:3]' "$BODY_FILE")"
note "replay against validatord: $summary"

expect_status POST "$URL/v1/replay" 403 "${J[@]}" -d '{"capture_name":"validatord-fixtures","target":"http://192.0.2.1:3221"}'
expect_problem target_not_allowed
expect_status POST "$URL/v1/observations" 400 "${J[@]}" -d '{"not":"a batch"}'
expect_problem invalid_batch
