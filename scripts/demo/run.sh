#!/usr/bin/env bash
# The staffing demo, end to end through the seven daemons, on a running stack (./lakehouse up), using their
# HTTP APIs only: generate a deterministic staffing data set, validate it (validatord), ingest and materialize it
# (materializer), query it (queryd), embed candidates and job orders (vectord), store a recruiter's playbook and
# memories (pathwayd), match every open job order to its top candidates in the same state with enough experience
# (matrixd), and record the demo's own steps as a run (observerd). Prints one line per step, a table of the
# first matches and SQL to explore further.
#
#   scripts/demo/run.sh [--candidates 5000] [--job-orders 500] [--seed 2026] [--k 5] [--show 5] [--out DIR]
#   (also ./lakehouse demo [same flags])
#
# Environment: DEMO_<DAEMON>_URL (default http://127.0.0.1:<port + LAKEHOUSE_PORT_OFFSET>), LAKEHOUSE_AUTH_TOKEN,
# DEMO_JAVA (a JDK 21+ java; ./lakehouse demo sets it). Exit 1 with a message when the stack is not up or a
# required step fails. pathwayd and observerd steps are skipped (one clear line) when those are absent.
# Results: OUT/matches.ndjson (one row per job order), OUT/summary.json (counts, run id, index names).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd "$HERE/../.." && pwd -P)"
CANDIDATES=5000 JOBS=500 SEED=2026 K=5 SHOW=5 OUT=""
while (($#)); do
  case "$1" in
    --candidates) CANDIDATES="$2"; shift 2 ;;
    --job-orders) JOBS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --k) K="$2"; shift 2 ;;
    --show) SHOW="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for n in CANDIDATES JOBS SEED K SHOW; do
  [[ "${!n}" =~ ^[0-9]+$ ]] || { echo "demo: --${n,,} must be a number, got '${!n}'" >&2; exit 2; }
done

if [[ -t 1 ]]; then B=$'\e[1m' G=$'\e[32m' Y=$'\e[33m' R=$'\e[31m' D=$'\e[2m' N=$'\e[0m' EOL=$'\e[K'; else B='' G='' Y='' R='' D='' N='' EOL=''; fi
command -v curl >/dev/null || { echo "demo: curl not found. Fix: apt-get install -y curl" >&2; exit 1; }
command -v jq >/dev/null || { echo "demo: jq not found. Fix: apt-get install -y jq" >&2; exit 1; }
JAVA="${DEMO_JAVA:-java}"

OFF="${LAKEHOUSE_PORT_OFFSET:-0}"
declare -A BASE=([validatord]=3221 [queryd]=3222 [vectord]=3223 [materializer]=3224 [pathwayd]=3225
  [observerd]=3226 [matrixd]=3227)
url() { local v="DEMO_${1^^}_URL"; printf '%s' "${!v:-http://127.0.0.1:$((BASE[$1] + OFF))}"; }
AUTH=()
[[ -n "${LAKEHOUSE_AUTH_TOKEN:-}" ]] && AUTH=(-H "Authorization: Bearer $LAKEHOUSE_AUTH_TOKEN")
J=(-H 'Content-Type: application/json')

OUT="${OUT:-$ROOT/run/demo}"
mkdir -p "$OUT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/lakehouse-demo.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
CAND_INDEX=demo_candidates JOB_INDEX=demo_job_orders
RUN_ID="demo-$(date -u +%Y%m%dT%H%M%SZ)-$$"
STEPS=9 STEP=0 T_STEP=0
OBS=()   # observations of the demo's own steps, sent to observerd at the end

now_ms() { date +%s%3N; }
now_rfc3339() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }
die() { printf '%sdemo failed%s: %s\n' "$R" "$N" "$*" >&2; exit 1; }
num() { printf "%'d" "$1" 2>/dev/null || printf '%s' "$1"; }
begin() { STEP=$((STEP + 1)); T_STEP=$(now_ms); STEP_NAME="$1"; STEP_AT="$(now_rfc3339)"; printf '%s[%d/%d] %-12s%s' "$B" "$STEP" "$STEPS" "$1" "$N"; }
progress() { [[ -t 1 ]] && printf '\r%s[%d/%d] %-12s%s %s' "$B" "$STEP" "$STEPS" "$STEP_NAME" "$N" "$*"; return 0; }
# done_step STATUS MESSAGE: ends the step's line and keeps it as an observation.
done_step() {
  local status="$1" msg="$2" secs
  secs="$(awk -v a="$T_STEP" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }')"
  if [[ -t 1 ]]; then printf '\r%s[%d/%d] %-12s%s' "$B" "$STEP" "$STEPS" "$STEP_NAME" "$N"; fi
  case "$status" in
    ok) printf ' %s %s(%s s)%s%s\n' "$msg" "$D" "$secs" "$N" "$EOL" ;;
    skipped) printf ' %sskipped%s: %s%s\n' "$Y" "$N" "$msg" "$EOL" ;;
  esac
  OBS+=("$(jq -nc --arg id "$RUN_ID-$STEP" --arg run "$RUN_ID" --arg name "$STEP_NAME" --arg s "$STEP_AT" \
    --arg e "$(now_rfc3339)" --arg msg "$msg" --arg st "$status" \
    '{observation_id:$id, run_id:$run, parent_id:$run, agent:"lakehouse-demo", kind:"step", name:$name,
      started_at:$s, ended_at:$e, status:"ok", attributes:{result:$msg, step_status:$st}}')")
}
# call METHOD URL [curl args]: body -> $WORK/body, status -> $CODE ("000" when nothing answered).
call() {
  local method="$1" u="$2"; shift 2
  CODE="$(curl -sS -m "${DEMO_CURL_TIMEOUT:-600}" -X "$method" -o "$WORK/body" -w '%{http_code}' "${AUTH[@]}" "$@" "$u" 2>"$WORK/curl.err")" || CODE="000"
}
need() { # need WHAT EXPECTED_CODES...: fail the demo unless $CODE is one of them
  local what="$1"; shift
  for c in "$@"; do [[ "$CODE" == "$c" ]] && return 0; done
  die "$what: HTTP $CODE $(head -c 400 "$WORK/body" 2>/dev/null) $(cat "$WORK/curl.err" 2>/dev/null)"
}
sql() { # sql STATEMENT [PARAMS_JSON]: runs it on queryd, answer in $WORK/body
  call POST "$(url queryd)/sql" "${J[@]}" -d "$(jq -nc --arg s "$1" --argjson p "${2:-[]}" '{sql:$s, params:$p}')"
}

# ------------------------------------------------------------------ preflight
T0=$(now_ms)
START_AT="$(now_rfc3339)"
missing=()
for d in validatord materializer queryd vectord matrixd; do
  curl -fsS -m 3 -o /dev/null "$(url $d)/actuator/health/readiness" 2>/dev/null || missing+=("$d at $(url $d)")
done
if ((${#missing[@]})); then
  printf '%sThe stack is not up%s: not ready: %s\n' "$R" "$N" "${missing[*]}" >&2
  printf 'Start it with ./lakehouse up (then ./lakehouse status), or point DEMO_<DAEMON>_URL at a running stack.\n' >&2
  exit 1
fi
printf '%sStaffing demo%s: %s candidates, %s job orders (seed %s) through %s\n' "$B" "$N" "$(num "$CANDIDATES")" \
  "$(num "$JOBS")" "$SEED" "$(url validatord | sed 's/:[0-9]*$//')"

# ------------------------------------------------------------------ 1 generate
begin generate
"$JAVA" "$ROOT/scripts/staffing/StaffingGenerator.java" --candidates "$CANDIDATES" --job-orders "$JOBS" \
  --placements "$((JOBS / 2 + 1))" --seed "$SEED" --out "$WORK/data" >"$WORK/gen.out" 2>&1 \
  || die "generator: $(tail -3 "$WORK/gen.out")"
declare -A LINES
for ds in candidate job_order placement timesheet; do LINES[$ds]=$(wc -l <"$WORK/data/$ds.ndjson"); done
done_step ok "$(num "${LINES[candidate]}") candidates, $(num "${LINES[job_order]}") job orders, $(num "${LINES[placement]}") placements, $(num "${LINES[timesheet]}") timesheets"

# ------------------------------------------------------------------ 2 validate
begin validate
vmsg=""
for ds in candidate job_order placement timesheet; do
  progress "$ds..."
  call POST "$(url validatord)/v1/validate/batch?dataset=$ds" -H 'Content-Type: application/x-ndjson' \
    --data-binary "@$WORK/data/$ds.ndjson"
  need "validatord batch $ds" 200 422
  vmsg+="${vmsg:+, }$ds $(jq -r '"\(.valid)/\(.total)"' "$WORK/body")"
done
done_step ok "valid: $vmsg"

# ------------------------------------------------------------------ 3 materialize
begin materialize
# Re-running the demo must not duplicate rows: records whose id is already in the lake are not ingested again
# (asked of queryd in chunks, the ids passed as one bound JSON parameter).
records=0 known=0
for ds in candidate job_order placement timesheet; do
  progress "checking $ds ids..."
  jq -r ".${ds}_id" "$WORK/data/$ds.ndjson" | split -l 5000 - "$WORK/ids.$ds."
  : >"$WORK/known.$ds"
  for chunk in "$WORK/ids.$ds."*; do
    jq -Rsc --arg s "select ${ds}_id from $ds where ${ds}_id in (select unnest(from_json(?::JSON, ?)))" \
      '{sql: $s, params: [([split("\n")[] | select(length > 0)] | tojson), "[\"VARCHAR\"]"], max_rows: 10000}' \
      "$chunk" >"$WORK/known.json"
    call POST "$(url queryd)/sql" "${J[@]}" --data-binary "@$WORK/known.json"
    # 400 sql_error: no such table yet (a fresh lake), nothing is known.
    [[ "$CODE" == 200 ]] && jq -r '.rows[][0]' "$WORK/body" >>"$WORK/known.$ds"
  done
  jq -nc --rawfile k "$WORK/known.$ds" '(reduce ($k | split("\n"))[] as $i ({}; .[$i] = true)) as $known
    | inputs | select($known[.'"${ds}"'_id] | not)' "$WORK/data/$ds.ndjson" >"$WORK/new.$ds.ndjson"
  known=$((known + $(wc -l <"$WORK/known.$ds")))
  n=$(wc -l <"$WORK/new.$ds.ndjson")
  ((n == 0)) && continue
  progress "ingest $ds..."
  call POST "$(url materializer)/v1/ingest/$ds" -H 'Content-Type: application/x-ndjson' --data-binary "@$WORK/new.$ds.ndjson"
  need "materializer ingest $ds" 201
  records=$((records + $(jq .records "$WORK/body")))
  progress "materialize $ds..."
  for _ in $(seq 1 300); do
    call POST "$(url materializer)/v1/materialize" "${J[@]}" -d "{\"dataset\":\"$ds\"}"
    [[ "$CODE" == 409 ]] || break
    sleep 1   # another run (the background schedule) holds this dataset's lease: wait for it
  done
  need "materialize $ds" 200
done
call POST "$(url queryd)/v1/refresh"
# (The materializer's background schedule may have materialized some of it first; either way it is all done.)
done_step ok "$(num "$records") records ingested into raw/ and materialized as Parquet under curated/$( ((known)) && echo " ($(num "$known") already in the lake from an earlier run)")"

# ------------------------------------------------------------------ 4 query
begin query
sql "select (select count(*) from candidate) as candidates, (select count(*) from job_order where status = 'open') as open_jobs, (select count(*) from placement) as placements"
need "queryd counts" 200
read -r lake_c lake_o lake_p < <(jq -r '.rows[0] | @tsv' "$WORK/body")
sql "select location.state as state, count(*) as open_jobs from job_order where status = 'open' group by 1 order by 2 desc, 1 limit 3"
need "queryd open jobs by state" 200
top="$(jq -r '[.rows[] | "\(.[0]) \(.[1])"] | join(", ")' "$WORK/body")"
done_step ok "lake: $(num "$lake_c") candidates, $(num "$lake_o") open job orders, $(num "$lake_p") placements; most open jobs: $top"

# ------------------------------------------------------------------ 5 embed
begin embed
for idx in "$CAND_INDEX" "$JOB_INDEX"; do
  # A fresh index per run: the match is then over exactly this run's data set, whatever ran before.
  call DELETE "$(url vectord)/v1/indexes/$idx"
  need "vectord drop $idx" 204 404
  call PUT "$(url vectord)/v1/indexes/$idx" "${J[@]}" -d '{"dim":128,"metric":"cosine","ef_construction":100,"embedder":{"type":"hash"}}'
  need "vectord index $idx" 200 201
done
# Text: what a recruiter matches on (skills; a job's title and required skills). Location and experience are
# metadata, used as filters, so that "same state, enough years" is exact rather than a similarity.
jq -c '{id: .candidate_id, text: ((.skills // []) | map(gsub("_"; " ")) | join(" ") | if . == "" then "general" else . end),
        metadata: {name: "\(.first_name) \(.last_name)", state: .address.state, city: .address.city,
                   years_experience: (.years_experience // 0), status: .status, available: (.status == "active"),
                   skills: (.skills // [])}}' "$WORK/data/candidate.ndjson" >"$WORK/cand.items"
# A job's minimum experience is not in the contract: the demo derives it from the pay (every $5/h of the minimum
# pay rate asks one year, at most 12), deterministic and easy to check.
jq -c '{id: .job_order_id, text: ("\(.title) " + ((.required_skills // []) | map(gsub("_"; " ")) | join(" "))),
        metadata: {title: .title, client: .client_name, state: .location.state, city: .location.city, status: .status,
                   min_years_experience: ([((.pay_rate_min // 0) / 5 | floor), 12] | min),
                   required_skills: (.required_skills // [])}}' "$WORK/data/job_order.ndjson" >"$WORK/job.items"
embedded=0 total=$((LINES[candidate] + LINES[job_order]))
for pair in "cand:$CAND_INDEX" "job:$JOB_INDEX"; do
  f="${pair%%:*}" idx="${pair#*:}"
  split -l 1000 "$WORK/$f.items" "$WORK/$f.part."
  for part in "$WORK/$f.part."*; do
    jq -sc '{items: .}' "$part" >"$WORK/batch.json"
    call POST "$(url vectord)/v1/indexes/$idx/items" "${J[@]}" --data-binary "@$WORK/batch.json"
    need "vectord upsert into $idx" 200
    embedded=$((embedded + $(jq .upserted "$WORK/body")))
    progress "$(num "$embedded")/$(num "$total") items"
  done
done
done_step ok "$(num "${LINES[candidate]}") candidates -> $CAND_INDEX, $(num "${LINES[job_order]}") job orders -> $JOB_INDEX (hash embedder, 128-d)"

# ------------------------------------------------------------------ 6 memory (pathwayd)
begin memory
P="$(url pathwayd)"
playbook='{"content":"Match open job orders to available candidates in the same state whose years of experience meet the job minimum; rank by skill similarity; present the top 5 per job.","steps":["select open job orders","filter candidates: active, same state, years >= minimum","rank by similarity of skills to title and required skills","review the top 5 with the client"],"metadata":{"source":"lakehouse-demo"}}'
call PUT "$P/v1/playbooks/staffing-match" "${J[@]}" -d "$playbook"
if [[ "$CODE" == 000 || "$CODE" == 404 || "$CODE" == 405 || "$CODE" == 501 || "$CODE" == 503 ]]; then
  done_step skipped "pathwayd not available at $P (HTTP $CODE): playbook and memories not stored"
else
  need "pathwayd playbook" 200 201
  stored=0
  for fact in "Recruiter r-1 prefers candidates with at least 2 years more than the job minimum for senior roles" \
              "Client Acme Industries asks for a phone screen before any interview" \
              "Forklift roles in TX fill fastest on weekday mornings"; do
    call POST "$P/v1/memories" "${J[@]}" -d "$(jq -nc --arg c "$fact" '{kind:"fact", content:$c, scope:{user_id:"r-1", agent_id:"lakehouse-demo"}, metadata:{source:"lakehouse-demo"}}')"
    [[ "$CODE" == 201 || "$CODE" == 200 ]] && stored=$((stored + 1))
  done
  done_step ok "playbook staffing-match and $stored memories for recruiter r-1"
fi

# ------------------------------------------------------------------ 7 match (matrixd)
begin match
match_body="$(jq -nc --arg l "$JOB_INDEX" --arg r "$CAND_INDEX" --argjson k "$K" \
  '{left:{index:$l, filter:{status:"open"}},
    right:{index:$r, filter:{available:true}, join:{state:"state", years_experience:{gte:"min_years_experience"}}},
    k:$k, exact:true, include_left_metadata:true}')"
# exact: the filters leave a few hundred candidates per job, so vectord's brute-force scan over the matches is
# cheap and the answer is the true top k (an HNSW search may miss one; drop it for indexes of millions).
rows=0 matched=0
: >"$OUT/matches.ndjson"
# NDJSON: rows arrive as they are computed, so progress is visible on large runs.
while IFS= read -r line; do
  printf '%s\n' "$line" >>"$OUT/matches.ndjson"
  if [[ "$line" == '{"error"'* ]]; then die "matrixd match stream: $line"; fi
  rows=$((rows + 1))
  ((rows % 50 == 0)) && progress "$(num "$rows") job orders matched..."
done < <(curl -sS -N -m "${DEMO_CURL_TIMEOUT:-600}" "${AUTH[@]}" "${J[@]}" -H 'Accept: application/x-ndjson' \
  -d "$match_body" "$(url matrixd)/v1/match" 2>"$WORK/curl.err")
if ((rows == 0)) || [[ "$(head -c 1 "$OUT/matches.ndjson")" != "{" ]] || jq -e 'has("type")' "$OUT/matches.ndjson" >/dev/null 2>&1; then
  die "matrixd match: no rows: $(head -c 400 "$OUT/matches.ndjson") $(cat "$WORK/curl.err")"
fi
matched="$(jq -s '[.[] | select((.matches | length) > 0)] | length' "$OUT/matches.ndjson")"
pairs="$(jq -s '[.[].matches | length] | add' "$OUT/matches.ndjson")"
done_step ok "$(num "$rows") open job orders x $(num "${LINES[candidate]}") candidates: $(num "$pairs") matches, $(num "$matched") jobs with at least one"

# ------------------------------------------------------------------ 8 observe (observerd)
begin observe
O="$(url observerd)"
run_obs="$(jq -nc --arg id "$RUN_ID" --arg s "$START_AT" --arg e "$(now_rfc3339)" --argjson c "$CANDIDATES" --argjson j "$JOBS" \
  '{observation_id:$id, run_id:$id, agent:"lakehouse-demo", kind:"run", name:"staffing-demo", started_at:$s, ended_at:$e,
    status:"ok", attributes:{candidates:$c, job_orders:$j}}')"
printf '%s\n' "$run_obs" "${OBS[@]}" | jq -sc '{observations: .}' >"$WORK/obs.json"
call POST "$O/v1/observations" "${J[@]}" --data-binary "@$WORK/obs.json"
if [[ "$CODE" == 000 || "$CODE" == 404 || "$CODE" == 405 || "$CODE" == 501 || "$CODE" == 503 ]]; then
  done_step skipped "observerd not available at $O (HTTP $CODE): the run is not recorded"
  RUN_RECORDED=false
else
  need "observerd observations" 202 200
  done_step ok "run $RUN_ID: $(jq -r .accepted "$WORK/body") observations (see $O/v1/runs/$RUN_ID)"
  RUN_RECORDED=true
fi

# ------------------------------------------------------------------ 9 report
begin report
jq -n --arg run "$RUN_ID" --argjson rec "$RUN_RECORDED" --argjson c "${LINES[candidate]}" --argjson j "${LINES[job_order]}" \
  --argjson rows "$rows" --argjson pairs "$pairs" --arg ci "$CAND_INDEX" --arg ji "$JOB_INDEX" --argjson k "$K" \
  --argjson secs "$(( ($(now_ms) - T0) / 1000 ))" \
  '{run_id:$run, run_recorded:$rec, candidates:$c, job_orders:$j, open_job_orders:$rows, matches:$pairs, k:$k,
    candidate_index:$ci, job_order_index:$ji, seconds:$secs}' >"$OUT/summary.json"
done_step ok "results in ${OUT#"$ROOT"/}/matches.ndjson and summary.json"

printf '\n%sFirst %s open job orders and their top %s candidates%s (same state, years >= the job minimum, by skill similarity)\n' \
  "$B" "$SHOW" "$K" "$N"
jq -nc --argjson n "$SHOW" '[inputs | select((.matches | length) > 0)] | .[:$n][]' "$OUT/matches.ndjson" >"$WORK/show.ndjson"
while IFS= read -r row; do
  jq -r '.left_metadata | "\n  \(.title) for \(.client // "?") in \(.city), \(.state) - needs \(.min_years_experience)+ years, skills: \(.required_skills | join(", "))"' <<<"$row"
  jq -r '.matches | to_entries[] | [(.key + 1), .value.metadata.name, .value.metadata.state, .value.metadata.years_experience, (.value.metadata.skills | join(", ")), (.value.score * 1000 | round / 1000)] | @tsv' <<<"$row" |
    while IFS=$'\t' read -r n name st yrs skills score; do
      printf '    %d. %-22s %-3s %3s yrs  %-40.40s %6.3f\n' "$n" "$name" "$st" "$yrs" "$skills" "$score"
    done
done <"$WORK/show.ndjson"

first_job="$(jq -rn 'first(inputs) | .left_id' "$WORK/show.ndjson")"
ids="$(jq -rn 'first(inputs) | [.matches[].right_id] | map("'"'"'" + . + "'"'"'") | join(", ")' "$WORK/show.ndjson")"
Q="$(url queryd)"
cat <<EOF

${B}Explore further${N} (queryd, read-only SQL over the lake):
  curl -s $Q/sql -H 'Content-Type: application/json' -d '{"sql": "select title, client_name, location.state, pay_rate_min, required_skills from job_order where job_order_id = ?", "params": ["$first_job"]}'
  curl -s $Q/sql -H 'Content-Type: text/plain' -d "select first_name, last_name, address.state, years_experience, skills from candidate where candidate_id in ($ids)"
  curl -s $Q/sql -H 'Content-Type: text/plain' -d "select location.state as state, count(*) as open_jobs from job_order where status = 'open' group by 1 order by 2 desc limit 10"
$( [[ "$RUN_RECORDED" == true ]] && echo "  curl -s $O/v1/runs/$RUN_ID        # this demo's steps, as observerd recorded them" )
${G}Demo done${N} in $(( ($(now_ms) - T0) / 1000 )) s.
EOF
