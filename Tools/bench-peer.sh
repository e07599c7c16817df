#!/usr/bin/env bash
# The peer comparison: Python's `eventsourcing` (9.5.6, SQLite), installed with pip into a
# virtual environment, and Annals append and rebuild the same generated events in one run.
# Annals' rebuild does more (verifies every hash, projects ten tables and full-text search),
# so the ratio is a floor for Annals, not a like-for-like race.
#
# Usage: Tools/bench-peer.sh [EVENTS=100000]
# The virtual environment is kept in ${ANNALS_BENCH_VENV:-$HOME/.cache/annals-bench-venv}.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
N=${1:-100000}
venv=${ANNALS_BENCH_VENV:-$HOME/.cache/annals-bench-venv}
work=$(mktemp -d /tmp/annals-bench-peer.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import eventsourcing" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "eventsourcing==9.5.6"
fi
swift build -c release --product annals >/dev/null
annals="$repo/.build/release/annals"
export ANNALS_RECORDER=bench

seconds() {  # COMMAND... -> elapsed seconds on stdout (the command's own output is dropped)
  /usr/bin/time -f "%e" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
  cat "$work/time"
}

python3 "$repo/Tools/generate-events.py" "$N" > "$work/events.jsonl"
echo "machine: $(nproc) cores, $(uname -sr); $N generated events ($(du -m "$work/events.jsonl" | cut -f1) MB of JSON)"
"$annals" init "$work/l" >/dev/null
cd "$work/l"
annals_append=$(seconds "$annals" append --file "$work/events.jsonl")
annals_rebuild=$(seconds "$annals" query "SELECT 1")
mkdir "$work/peer"
peer=$("$venv/bin/python" "$repo/Tools/peer-eventsourcing.py" "$work/events.jsonl" "$work/peer")
peer_append=$(echo "$peer" | awk '/^append/ {print $2}')
peer_project=$(echo "$peer" | awk '/^project/ {print $2}')

rate() { echo "$N / $1" | bc -l; }
printf '%-58s %8.2f s %9.0f events/s\n' "annals append --file (validate, hash, fsync)" "$annals_append" "$(rate "$annals_append")"
printf '%-58s %8.2f s %9.0f events/s\n' "eventsourcing: save (1,000 per transaction)" "$peer_append" "$(rate "$peer_append")"
printf '%-58s %8.2f s %9.0f events/s\n' "annals rebuild (verify + 10 tables + FTS5)" "$annals_rebuild" "$(rate "$annals_rebuild")"
printf '%-58s %8.2f s %9.0f events/s\n' "eventsourcing: read back into a two-table projection" "$peer_project" "$(rate "$peer_project")"
printf 'ratios (annals speed / eventsourcing speed): append %.2fx, rebuild %.2fx\n' \
  "$(echo "$peer_append / $annals_append" | bc -l)" "$(echo "$peer_project / $annals_rebuild" | bc -l)"
