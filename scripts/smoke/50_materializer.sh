#!/usr/bin/env bash
# materializer: ingest -> materialize -> curated Parquet present -> run record; error answers of
# ingest; the /sql row count through queryd (skipped while queryd has no /sql); the one-shot
# command's exit codes (0 clean or lenient, 1 invalid records in strict mode, 2 usage).
set -euo pipefail
# shellcheck source=scripts/smoke/lib.sh
. "${SMOKE_LIB:-$(dirname "$0")/lib.sh}"

M="$MATERIALIZER_URL"
GEN="$SMOKE_SELF_TMP/gen"
# shellcheck disable=SC2086  # SMOKE_JAVA_OPTS is a list of options
"$SMOKE_JAVA" ${SMOKE_JAVA_OPTS:-} "$LAKEHOUSE_ROOT/scripts/staffing/StaffingGenerator.java" \
  --candidates 300 --seed 7 --days 14 --invalid-rate 0.05 --out "$GEN" >/dev/null 2>&1 \
  || fail "the staffing generator failed"

# ---------------------------------------------------------------- ingest
expect_status POST "$M/v1/ingest/candidate" 201 -H 'Content-Type: application/x-ndjson' \
  --data-binary "@$GEN/candidate.ndjson"
expect_json .records 300
object="$(json_get .object)"
[[ "$object" =~ ^raw/candidate/dt=[0-9]{4}-[0-9]{2}-[0-9]{2}/.+\.ndjson$ ]] || fail "unexpected raw key $object"
note "ingested 300 candidates as $object"

expect_status POST "$M/v1/ingest/no_such_dataset" 404 -H 'Content-Type: application/x-ndjson' --data-binary '{}'
expect_problem unknown_dataset
expect_status POST "$M/v1/ingest/candidate" 400 -H 'Content-Type: application/x-ndjson' \
  --data-binary $'{"a":1}\n{broken\n'
expect_problem malformed_ndjson
expect_json .line 2
expect_status POST "$M/v1/ingest/candidate?validate=true" 422 -H 'Content-Type: application/x-ndjson' \
  --data-binary "@$GEN/candidate.ndjson"
[[ "$(json_get .invalid)" -gt 0 ]] || fail "validate=true found no invalid record"
note "404 unknown_dataset, 400 malformed_ndjson (line 2), 422 with $(json_get .invalid) invalid lines ok"

# ---------------------------------------------------------------- materialize (the schedule may have run already)
# A scheduled run holding the dataset answers 409 run_in_progress: that is the contract, so wait it out.
materialize_once() {
  request POST "$M/v1/materialize" -H 'Content-Type: application/json' -d '{"dataset":"candidate"}'
  [[ "$STATUS" == 409 && "$(json_get .code)" == run_in_progress ]] && return 1
  return 0
}
poll_until 120 "no scheduled run of candidate in progress" materialize_once
[[ "$STATUS" == 200 ]] || fail "POST $M/v1/materialize: expected HTTP 200, got $STATUS; body: $(head -c 600 "$BODY_FILE")"
expect_json .status succeeded
run_id="$(json_get .run_id)"
expect_json '.datasets[0].dataset' candidate
expect_status GET "$M/v1/runs/$run_id" 200
expect_json .run_id "$run_id"
expect_status GET "$M/v1/runs" 200
# Totals over every run that touched candidate (the background schedule may have done the work).
valid="$(jq '[.[] | .datasets[] | select(.dataset == "candidate") | .valid] | add' "$BODY_FILE")"
invalid="$(jq '[.[] | .datasets[] | select(.dataset == "candidate") | .invalid] | add' "$BODY_FILE")"
[[ $((valid + invalid)) -eq 300 ]] || fail "runs account for $valid valid + $invalid invalid records, expected 300"
lake_dir="${SMOKE_LAKE_URI#file:}"
parts=("$lake_dir"/curated/candidate/dt=*/part-*.parquet)
[[ -f "${parts[0]}" ]] || fail "no Parquet under curated/candidate/"
quarantined=("$lake_dir"/quarantine/candidate/dt=*/*.ndjson)
[[ -f "${quarantined[0]}" ]] || fail "no quarantine file for the invalid candidates"
note "materialized: $valid valid, $invalid quarantined, ${#parts[@]} Parquet files; run $run_id"

# ---------------------------------------------------------------- queryd sees the rows
request POST "$QUERYD_URL/sql" -H 'Content-Type: application/json' -d '{"sql":"select count(*) from candidate"}'
if [[ "$STATUS" == 404 ]]; then
  note "SKIP row count through queryd: POST /sql answers 404 (queryd not built yet)"
else
  [[ "$STATUS" == 200 ]] || { curl -s -X POST "$QUERYD_URL/v1/refresh" >/dev/null || true; \
    request POST "$QUERYD_URL/sql" -H 'Content-Type: application/json' -d '{"sql":"select count(*) from candidate"}'; }
  [[ "$STATUS" == 200 ]] || fail "POST /sql: HTTP $STATUS $(head -c 300 "$BODY_FILE")"
  expect_json '.rows[0][0]' "$valid"
  note "queryd counts $valid candidates"
fi

# ---------------------------------------------------------------- one-shot command
once() { # once LAKE_DIR ARGS...: runs the one-shot command, stdout -> $SMOKE_SELF_TMP/once.json, returns its exit code
  local lake="$1"
  shift
  # shellcheck disable=SC2086
  "$SMOKE_JAVA" ${SMOKE_JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED -jar "$MATERIALIZER_JAR" --once "$@" \
    --lakehouse.storage.uri="file:$lake" --lakehouse.materializer.work-dir="$SMOKE_SELF_TMP/work" \
    >"$SMOKE_SELF_TMP/once.json" 2>"$SMOKE_SELF_TMP/once.err"
}
seed_raw() { # seed_raw LAKE_DIR DATASET: one raw object holding the generated file
  mkdir -p "$1/raw/$2/dt=2026-11-28"
  cp "$GEN/$2.ndjson" "$1/raw/$2/dt=2026-11-28/smoke-$2.ndjson"
}

# Same lake as the daemons: everything is materialized already (or is now), exit 0 whatever the mode.
rc=0; once "$lake_dir" --dataset candidate --lenient || rc=$?
[[ $rc -eq 0 ]] || fail "--once --lenient on the shared lake: exit $rc; $(tail -5 "$SMOKE_SELF_TMP/once.err")"
jq -e '.run_id and .status == "succeeded"' "$SMOKE_SELF_TMP/once.json" >/dev/null \
  || fail "--once printed no run record: $(head -c 300 "$SMOKE_SELF_TMP/once.json")"

seed_raw "$SMOKE_SELF_TMP/strict" job_order
rc=0; once "$SMOKE_SELF_TMP/strict" --dataset job_order || rc=$?
[[ $rc -eq 1 ]] || fail "--once strict with invalid job orders: expected exit 1, got $rc"
[[ "$(jq '.datasets[0].invalid' "$SMOKE_SELF_TMP/once.json")" -gt 0 ]] || fail "strict run record shows no invalid"

seed_raw "$SMOKE_SELF_TMP/lenient" job_order
rc=0; once "$SMOKE_SELF_TMP/lenient" --dataset job_order --lenient || rc=$?
[[ $rc -eq 0 ]] || fail "--once --lenient with invalid job orders: expected exit 0, got $rc"
ls "$SMOKE_SELF_TMP"/lenient/curated/job_order/dt=*/part-*.parquet >/dev/null 2>&1 || fail "--lenient wrote no Parquet"

rc=0; once "$SMOKE_SELF_TMP/lenient" --no-such-flag || rc=$?
[[ $rc -eq 2 ]] || fail "--once --no-such-flag: expected exit 2, got $rc"
note "--once exit codes: 0 (lenient / nothing to do), 1 (strict with invalid), 2 (usage) ok"
