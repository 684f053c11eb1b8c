#!/usr/bin/env bash
# pathwayd: the five operations (ADD, UPDATE with If-Match, REVISE, RETIRE, HISTORY) with a stale If-Match (412),
# a rejected revision cycle (409, nothing changed), retired-trace exclusion in search through vectord, a playbook
# round trip (create, identical PUT is a no-op, changed PUT revises), and the history as SQL: pathway_event
# exported to raw/, materialized, queried through queryd in order.
set -euo pipefail
# shellcheck source=scripts/smoke/lib.sh
. "${SMOKE_LIB:-$(dirname "$0")/lib.sh}"

P="${PATHWAYD_URL:?PATHWAYD_URL not set}"
J=(-H 'Content-Type: application/json')
U="smoke$RANDOM"

# ---------------------------------------------------------------- the five operations
expect_status POST "$P/v1/memories" 201 "${J[@]}" \
  -d '{"kind":"fact","content":"prefers window seats on long flights","scope":{"user_id":"'"$U"'"},"metadata":{"source":"smoke"}}'
A="$(json_get .id)"
expect_json .version 1
expect_json .state active
expect_status PATCH "$P/v1/memories/$A" 200 "${J[@]}" -H 'If-Match: "1"' -d '{"content":"prefers aisle seats on long flights"}'
expect_json .version 2
[[ "$(header etag)" == '"2"' ]] || fail "ETag after UPDATE: $(header etag)"
expect_status PATCH "$P/v1/memories/$A" 412 "${J[@]}" -H 'If-Match: 1' -d '{"content":"stale"}'
expect_problem version_mismatch
expect_status POST "$P/v1/memories/$A/revise" 201 "${J[@]}" -d '{"content":"prefers aisle seats, except overnight","reason":"clarified"}'
B="$(json_get .successor.id)"
expect_json .revised.state superseded
expect_json .revised.superseded_by "$B"
expect_status POST "$P/v1/memories/$B/retire" 200 "${J[@]}" -d '{"reason":"user deleted it"}'
expect_json .state retired
expect_status POST "$P/v1/memories/$B/retire" 409 "${J[@]}" -d '{"reason":"again"}'
expect_problem memory_retired
expect_json .state retired
expect_status GET "$P/v1/memories/$A/history" 200
expect_json '[.[] | .op] | join(",")' "ADD,UPDATE,REVISE,REVISE,RETIRE"
expect_json '.[1].before.content' "prefers window seats on long flights"
expect_status GET "$P/v1/memories/nope" 404
expect_problem memory_not_found
note "ADD/UPDATE/412/REVISE/RETIRE/409/HISTORY ok ($A -> $B)"

# ---------------------------------------------------------------- a revision cycle is refused and changes nothing
expect_status POST "$P/v1/memories" 201 "${J[@]}" -d '{"content":"c1","scope":{"user_id":"'"$U"'"}}'
C1="$(json_get .id)"
expect_status POST "$P/v1/memories" 201 "${J[@]}" -d '{"content":"c2","scope":{"user_id":"'"$U"'"}}'
C2="$(json_get .id)"
expect_status POST "$P/v1/memories/$C1/revise" 200 "${J[@]}" -d '{"successor_id":"'"$C2"'"}'
expect_status GET "$P/v1/memories/$C2" 200
before="$(cat "$BODY_FILE")"
expect_status POST "$P/v1/memories/$C2/revise" 409 "${J[@]}" -d '{"successor_id":"'"$C1"'"}'
expect_problem revision_cycle
expect_status GET "$P/v1/memories/$C2" 200
[[ "$(cat "$BODY_FILE")" == "$before" ]] || fail "a refused cycle changed $C2"
note "revision cycle refused (409 revision_cycle), state unchanged"

# ---------------------------------------------------------------- retired-trace exclusion in search
expect_status POST "$P/v1/memories" 201 "${J[@]}" -d '{"content":"allergic to peanuts and tree nuts","scope":{"user_id":"'"$U"'"}}'
N1="$(json_get .id)"
expect_status POST "$P/v1/memories" 201 "${J[@]}" -d '{"content":"allergic to penicillin","scope":{"user_id":"'"$U"'"}}'
N2="$(json_get .id)"
Q='{"query":"allergic peanuts","scope":{"user_id":"'"$U"'"},"k":5}'
found_both() {
  request POST "$P/v1/memories/search" "${J[@]}" -d "$Q"
  [[ "$STATUS" == 200 ]] && grep -q "$N1" "$BODY_FILE" && grep -q "$N2" "$BODY_FILE"
}
poll_until 20 "search finds both new memories" found_both
expect_json '.results[0].memory.id' "$N1"
expect_status POST "$P/v1/memories/$N1/retire" 200 "${J[@]}" -d '{"reason":"was wrong"}'
expect_status POST "$P/v1/memories/search" 200 "${J[@]}" -d "$Q"
grep -q "$N1" "$BODY_FILE" && fail "search answered the retired memory $N1"
grep -q "$N2" "$BODY_FILE" || fail "search lost $N2"
grep -q "$A" "$BODY_FILE" && fail "search answered the superseded memory $A"
note "search excludes the retired memory at once (index lag $(json_get .index_lag))"

# ---------------------------------------------------------------- playbook round trip
PB="smoke-deploy-$RANDOM"
expect_status PUT "$P/v1/playbooks/$PB" 201 "${J[@]}" -d '{"content":"deploy the service","steps":["build","ship"]}'
V1="$(json_get .id)"
expect_status PUT "$P/v1/playbooks/$PB" 200 "${J[@]}" -d '{"content":"deploy the service","steps":["build","ship"]}'
expect_json .id "$V1"
expect_json .version 1
expect_status PUT "$P/v1/playbooks/$PB" 200 "${J[@]}" -d '{"content":"deploy the service","steps":["build","test","ship"]}'
V2="$(json_get .id)"
[[ "$V2" != "$V1" ]] || fail "a changed playbook was not revised"
expect_status GET "$P/v1/playbooks/$PB" 200
expect_json .id "$V2"
expect_json '.steps | length' 3
expect_status GET "$P/v1/playbooks/$PB/history" 200
expect_json 'length' 3
note "playbook $PB: created, identical PUT no-op, changed PUT revised ($V1 -> $V2)"

# ---------------------------------------------------------------- history as SQL
lake_dir="${SMOKE_LAKE_URI#file:}"
exported() { grep -qs "\"memory_id\":\"$B\",\"op\":\"RETIRE\"" "$lake_dir"/raw/pathway_event/dt=*/*.ndjson; }
poll_until 20 "pathway_event exported to raw/" exported
expect_status POST "$MATERIALIZER_URL/v1/materialize" 200 "${J[@]}" -d '{"dataset":"pathway_event"}'
expect_json .status succeeded
# "at" is a keyword in DuckDB: quoted. Within one operation the revised memory's event comes before its successor's.
sql="$(jq -cn --arg a "$A" --arg b "$B" \
  '{sql: "select op, version, state from pathway_event where memory_id in (\u0027\($a)\u0027, \u0027\($b)\u0027) order by \"at\", (memory_id = \u0027\($b)\u0027), version"}')"
request POST "$QUERYD_URL/sql" "${J[@]}" -d "$sql"
if [[ "$STATUS" != 200 ]]; then
  curl -s -X POST "$QUERYD_URL/v1/refresh" >/dev/null || true
  poll_until 15 "queryd sees pathway_event" bash -c "curl -fs -X POST '$QUERYD_URL/sql' -H 'Content-Type: application/json' -d \"\$1\" >/dev/null" _ "$sql"
  request POST "$QUERYD_URL/sql" "${J[@]}" -d "$sql"
fi
[[ "$STATUS" == 200 ]] || fail "POST /sql: HTTP $STATUS $(head -c 300 "$BODY_FILE")"
expect_json '[.rows[] | "\(.[0]):\(.[1])"] | join(",")' "ADD:1,UPDATE:2,REVISE:3,REVISE:1,RETIRE:2"
note "SQL over pathway_event returns the lineage's history in order"
