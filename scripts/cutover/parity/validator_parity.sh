#!/usr/bin/env bash
# Replays the validatord wire-contract fixtures (contracts/validatord/*.json) against two deployments and compares
# them: one row per case with status A, status B, whether the body shapes are equal (member names, nesting, variant
# tags, array lengths and value types; the text of reasons may differ between runtimes) and whether the bodies are
# byte-for-byte equal after sorting members.
#
#   scripts/cutover/parity/validator_parity.sh URL_A URL_B
#
# Environment: FIXTURES (default: contracts/validatord next to this repo's root), LAKEHOUSE_AUTH_TOKEN (sent as a
# bearer token to both), PARITY_TIMEOUT (seconds per request, default 60).
# Exit status: 0 when every status and every body shape matches, 1 on any divergence, 2 on bad usage.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 URL_A URL_B   (e.g. http://127.0.0.1:3221 http://other-runtime:3221)" >&2
  exit 2
fi
a="${1%/}"
b="${2%/}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fixtures="${FIXTURES:-$here/../../../contracts/validatord}"
timeout="${PARITY_TIMEOUT:-60}"
[[ -d "$fixtures" ]] || { echo "no fixtures folder at $fixtures (set FIXTURES)" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is required" >&2; exit 2; }

auth=()
if [[ -n "${LAKEHOUSE_AUTH_TOKEN:-}" ]]; then
  auth=(-H "Authorization: Bearer ${LAKEHOUSE_AUTH_TOKEN}")
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The shape of a JSON value: objects keep their member names, arrays their elements, scalars become their type.
shape='def shape: if type == "object" then with_entries(.value |= shape) elif type == "array" then map(shape) else type end; shape'

# send FIXTURE URL OUT -> prints the status; writes the body to OUT
send() {
  local f="$1" url="$2" out="$3" method path ctype
  method="$(jq -r .request.method "$f")"
  path="$(jq -r .request.path "$f")"
  ctype="$(jq -r .request.content_type "$f")"
  local body="$work/body"
  if jq -e '.request | has("body_raw")' "$f" >/dev/null; then
    jq -j .request.body_raw "$f" >"$body"
  elif jq -e '.request | has("body_fill")' "$f" >/dev/null; then
    local byte length
    byte="$(jq -r .request.body_fill.byte "$f")"
    length="$(jq -r .request.body_fill.length "$f")"
    head -c "$length" /dev/zero | tr '\0' "$byte" >"$body"
  else
    jq -c .request.body "$f" | tr -d '\n' >"$body"
  fi
  : >"$out"  # a refused connection writes nothing: never compare a previous case's body
  curl -sS -o "$out" -w '%{http_code}' --max-time "$timeout" "${auth[@]}" -X "$method" \
    -H "Content-Type: $ctype" --data-binary "@$body" "$url$path" 2>/dev/null || true  # curl prints 000 when down
}

total=0
status_ok=0
shape_ok=0
printf '%-34s %-8s %-8s %-11s %s\n' "case" "A" "B" "shape" "bodies"
for f in "$fixtures"/*.json; do
  name="$(jq -r .name "$f")"
  sa="$(send "$f" "$a" "$work/a")"
  sb="$(send "$f" "$b" "$work/b")"
  total=$((total + 1))
  [[ "$sa" == "$sb" ]] && status_ok=$((status_ok + 1))
  shape_a="$(jq -cS "$shape" "$work/a" 2>/dev/null || echo "not-json")"
  shape_b="$(jq -cS "$shape" "$work/b" 2>/dev/null || echo "not-json")"
  if [[ "$shape_a" == "$shape_b" && "$shape_a" != "not-json" ]]; then
    same_shape="equal"
    shape_ok=$((shape_ok + 1))
  else
    same_shape="DIFFERENT"
  fi
  if [[ "$(jq -cS . "$work/a" 2>/dev/null)" == "$(jq -cS . "$work/b" 2>/dev/null)" ]]; then
    same_body="equal"
  else
    same_body="differ"
  fi
  mark=""
  [[ "$sa" != "$sb" ]] && mark="  <- status"
  printf '%-34s %-8s %-8s %-11s %s%s\n' "$name" "$sa" "$sb" "$same_shape" "$same_body" "$mark"
done

echo "$status_ok/$total status match · $shape_ok/$total body shape match"
[[ "$status_ok" -eq "$total" && "$shape_ok" -eq "$total" ]]
