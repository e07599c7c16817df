#!/usr/bin/env bash
# Benchmark: append 100,000 generated events from one JSON Lines file, and compare with
# references run in the same script on the same bytes: sqlite3 parsing, validating (json())
# and storing the same events in one transaction, and sha256sum hashing the file.
# Also appends the same-sized batch to a ledger that already holds BIG events, to show that
# append time and memory do not grow with the size of the log.
#
# Usage: Tools/bench-append.sh [COUNT=100000] [BIG=1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
COUNT=${1:-100000}
BIG=${2:-1000000}
work=$(mktemp -d /tmp/annals-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

swift build -c release --product annals >/dev/null
annals="$PWD/.build/release/annals"
export ANNALS_RECORDER=bench

python3 "$repo/Tools/generate-events.py" "$COUNT" > "$work/batch.jsonl"
bytes=$(wc -c < "$work/batch.jsonl")

# measure EVENTS LABEL COMMAND... -> prints seconds, events/s and peak RSS (MB)
measure() {
  local events=$1 label=$2; shift 2
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null
  read -r secs kb < "$work/time"
  printf '%-48s %8.2f s %9.0f events/s %7.1f MB peak\n' "$label" "$secs" "$(echo "$events / ($secs + 0.001)" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
  echo "$secs" > "$work/last"
}

echo "machine: $(nproc) cores, $(uname -sr); input: $COUNT events, $bytes bytes"
"$annals" init "$work/empty" >/dev/null
cd "$work/empty"
measure "$COUNT" "annals append (empty ledger)" "$annals" append --file "$work/batch.jsonl"
annals_secs=$(cat "$work/last")
measure "$COUNT" "annals verify ($COUNT records)" "$annals" verify
cd - >/dev/null

python3 -c "import sys,json; print(json.dumps([json.loads(l) for l in open(sys.argv[1])]))" "$work/batch.jsonl" > "$work/batch.json"
measure "$COUNT" "sqlite3: json() + insert, one transaction" sqlite3 "$work/ref.db" \
  "CREATE TABLE t(id INTEGER PRIMARY KEY, j TEXT NOT NULL); BEGIN; INSERT INTO t(j) SELECT json(value) FROM json_each(readfile('$work/batch.json')); COMMIT;"
sqlite_secs=$(cat "$work/last")
measure "$COUNT" "sha256sum of the input" sha256sum "$work/batch.jsonl"
sha_secs=$(cat "$work/last")
printf 'ratio annals/sqlite3 = %.2f, annals/sha256sum = %.1f\n' "$(echo "$annals_secs / $sqlite_secs" | bc -l)" "$(echo "$annals_secs / $sha_secs" | bc -l)"

if [ "$BIG" -gt 0 ]; then
  echo "building a ledger of $BIG events…"
  "$annals" init "$work/big" >/dev/null
  python3 "$repo/Tools/generate-events.py" "$BIG" --seed 2 > "$work/big.jsonl"
  (cd "$work/big" && "$annals" append --file "$work/big.jsonl" >/dev/null)
  rm "$work/big.jsonl"
  python3 "$repo/Tools/generate-events.py" "$COUNT" --seed 3 --start $((BIG + 1)) > "$work/more.jsonl"
  cd "$work/big"
  measure "$COUNT" "annals append ($BIG-event ledger)" "$annals" append --file "$work/more.jsonl"
  python3 "$repo/Tools/generate-events.py" 1 --seed 4 --start $((BIG + COUNT + 1)) > "$work/one.jsonl"
  measure 1 "annals append 1 event ($((BIG + COUNT))-event ledger)" "$annals" append --file "$work/one.jsonl"
fi
