#!/usr/bin/env bash
# matrixd: fused search over a vectord index and a queryd statement (the query text bound as a parameter), the
# memory source against pathwayd (a memory added there is found),
# degradation (a failing source), 502 when every source fails, 400s, a match matrix with join filters checked
# row by row (same state, enough experience, scores descending), NDJSON streaming, and the per-source metrics.
set -euo pipefail
# shellcheck source=scripts/smoke/lib.sh
. "${SMOKE_LIB:-$(dirname "$0")/lib.sh}"

M="${MATRIXD_URL:?MATRIXD_URL not set}"
V="${VECTORD_URL:?VECTORD_URL not set}"
J=(-H 'Content-Type: application/json')
S="mx_$RANDOM"

# --- data: a text index (hash embedder) and two vector indexes for the match
expect_status PUT "$V/v1/indexes/${S}_text" 201 "${J[@]}" -d '{"dim":64,"embedder":{"type":"hash"}}'
expect_status POST "$V/v1/indexes/${S}_text/items" 200 "${J[@]}" -d '{"items":[
  {"id":"c1","text":"senior java engineer austin","metadata":{"state":"TX"}},
  {"id":"c2","text":"registered nurse houston","metadata":{"state":"TX"}},
  {"id":"c3","text":"forklift operator warehouse","metadata":{"state":"CA"}}]}'
expect_status PUT "$V/v1/indexes/${S}_jobs" 201 "${J[@]}" -d '{"dim":4}'
expect_status PUT "$V/v1/indexes/${S}_cands" 201 "${J[@]}" -d '{"dim":4}'
expect_status POST "$V/v1/indexes/${S}_jobs/items" 200 "${J[@]}" -d '{"items":[
  {"id":"j1","vector":[1,0,0,0],"metadata":{"state":"TX","min_years":3}},
  {"id":"j2","vector":[0,1,0,0],"metadata":{"state":"CA","min_years":0}},
  {"id":"j3","vector":[0,0,1,0],"metadata":{"state":"NY","min_years":1}}]}'
cands=""
for i in $(seq 0 39); do
  st=$([[ $((i % 3)) == 0 ]] && echo TX || ([[ $((i % 3)) == 1 ]] && echo CA || echo NY))
  cands+="${cands:+,}{\"id\":\"c$i\",\"vector\":[$((i % 5)).5,$((i % 7)).25,$((i % 3)),1],\"metadata\":{\"state\":\"$st\",\"years\":$((i % 9))}}"
done
expect_status POST "$V/v1/indexes/${S}_cands/items" 200 "${J[@]}" -d "{\"items\":[$cands]}"
note "vectord: 3 text items, 3 jobs, 40 candidates"

# --- fused search: vector + sql (the query text is a bound parameter) + memory (may be down or absent)
SQL="select id, text from (values ('c1', 'java engineer, TX'), ('c9', 'java contractor')) t(id, text) where text ilike '%' || ? || '%'"
body="$(jq -n --arg sql "$SQL" --arg idx "${S}_text" '{query:"java",k:5,sources:[
  {type:"vector",index:$idx,k:3},{type:"sql",sql:$sql},{type:"memory",timeout_ms:1000}]}')"
expect_status POST "$M/v1/search" 200 "${J[@]}" -d "$body"
expect_json '.sources[0].status' ok
expect_json '.sources[1].status' ok
expect_json '.sources[1].count' 2
expect_json '.results[0].id' c1
expect_json '.results[0].ranks.vector' 1
expect_json '.results[0].ranks.sql' 1
expect_json '[.results[].id] | index("c9") != null' true
note "search: c1 first with ranks $(jq -c '.results[0].ranks' "$BODY_FILE"); memory source: $(json_get '.sources[2].status')"

# The memory source against the real pathwayd: a memory added there is found through matrixd once pathwayd's
# index has it (pathwayd indexes asynchronously: poll with a deadline).
P="${PATHWAYD_URL:?PATHWAYD_URL not set}"
expect_status POST "$P/v1/memories" 201 "${J[@]}" \
  -d "{\"kind\":\"fact\",\"content\":\"candidate c1 prefers remote java work\",\"scope\":{\"user_id\":\"$S\"}}"
MEM_ID="$(json_get .id)"
memory_found() {
  request POST "$M/v1/search" "${J[@]}" \
    -d "{\"query\":\"remote java\",\"sources\":[{\"type\":\"memory\",\"scope\":{\"user_id\":\"$S\"}}]}"
  [[ "$STATUS" == 200 && "$(json_get '.results[0].id')" == "$MEM_ID" ]]
}
poll_until 20 "memory $MEM_ID found through matrixd's memory source" memory_found
expect_json '.sources[0].status' ok
expect_json '.results[0].metadata.content' "candidate c1 prefers remote java work"
note "memory source: pathwayd memory $MEM_ID found"

# A query text full of SQL is data, not code.
body="$(jq -n --arg sql "$SQL" '{query:"x'"'"'; drop view t; --",sources:[{type:"sql",sql:$sql}]}')"
expect_status POST "$M/v1/search" 200 "${J[@]}" -d "$body"
expect_json '.sources[0].status' ok
expect_json '.sources[0].count' 0

# One failing source degrades the answer; all failing is a 502 that lists each.
body="$(jq -n --arg idx "${S}_text" '{query:"java",sources:[{type:"vector",index:$idx},{type:"vector",name:"gone",index:"no_such_index"}]}')"
expect_status POST "$M/v1/search" 200 "${J[@]}" -d "$body"
expect_json '.sources[1].status' error
expect_json '.sources[1].code' index_not_found
expect_status POST "$M/v1/search" 502 "${J[@]}" \
  -d '{"query":"java","sources":[{"type":"vector","index":"no_such_index"},{"type":"sql","sql":"select nope from nowhere where ? is null"}]}'
expect_problem all_sources_failed
expect_json '.sources | length' 2
note "degradation: one error -> 200, all errors -> 502"

# Bad requests.
expect_status POST "$M/v1/search" 400 "${J[@]}" -d '{"query":"x","sources":[]}'
expect_problem invalid_search
expect_status POST "$M/v1/search" 400 "${J[@]}" -d '{"query":"x","sources":[{"type":"graph"}]}'
expect_status POST "$M/v1/search" 400 "${J[@]}" -d '{"query":"x","k":0,"sources":[{"type":"memory"}]}'

# --- match matrix: every open job x its top 3 candidates in the same state with enough years
MATCH="{\"left\":{\"index\":\"${S}_jobs\",\"filter\":{}},\"right\":{\"index\":\"${S}_cands\",\"join\":{\"state\":\"state\",\"years\":{\"gte\":\"min_years\"}}},\"k\":3,\"include_left_metadata\":true}"
expect_status POST "$M/v1/match" 200 "${J[@]}" -d "$MATCH"
expect_json '.left_count' 3
expect_json '[.matrix[] | .matches | length] | join(",")' "3,3,3"
expect_json '[.matrix[] | .left_metadata as $l | .matches[] | select(.metadata.state != $l.state or .metadata.years < $l.min_years)] | length' 0
expect_json '[.matrix[] | [.matches[].score] | . == (sort | reverse)] | all' true
note "match: $(jq -c '[.matrix[] | {(.left_id): [.matches[].right_id]}] | add' "$BODY_FILE")"

request POST "$M/v1/match" "${J[@]}" -H 'Accept: application/x-ndjson' -d "$MATCH"
[[ "$STATUS" == 200 ]] || fail "NDJSON match: HTTP $STATUS"
[[ "$(header content-type)" == application/x-ndjson* ]] || fail "NDJSON match: content-type $(header content-type)"
[[ "$(wc -l <"$BODY_FILE")" == 3 ]] || fail "NDJSON match: expected 3 lines, got $(cat "$BODY_FILE")"
expect_status POST "$M/v1/match" 404 "${J[@]}" -d '{"left":{"index":"no_such_index","ids":["a"]},"right":{"index":"'"${S}_cands"'"}}'
expect_problem index_not_found

# --- metrics per source type
expect_status GET "$M/actuator/prometheus" 200
grep -q 'matrixd_source_duration_seconds_bucket{outcome="ok",type="sql"' "$BODY_FILE" || fail "no sql latency histogram"
grep -Eq 'matrixd_source_errors_total\{type="vector"\} [1-9]' "$BODY_FILE" || fail "vector errors not counted"

for i in text jobs cands; do expect_status DELETE "$V/v1/indexes/${S}_$i" 204; done
note "matrixd smoke ok"
