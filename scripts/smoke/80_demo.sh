#!/usr/bin/env bash
# The staffing demo (scripts/demo/run.sh) at a reduced size against the smoke's seven daemons, then checks its
# results: every match in the job's state with enough years, scores descending, the demo's run visible in
# observerd, and its SQL answering on queryd.
set -euo pipefail
# shellcheck source=scripts/smoke/lib.sh
. "${SMOKE_LIB:-$(dirname "$0")/lib.sh}"

for d in VALIDATORD QUERYD VECTORD MATERIALIZER PATHWAYD OBSERVERD MATRIXD; do
  u="${d}_URL"; export "DEMO_${d}_URL=${!u:?$u not set}"
done
OUT="$SMOKE_SELF_TMP/demo"
DEMO_JAVA="$SMOKE_JAVA" bash "$LAKEHOUSE_ROOT/scripts/demo/run.sh" --candidates 200 --job-orders 30 --seed 99 --k 3 \
  --show 2 --out "$OUT" >"$SMOKE_SELF_TMP/demo.out" 2>&1 || { cat "$SMOKE_SELF_TMP/demo.out"; fail "demo exited non-zero"; }
sed 's/^/  | /' "$SMOKE_SELF_TMP/demo.out"
grep -q "Demo done" "$SMOKE_SELF_TMP/demo.out" || fail "no 'Demo done' line"

M="$OUT/matches.ndjson"
[[ -s "$M" ]] || fail "no matches file"
rows="$(wc -l <"$M")"
((rows > 0)) || fail "no job order rows"
bad="$(jq -cn '[inputs | select(has("error") or (.left_metadata as $l | .matches | any(.metadata.state != $l.state
  or .metadata.years_experience < $l.min_years_experience or .metadata.available != true)))] | .[:3][]' "$M")"
[[ -z "$bad" ]] || fail "a match breaks the state/experience/availability rule: $bad"
unsorted="$(jq -cn '[inputs | select([.matches[].score] != ([.matches[].score] | sort | reverse))] | .[:1][]' "$M")"
[[ -z "$unsorted" ]] || fail "scores not descending: $unsorted"
nonempty="$(jq -s '[.[] | select((.matches | length) > 0)] | length' "$M")"
((nonempty > 0)) || fail "no job order has a match"
over="$(jq -cn '[inputs | select((.matches | length) > 3)] | .[:1][]' "$M")"
[[ -z "$over" ]] || fail "more than k matches: $over"
note "demo: $rows open job orders, $nonempty with matches; every match in state, with enough years, sorted"

# The demo's run is in observerd.
run_id="$(jq -r .run_id "$OUT/summary.json")"
[[ "$(jq -r .run_recorded "$OUT/summary.json")" == true ]] || fail "the demo did not record its run in observerd"
poll_until 10 "run $run_id in observerd" curl -fsS -m 5 -o "$BODY_FILE" "$OBSERVERD_URL/v1/runs/$run_id"
grep -q 'staffing-demo' "$BODY_FILE" || fail "run $run_id does not look like the demo's: $(head -c 300 "$BODY_FILE")"

# Its SQL answers: the matched candidates of the first job are in the lake, in the job's state.
first="$(jq -cn 'first(inputs | select((.matches | length) > 0))' "$M")"
ids="$(jq -c '[.matches[].right_id]' <<<"$first")"
state="$(jq -r '.left_metadata.state' <<<"$first")"
expect_status POST "$QUERYD_URL/sql" 200 -H 'Content-Type: application/json' \
  -d "$(jq -nc --argjson ids "$ids" '{sql: ("select count(*) as n, count(distinct address.state) as states, min(address.state) as st from candidate where candidate_id in (" + ([$ids[] | "?"] | join(", ")) + ")"), params: $ids}')"
[[ "$(json_get '.rows[0][0]')" -ge "$(jq length <<<"$ids")" ]] || fail "matched candidates not all in the lake: $(cat "$BODY_FILE")"
expect_json '.rows[0][1]' 1
expect_json '.rows[0][2]' "$state"
grep -q "$QUERYD_URL/sql" "$SMOKE_SELF_TMP/demo.out" || fail "the demo did not print queryd SQL to explore"
note "observerd has run $run_id; queryd finds the matched candidates in $state"
