#!/usr/bin/env bash
# smoke-needs: none
# ./lakehouse install into a temporary prefix: layout, config kept on re-install, units clean under
# `systemd-analyze verify`, --dry-run changes nothing, and the installed lakehouse-run starts a daemon with the
# installed config (auth token from the generated token file).
set -euo pipefail
# shellcheck source=scripts/smoke/lib.sh
. "${SMOKE_LIB:-$(dirname "$0")/lib.sh}"
ROOT="${LAKEHOUSE_ROOT:?}"
P="$SMOKE_TMP/install"

# Dry run: prints the steps, creates nothing.
out="$("$ROOT/lakehouse" install --prefix "$P" --systemd-dir "$P/units" --no-build --dry-run)"
grep -q "dry run: nothing changed" <<<"$out" || fail "dry run did not say so: $out"
grep -q "install -m 0755 $ROOT/deploy/bin/lakehouse-run $P/bin/lakehouse-run" <<<"$out" || fail "dry run misses the run script step"
[[ ! -e "$P" ]] || fail "dry run created $P"
note "dry run: $(grep -c . <<<"$out") lines, nothing created"

# Install. systemd-analyze verify runs inside install when it exists.
if ! out="$("$ROOT/lakehouse" install --prefix "$P" --systemd-dir "$P/units" --no-build 2>&1)"; then
  fail "install failed: $out"
fi
for f in lib/vectord.jar lib/matrixd.jar bin/lakehouse-run etc/lakehouse.yml etc/lakehouse.env etc/token \
         units/lakehouse.target units/lakehouse-vectord.service share/lakehouse/lakehouse.env.example; do
  [[ -e "$P/$f" ]] || fail "install did not create $P/$f"
done
units=("$P"/units/*)
((${#units[@]} == 10)) || fail "expected 7 daemon services, the target, the backup service and timer: ${units[*]}"
grep -q "^ExecStart=$P/bin/lakehouse-run vectord\$" "$P/units/lakehouse-vectord.service" || fail "ExecStart not rewritten"
grep -q "^ReadWritePaths=$P/data\$" "$P/units/lakehouse-vectord.service" || fail "ReadWritePaths not rewritten"
grep -q "^EnvironmentFile=$P/etc/lakehouse.env\$" "$P/units/lakehouse-queryd.service" || fail "EnvironmentFile not rewritten"
[[ "$(stat -c %a "$P/etc/token")" == 640 ]] || fail "token mode is $(stat -c %a "$P/etc/token"), expected 640"
if command -v systemd-analyze >/dev/null 2>&1; then
  grep -q "units verified" <<<"$out" || fail "install did not verify the units: $out"
  note "systemd-analyze verify: clean ($(systemd-analyze --version | head -1))"
else
  note "SKIPPED systemd-analyze verify: systemd-analyze is not installed here (.ci/run installs the systemd package)"
fi

# doctor sees the installed units (and the installed lake's disk) when pointed at them.
out="$(LAKEHOUSE_SYSTEMD_DIR="$P/units" LAKEHOUSE_STORAGE_URI="file:$P/data/lake" "$ROOT/lakehouse" doctor 2>&1 || true)"
if command -v systemd-analyze >/dev/null 2>&1; then
  grep -q "systemd units: 8 services + target in $P/units, systemd-analyze verify clean" <<<"$out" \
    || fail "doctor did not report the installed units: $out"
fi
grep -q "^.*ok.* disk: [0-9]* GiB free" <<<"$out" || fail "doctor did not report disk space: $out"
note "doctor: $(grep -c . <<<"$out") lines, units and disk reported"

# Re-install keeps config and token.
token="$(cat "$P/etc/token")"
echo "# operator edit" >>"$P/etc/lakehouse.yml"
"$ROOT/lakehouse" install --prefix "$P" --systemd-dir "$P/units" --no-build >/dev/null 2>&1 || fail "re-install failed"
[[ "$(cat "$P/etc/token")" == "$token" ]] || fail "re-install replaced the token"
grep -q "# operator edit" "$P/etc/lakehouse.yml" || fail "re-install replaced lakehouse.yml"

# The installed layout runs: lakehouse-run with the installed env file and config, as the unit would.
PORT="$(free_port)"
LOG="$SMOKE_TMP/logs/installed-validatord.log"
mapfile -t ENVS < <(grep -E '^[A-Z_]+=' "$P/etc/lakehouse.env")
(cd "$P/data" && exec env -i PATH="$PATH" "${ENVS[@]}" LAKEHOUSE_CONFIG="$P/etc/lakehouse.yml" SERVER_PORT="$PORT" \
  LAKEHOUSE_JAVA_OPTS="${SMOKE_JAVA_OPTS:-}" setsid "$P/bin/lakehouse-run" validatord "-Dlakehouse.smoke=$SMOKE_TMP" \
  </dev/null >"$LOG" 2>&1) &
PID=$!
printf '%s\n' "$PID" >>"$SMOKE_PIDFILE"
trap 'stop_pid "$PID"' EXIT
wait_ready "http://127.0.0.1:$PORT" "$PID" 90 "$LOG"
expect_status GET "http://127.0.0.1:$PORT/v1/schemas" 401
expect_status GET "http://127.0.0.1:$PORT/v1/schemas" 200 -H "Authorization: Bearer $token"
[[ -d "$P/data/lake/schemas" ]] || fail "validatord did not write to the installed lake $P/data/lake"
note "installed validatord ready on :$PORT with the generated token, lake in $P/data/lake"

# The installed backup job, as lakehouse-backup.service runs it, while validatord runs.
out="$(cd "$P/data" && env -i PATH="$PATH" "${ENVS[@]}" LAKEHOUSE_CONFIG="$P/etc/lakehouse.yml" \
  LAKEHOUSE_BACKUP_DIR="$P/backups" LAKEHOUSE_BACKUP_TEXTFILE="$P/backups/lakehouse_backup.prom" \
  "$P/bin/lakehouse-run" backup 2>&1)" || fail "installed backup job failed: $out"
b=("$P"/backups/lake-*)
[[ -f "${b[0]}/BACKUP.json" ]] || fail "no BACKUP.json under $P/backups: $(ls "$P/backups")"
[[ -n "$(find "${b[0]}/schemas" -name '*.schema.json' -print -quit)" ]] || fail "the backup has no schemas"
grep -q '^lakehouse_backup_last_success_timestamp_seconds [0-9]' "$P/backups/lakehouse_backup.prom" \
  || fail "no backup timestamp for the LakehouseBackupStale alert"
note "installed backup job: ${b[0]##*/} ($(jq -r '.objects' "${b[0]}/BACKUP.json") objects), textfile metric written"
