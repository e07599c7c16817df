#!/usr/bin/env bash
# Benchmark the projection on a generated ledger: full rebuild, catch-up after one new event,
# every read command at an earlier moment (--as-of / --known-at / --known-at-seq, answered by
# query), a copy of a moment (`replay --out`), peak memory. References in the same run: sqlite3
# inserting as many rows by itself (recursive CTE, the floor for any rebuild), `annals verify`
# (reading and checking the log, which every rebuild does too), and one read answered the old
# way, by replaying the log into memory (ANNALS_REPLAY_READS=1).
#
# Usage: Tools/bench-projection.sh [EVENTS=1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
N=${1:-1000000}
work=$(mktemp -d /tmp/annals-bench-projection.XXXXXX)
trap 'rm -rf "$work"' EXIT
swift build -c release --product annals >/dev/null
annals="$repo/.build/release/annals"
export ANNALS_RECORDER=bench

measure() {  # LABEL COMMAND... -> seconds and peak RSS
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
  read -r secs kb < "$work/time"
  printf '%-66s %8.2f s %8.1f MB peak\n' "$label" "$secs" "$(echo "$kb / 1024" | bc -l)"
  echo "$secs" > "$work/last"
}

echo "machine: $(nproc) cores, $(uname -sr); ledger: $N generated events"
"$annals" init "$work/l" >/dev/null
python3 "$repo/Tools/generate-events.py" "$N" > "$work/events.jsonl"
cd "$work/l"
"$annals" append --file "$work/events.jsonl" >/dev/null
rm "$work/events.jsonl"

measure "annals verify (read + check the log)" "$annals" verify
verify=$(cat "$work/last")
measure "full rebuild (no projection database)" "$annals" query "SELECT 1"
rebuild=$(cat "$work/last")
printf 'rebuild: %.0f events/s\n' "$(echo "$N / $rebuild" | bc -l)"
measure "read with nothing new (catch-up of 0 events)" "$annals" query "SELECT 1"
python3 "$repo/Tools/generate-events.py" 1 --seed 9 --start $((N + 1)) > "$work/one.jsonl"
"$annals" append --file "$work/one.jsonl" >/dev/null
measure "catch-up of 1 new event (+ query)" "$annals" query "SELECT 1"
# Reads at earlier moments, each answered by query after the catch-up above (target <= 200 ms, <= 100 MB).
reads=(
  "timeline --as-of 2020-06-01 --from 2020-05-01 --to 2020-05-31"
  "timeline --known-at-seq $((N / 2)) --from 2019-01-01 --to 2019-01-31"
  "claims --as-of 2019-01-01"
  "claims --known-at-seq $((N / 2)) --as-of 2021-01-01"
  "claim claim:gen-7 --as-of 2019-01-01"
  "bans --as-of 2021-01-01 --active-on 2021-01-01"
  "releases --as-of 2016-01-01 --by org:gen-0"
  "search distillation --as-of 2019-01-01"
  "query --known-at-seq $((N / 2)) SELECT_COUNT"
)
for r in "${reads[@]}"; do
  # shellcheck disable=SC2086
  set -- $r
  args=("$@")
  [ "${args[-1]}" = SELECT_COUNT ] && args[-1]="SELECT count(*) FROM events"
  measure "${r/SELECT_COUNT/\"SELECT count(*) FROM events\"}" "$annals" "${args[@]}"
done
measure "claims --as-of 2019-01-01 (query, again)" "$annals" claims --as-of 2019-01-01
byquery=$(cat "$work/last")
measure "claims --as-of 2019-01-01 (reference: the old replay)" env ANNALS_REPLAY_READS=1 "$annals" claims --as-of 2019-01-01
byreplay=$(cat "$work/last")
printf 'as-of read: query is %.0fx faster than the replay\n' "$(echo "$byreplay / $byquery" | bc -l)"
measure "replay --as-of 2020-06-01 --out (a copy by query)" "$annals" replay --as-of 2020-06-01 --out "$work/replay.sqlite"

rows=$(sqlite3 .annals/annals.sqlite "SELECT (SELECT count(*) FROM events)+(SELECT count(*) FROM event_actors)+(SELECT count(*) FROM event_sources)+(SELECT count(*) FROM claim_history)")
measure "sqlite3: insert $rows rows by itself (reference)" sqlite3 "$work/ref.sqlite" \
  "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; CREATE TABLE t(seq INTEGER PRIMARY KEY, id TEXT UNIQUE, title TEXT, occurred TEXT);
   BEGIN; WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < $rows)
   INSERT INTO t SELECT i, printf('ev_%032x', i*2654435761 % 4294967296), 'title number ' || i, '2025-01-01' FROM c; COMMIT;"
ref=$(cat "$work/last")
printf 'ratios: rebuild/verify = %.2f, rebuild/sqlite3-floor = %.1f\n' "$(echo "$rebuild / $verify" | bc -l)" "$(echo "$rebuild / $ref" | bc -l)"
ls -la .annals/annals.sqlite | awk '{printf "projection database: %.0f MB\n", $5/1048576}'
