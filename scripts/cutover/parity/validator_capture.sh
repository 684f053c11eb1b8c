#!/usr/bin/env bash
# Prints the validatord wire fixtures (contracts/validatord/*.json) as one observerd capture: a JSON array of
# cases. The fixtures are captures as they are (observerd reads "expected" as the recorded response), so the
# parity script and observerd's replay run the same set of cases.
#
#   scripts/cutover/parity/validator_capture.sh > capture.json
#   curl -X PUT --data-binary @capture.json -H 'Content-Type: application/json' $OBSERVERD/v1/captures/validatord
#   curl -X POST -H 'Content-Type: application/json' $OBSERVERD/v1/replay \
#     -d '{"capture_name":"validatord","target":"http://127.0.0.1:3221"}'
#
# Environment: FIXTURES (default: contracts/validatord next to this repo's root).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fixtures="${FIXTURES:-$here/../../../contracts/validatord}"
[[ -d "$fixtures" ]] || { echo "no fixtures folder at $fixtures (set FIXTURES)" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is required" >&2; exit 2; }
jq -s -c . "$fixtures"/*.json
