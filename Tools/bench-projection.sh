#!/usr/bin/env bash
# Benchmark the projection on a generated ledger: full rebuild, catch-up after one new event,
# every read command now and at three earlier moments (--as-of / --known-at-seq / both, answered
# by query), with its time and peak memory, the query plans of the kept-row reads, a copy of a
# moment (`replay --out`). References in the same run: sqlite3 inserting as many rows by itself
# (recursive CTE, the floor for any rebuild), `annals verify` (reading and checking the log,
# which every rebuild does too), one read answered the old way, by replaying the log into memory
# (ANNALS_REPLAY_READS=1), and, with BASE_ANNALS=path/to/previous/annals, that binary's rebuild
# of the same ledger (a rebuild must not be slower than the previous commit's).
#
# Usage: [BASE_ANNALS=…] Tools/bench-projection.sh [EVENTS=1000000] [--kb]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
N=${1:-1000000}
KB=${2:-}
work=$(mktemp -d /tmp/annals-bench-projection.XXXXXX)
trap 'rm -rf "$work"' EXIT
swift build -c release --product annals >/dev/null
annals="$repo/.build/release/annals"
export ANNALS_RECORDER=bench

measure() {  # LABEL COMMAND... -> seconds and peak RSS
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err"; exit 1; }
  read -r secs kb < "$work/time"
  printf '%-66s %8.2f s %8.1f MB peak\n' "$label" "$secs" "$(echo "$kb / 1024" | bc -l)"
  echo "$secs" > "$work/last"
}

echo "machine: $(nproc) cores, $(uname -sr); ledger: $N generated events ${KB}"
"$annals" init "$work/l" >/dev/null
python3 "$repo/Tools/generate-events.py" "$N" $KB > "$work/events.jsonl"
cd "$work/l"
"$annals" append --file "$work/events.jsonl" >/dev/null
rm "$work/events.jsonl"

measure "annals verify (read + check the log)" "$annals" verify
verify=$(cat "$work/last")
if [ -n "${BASE_ANNALS:-}" ]; then
  rm -f .annals/annals.sqlite
  measure "full rebuild by the previous binary (\$BASE_ANNALS)" "$BASE_ANNALS" query "SELECT 1"
  base_rebuild=$(cat "$work/last")
  rm -f .annals/annals.sqlite
fi
measure "full rebuild (no projection database)" "$annals" query "SELECT 1"
rebuild=$(cat "$work/last")
printf 'rebuild: %.0f events/s\n' "$(echo "$N / $rebuild" | bc -l)"
[ -n "${base_rebuild:-}" ] && printf 'rebuild / previous binary'"'"'s rebuild = %.2f\n' "$(echo "$rebuild / $base_rebuild" | bc -l)"
measure "read with nothing new (catch-up of 0 events)" "$annals" query "SELECT 1"
python3 "$repo/Tools/generate-events.py" 1 --seed 9 --start $((N + 1)) > "$work/one.jsonl"
"$annals" append --file "$work/one.jsonl" >/dev/null
measure "catch-up of 1 new event (+ query)" "$annals" query "SELECT 1"
# Every read command now and at three moments, each answered after the catch-up above
# (targets: <= 200 ms, <= 100 MB; live claims and bans <= 100 ms).
reads=(
  "timeline --from 2020-05-01 --to 2020-05-31"
  "timeline --actor org:gen-5 --from 2024-01-01"
  "releases --by org:gen-0"
  "claims"
  "claim claim:gen-7"
  "bans"
  "bans --active-on 2021-01-01"
  "search distillation"
  "search 424242"
)
moments=("" "--as-of 2019-01-01" "--known-at-seq $((N / 2))" "--known-at-seq $((N / 2)) --as-of 2021-01-01")
for r in "${reads[@]}"; do
  for m in "${moments[@]}"; do
    # shellcheck disable=SC2086
    measure "$r $m" "$annals" $r $m
  done
done
for r in "entities" "show $((N / 2))" "prove $((N / 2))" "log --since $((N - 10))"; do
  # shellcheck disable=SC2086
  measure "$r" "$annals" $r
done
measure "query --known-at-seq $((N / 2)) \"SELECT count(*) FROM events\"" \
  "$annals" query --known-at-seq $((N / 2)) "SELECT count(*) FROM events"
# The plans of the reads answered from kept rows, and of the lookups entities and show make.
plans=(
  "SELECT * FROM claim_standing_now c WHERE true ORDER BY first_occurred NULLS FIRST, id"
  "SELECT imposed, lifted, id FROM ban_periods_now WHERE imposed <= '2021-01-01' AND (lifted IS NULL OR lifted > '2021-01-01') ORDER BY imposed, id"
  "SELECT id, registered_by FROM entities ORDER BY id"
  "SELECT seq FROM event_versions WHERE known_until IS NULL AND amends = 500000 ORDER BY seq"
  "SELECT seq FROM event_versions WHERE id >= 'ev_12ab' AND id < 'ev_12ab~' AND vid > 0 ORDER BY seq LIMIT 2"
)
for q in "${plans[@]}"; do
  echo "plan: $q"
  sqlite3 .annals/annals.sqlite "EXPLAIN QUERY PLAN $q" | sed 's/^/  /'
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
