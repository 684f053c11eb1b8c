#!/usr/bin/env bash
# ./lakehouse backup while the shared stack runs (and a writer keeps upserting), restore into an empty store,
# then the same answers from validatord, queryd, vectord, materializer, pathwayd and observerd started over the
# restored store (matrixd keeps no state of its own).
set -euo pipefail
# shellcheck source=scripts/smoke/lib.sh
. "${SMOKE_LIB:-$(dirname "$0")/lib.sh}"
ROOT="${LAKEHOUSE_ROOT:?}"
J=(-H 'Content-Type: application/json')
LAKE="${SMOKE_LAKE_URI#file:}"

# ---- load: curated rows (the materializer smoke's, else a small batch of our own) and a vector index
if [[ -z "$(find "$LAKE/curated/candidate" -name '*.parquet' -print -quit 2>/dev/null)" ]]; then
  GEN="$SMOKE_SELF_TMP/gen"
  # shellcheck disable=SC2086
  "$SMOKE_JAVA" ${SMOKE_JAVA_OPTS:-} "$ROOT/scripts/staffing/StaffingGenerator.java" --candidates 50 --seed 3 \
    --days 14 --datasets candidate --out "$GEN" >/dev/null 2>&1 || fail "staffing generator failed"
  expect_status POST "$MATERIALIZER_URL/v1/ingest/candidate" 201 -H 'Content-Type: application/x-ndjson' \
    --data-binary "@$GEN/candidate.ndjson"
  expect_status POST "$MATERIALIZER_URL/v1/materialize" 200 "${J[@]}" -d '{"dataset":"candidate"}'
fi
expect_status PUT "$VECTORD_URL/v1/indexes/backup_probe" 201 "${J[@]}" -d '{"dim":32,"embedder":{"type":"hash"}}'
expect_status POST "$VECTORD_URL/v1/indexes/backup_probe/items" 200 "${J[@]}" -d '{"items":[
  {"id":"a","text":"forklift operator warehouse"},{"id":"b","text":"java engineer"},
  {"id":"c","text":"warehouse associate night shift"},{"id":"d","text":"registered nurse"}]}'
expect_status PUT "$VECTORD_URL/v1/indexes/backup_busy" 201 "${J[@]}" -d '{"dim":16,"embedder":{"type":"hash"}}'
expect_status POST "$PATHWAYD_URL/v1/memories" 201 "${J[@]}" \
  -d '{"kind":"fact","content":"backup probe likes tea","scope":{"user_id":"backup-u"},"metadata":{"source":"smoke"}}'
MEMORY_ID="$(json_get .id)"
now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
expect_status POST "$OBSERVERD_URL/v1/observations" 202 "${J[@]}" -d '[
  {"observation_id":"backup-obs-0","run_id":"backup-run","agent":"smoke","kind":"run","name":"root","started_at":"'"$now"'","ended_at":"'"$now"'","status":"ok"},
  {"observation_id":"backup-obs-1","run_id":"backup-run","parent_id":"backup-obs-0","agent":"smoke","kind":"llm_call","name":"chat","started_at":"'"$now"'","ended_at":"'"$now"'","status":"ok","input_tokens":5,"output_tokens":7}]'
poll_until 30 "observerd run backup-run" curl -fsS -o /dev/null "$OBSERVERD_URL/v1/runs/backup-run"

# The questions, asked of one set of daemons (base URLs: queryd vectord validatord materializer pathwayd observerd).
answers() {
  local q="$1" v="$2" s="$3" p="$5" o="$6"
  curl -fsS -m 30 -X POST "$q/sql" "${J[@]}" \
    -d '{"sql":"SELECT count(*) AS n, count(DISTINCT candidate_id) AS ids FROM candidate"}' | jq -c '.rows'
  curl -fsS -m 30 -X POST "$v/v1/indexes/backup_probe/search" "${J[@]}" -d '{"text":"warehouse forklift","k":3}' \
    | jq -c '[.results[] | [.id, .score]]'
  curl -fsS -m 30 "$s/v1/schemas" | jq -c '[.[] | [.dataset, .version]]'
  curl -fsS -m 30 "$p/v1/memories/$MEMORY_ID" | jq -c '[.id, .content, .state, .version]'
  curl -fsS -m 30 "$o/v1/runs/backup-run" | jq -c '[.. | objects | .observation_id? // empty] | sort'
}
# The materializer's runs that did work: the background schedule may add one (pathwayd's and observerd's exports)
# while the backup runs, so the restored list must lie between the lists before and after the backup.
runs() { curl -fsS -m 30 "$1/v1/runs?limit=1000" | jq -c '[.[] | select(.datasets | any(.objects > 0)) | .run_id] | sort'; }
runs_before="$(runs "$MATERIALIZER_URL")" || fail "materializer runs"
before="$(answers "$QUERYD_URL" "$VECTORD_URL" "$VALIDATORD_URL" "$MATERIALIZER_URL" "$PATHWAYD_URL" "$OBSERVERD_URL")" || fail "asking the shared stack failed"

# ---- doctor names the lease holders of the running stack
out="$(LAKEHOUSE_STORAGE_URI="$SMOKE_LAKE_URI" "$ROOT/lakehouse" doctor 2>&1 || true)"
for d in vectord pathwayd observerd; do
  grep -q "lease _system/$d/lease/ held by $d on host" <<<"$out" || fail "doctor does not show $d's lease: $out"
done
note "doctor: $(grep -c 'lease _system/' <<<"$out") lease(s) listed, e.g. $(grep -m1 -o 'lease _system/vectord/lease/ held by .*' <<<"$out" | cut -c1-120)"

# ---- backup while a writer keeps upserting into another index
busy_writer() {
  local i=0
  while :; do
    curl -fsS -m 10 -o /dev/null -X POST "$VECTORD_URL/v1/indexes/backup_busy/items" "${J[@]}" \
      -d "{\"items\":[{\"id\":\"w$i\",\"text\":\"item $i\"}]}" || true
    i=$((i + 1))
  done
}
busy_writer &
WRITER=$!
trap 'kill "$WRITER" 2>/dev/null || true' EXIT
t0=$SECONDS
out="$("$ROOT/lakehouse" backup "$SMOKE_TMP/backup" --store "$SMOKE_LAKE_URI" 2>&1)" || fail "backup failed: $out"
kill "$WRITER" 2>/dev/null || true
wait "$WRITER" 2>/dev/null || true
runs_after_backup="$(runs "$MATERIALIZER_URL")" || fail "materializer runs"
result="$(grep '^{"operation":"backup"' <<<"$out")" || fail "backup printed no result: $out"
[[ -f "$SMOKE_TMP/backup/BACKUP.json" ]] || fail "no BACKUP.json in the backup"
[[ -z "$(find "$SMOKE_TMP/backup/_system" -path '*/lease/*' -print -quit 2>/dev/null)" ]] || fail "leases were backed up"
note "backup while running: $result ($((SECONDS - t0)) s)"

# ---- restore into an empty store (the "wiped" one), refused into a non-empty one
"$ROOT/lakehouse" restore "$SMOKE_TMP/backup" --store "$SMOKE_LAKE_URI" >/dev/null 2>&1 \
  && fail "restore into the live, non-empty store was accepted"
R="$SMOKE_TMP/restored"
out="$("$ROOT/lakehouse" restore "$SMOKE_TMP/backup" --store "file:$R" 2>&1)" || fail "restore failed: $out"
note "restore: $(grep '^{"operation":"restore"' <<<"$out")"

# ---- the daemons over the restored store answer the same
declare -A URL PIDS
for d in validatord queryd vectord materializer pathwayd observerd; do
  port="$(free_port)"
  URL[$d]="http://127.0.0.1:$port"
  jar_var="${d^^}_JAR"
  start_jar "${!jar_var}" "$SMOKE_TMP/logs/restored-$d.log" --server.port="$port" --lakehouse.storage.uri="file:$R" \
    --lakehouse.peers.queryd="http://127.0.0.1:9" --lakehouse.peers.vectord="http://127.0.0.1:9" \
    --lakehouse.materializer.interval=0
  PIDS[$d]=$STARTED_PID
done
trap 'for p in "${PIDS[@]}"; do stop_pid "$p"; done' EXIT
for d in validatord queryd vectord materializer pathwayd observerd; do
  wait_ready "${URL[$d]}" "${PIDS[$d]}" 120 "$SMOKE_TMP/logs/restored-$d.log"
done
after="$(answers "${URL[queryd]}" "${URL[vectord]}" "${URL[validatord]}" "${URL[materializer]}" "${URL[pathwayd]}" "${URL[observerd]}")" || fail "asking the restored daemons failed"
[[ "$before" == "$after" ]] || fail "answers differ after restore:
before: $before
after:  $after"
runs_restored="$(runs "${URL[materializer]}")" || fail "restored materializer runs"
jq -e -n --argjson a "$runs_before" --argjson r "$runs_restored" --argjson b "$runs_after_backup" \
  '($a - $r | length) == 0 and ($r - $b | length) == 0' >/dev/null \
  || fail "materializer runs: before $runs_before, restored $runs_restored, after the backup $runs_after_backup"
count="$(curl -fsS "${URL[vectord]}/v1/indexes/backup_busy" | jq .count)"
[[ "$count" -ge 0 ]] || fail "the busy index did not load"
note "same answers after restore: $(tr '\n' ' ' <<<"$after" | cut -c1-400)"
note "materializer runs: $(jq length <<<"$runs_before") before, $(jq length <<<"$runs_restored") restored, $(jq length <<<"$runs_after_backup") after the backup"
note "busy index restored with $count items written during the backup"
expect_status DELETE "$VECTORD_URL/v1/indexes/backup_probe" 204
expect_status DELETE "$VECTORD_URL/v1/indexes/backup_busy" 204
