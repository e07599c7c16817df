#!/usr/bin/env bash
# Benchmark snapshots on a generated ledger: create, restore (+ catch-up) versus full rebuild,
# compression ratio, and diff of two snapshots. References run in the same script on the same
# data: `gzip -6` on the snapshot's own uncompressed bytes, and `sqldiff` (sqlite3-tools) on the
# two equivalent projection databases.
#
# Usage: Tools/bench-snapshots.sh [EVENTS=1000000] [NEW=1000]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
N=${1:-1000000}
NEW=${2:-1000}
command -v sqldiff >/dev/null || { apt-get update >/dev/null && apt-get install -y sqlite3-tools >/dev/null; }
work=$(mktemp -d /tmp/annals-bench-snapshots.XXXXXX)
trap 'rm -rf "$work"' EXIT
swift build -c release --product annals >/dev/null
annals="$repo/.build/release/annals"
export ANNALS_RECORDER=bench

measure() {  # LABEL COMMAND... -> seconds, CPU seconds (user + system, all threads) and peak RSS
  local label=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err"; exit 1; }
  read -r secs kb user sys < "$work/time"
  printf '%-56s %8.2f s %8.2f s CPU %8.1f MB peak\n' "$label" "$secs" "$(echo "$user + $sys" | bc -l)" \
    "$(echo "$kb / 1024" | bc -l)"
  echo "$secs" > "$work/last"
}
last() { cat "$work/last"; }

echo "machine: $(nproc) cores, $(uname -sr); ledger: $N generated events, then $NEW more"
"$annals" init "$work/l" >/dev/null
python3 "$repo/Tools/generate-events.py" "$N" > "$work/events.jsonl"
cd "$work/l"
"$annals" append --file "$work/events.jsonl" >/dev/null
rm "$work/events.jsonl"

measure "full rebuild of the projection ($N events)" "$annals" query "SELECT 1"
rebuild=$(last)
measure "snapshot create (base)" "$annals" snapshot create --name base
create=$(last)
gz=$(stat -c %s Snapshots/base.jsonl.gz)
zcat Snapshots/base.jsonl.gz > "$work/body"
raw=$(stat -c %s "$work/body")
printf 'snapshot: %d bytes of JSON lines -> %d bytes gzip (ratio %.1f)\n' "$raw" "$gz" "$(echo "$raw / $gz" | bc -l)"
measure "reference: gzip -6 on the same uncompressed bytes" gzip -6 -c "$work/body"
gzip6=$(last)
rm "$work/body"
cp .annals/annals.sqlite "$work/base.sqlite"

python3 "$repo/Tools/generate-events.py" "$NEW" --seed 5 --start $((N + 1)) > "$work/more.jsonl"
"$annals" append --file "$work/more.jsonl" >/dev/null
measure "snapshot create (head, $NEW events later)" "$annals" snapshot create --name head
cp .annals/annals.sqlite "$work/head.sqlite"

rm .annals/annals.sqlite
measure "full rebuild ($((N + NEW)) events)" "$annals" query "SELECT 1"
rebuild2=$(last)
measure "snapshot restore base + catch-up of $NEW events" "$annals" snapshot restore base
restore=$(last)
measure "annals diff base head" "$annals" diff base head --format json
diff=$(last)
measure "reference: sqldiff base.sqlite head.sqlite" sqldiff "$work/base.sqlite" "$work/head.sqlite"
sqldiff=$(last)
printf 'ratios: rebuild/restore = %.1f; gzip-6/create = %.2f; sqldiff/diff = %.2f; create/rebuild = %.2f\n' \
  "$(echo "$rebuild2 / $restore" | bc -l)" "$(echo "$gzip6 / $create" | bc -l)" "$(echo "$sqldiff / $diff" | bc -l)" "$(echo "$create / $rebuild" | bc -l)"
