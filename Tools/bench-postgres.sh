#!/usr/bin/env bash
# Benchmark the PostgreSQL projection on a generated ledger: `annals sync` from scratch and a
# catch-up of 1,000 new events, next to the SQLite rebuild of the same ledger in the same run and
# to the stock tools' floor (sqlite3 dumping every table as CSV into psql's \copy); then a
# read-heavy load with pgbench (8 clients, the read commands' queries, over the Unix socket).
# Starts its own PostgreSQL server in a temporary folder (initdb, pg_ctl), as the tests do.
#
# Usage: Tools/bench-postgres.sh [EVENTS=1000000] [PGBENCH_SECONDS=30]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
N=${1:-1000000}
SECONDS_LOAD=${2:-30}
work=$(mktemp -d /tmp/annals-bench-postgres.XXXXXX)
chmod 755 "$work"
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
owner=()
if [ "$(id -u)" = 0 ]; then owner=(runuser -u postgres --); fi
stop() {
  "${owner[@]}" "$bin/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop EXIT
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

echo "machine: $(nproc) cores, $(uname -sr), $("$bin/postgres" --version); ledger: $N generated events"
mkdir -p "$work/pg"
echo bench > "$work/pg/pw"
[ ${#owner[@]} -gt 0 ] && chown -R postgres "$work/pg"
"${owner[@]}" "$bin/initdb" -D "$work/pg/data" -U annals --pwfile="$work/pg/pw" --auth=scram-sha-256 -E UTF8 \
  --locale=C.UTF-8 --no-sync >/dev/null
# Settings of a dedicated bulk-load server; durability is the server's business, not the benchmark's.
"${owner[@]}" "$bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -o "-c listen_addresses='' -k $work/pg \
  -p 54400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=8GB \
  -c maintenance_work_mem=512MB -c shared_buffers=512MB" start >/dev/null
url="postgresql://annals:bench@/postgres?host=$work/pg&port=54400"
export PGPASSWORD=bench

"$annals" init "$work/l" >/dev/null
# One generated batch, split: the last 1,000 events are the catch-up (a batch generated apart
# could lift a ban the first never imposed).
python3 "$repo/Tools/generate-events.py" $((N + 1000)) > "$work/all.jsonl"
head -n "$N" "$work/all.jsonl" > "$work/events.jsonl"
tail -n +$((N + 1)) "$work/all.jsonl" > "$work/more.jsonl"
rm "$work/all.jsonl"
cd "$work/l"
"$annals" append --file "$work/events.jsonl" >/dev/null
rm "$work/events.jsonl"

measure "SQLite: full rebuild of .annals/annals.sqlite" "$annals" query "SELECT 1"
sqlite=$(cat "$work/last")
measure "PostgreSQL: annals sync from scratch (SQLite projection current)" "$annals" sync "$url"
scratch=$(cat "$work/last")
rows=$(psql -X -A -t "$url" -c "SELECT sum(n_live_tup) FROM pg_stat_user_tables WHERE schemaname = 'annals'")
printf 'sync from scratch: %.0f events/s (%s rows); SQLite rebuild: %.0f events/s\n' \
  "$(echo "$N / $scratch" | bc -l)" "$rows" "$(echo "$N / $sqlite" | bc -l)"

# The floor with stock tools: sqlite3 writes every table as CSV, psql's \copy loads it.
psql -X -q "$url" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS floor CASCADE; CREATE SCHEMA floor" \
  -c "CREATE TABLE floor.t AS SELECT * FROM annals.event_versions WITH NO DATA"
floor() {
  for t in event_versions entity_facts entity_alias_facts event_actor_versions source_facts event_source_versions \
    claim_facts claim_history_facts ban_facts ban_target_facts ban_item_facts ban_lift_facts release_facts; do
    psql -X -q "$url" -c "CREATE TABLE IF NOT EXISTS floor.$t (LIKE annals.$t)"
    cols=$(psql -X -A -t "$url" -c "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM \
      information_schema.columns WHERE table_schema = 'annals' AND table_name = '$t'")
    sqlite3 -csv .annals/annals.sqlite "SELECT $cols FROM $t" | psql -X -q "$url" -c "\\copy floor.$t FROM STDIN CSV"
  done
}
export -f floor
export url
measure "reference: sqlite3 -csv | psql \\copy of the same tables (no search)" bash -c floor
ref=$(cat "$work/last")
psql -X -q "$url" -c "SET client_min_messages = warning; DROP SCHEMA floor CASCADE"

"$annals" append --file "$work/more.jsonl" >/dev/null
measure "catch-up of 1,000 new events (SQLite, then PostgreSQL)" "$annals" sync "$url"
catchup=$(cat "$work/last")
measure "sync with nothing new" "$annals" sync "$url"
printf 'ratios: sync from scratch / SQLite rebuild = %.2f; sync / stock-tools floor = %.2f\n' \
  "$(echo "$scratch / $sqlite" | bc -l)" "$(echo "$scratch / $ref" | bc -l)"
echo "catch-up of 1,000 events: $catchup s (target <= 1 s)"

# Read load: the statements `annals timeline --from M --to M`, `claim C`, `bans --active-on D` and
# `releases --by O` send (copied from the server's log), with the settings they make, from 8 clients.
cat > "$work/reads.sql" <<'EOF'
\set y random(2015, 2025)
\set m random(1, 11)
\set d random(1, 28)
\set claim random(0, 1999)
\set org random(0, 39) * 5
SET search_path TO annals;
SET jit = off;
SELECT set_config('annals.as_of', '', false), set_config('annals.known_seq', '', false);
BEGIN READ ONLY;
SELECT occurred, type, title, (SELECT coalesce(json_agg(json_build_object('entity', a.entity_id, 'role', a.role)
         ORDER BY a.position), '[]') FROM event_actors a WHERE a.event_seq = t.seq) AS actors,
       main_source, main_url, id, seq, status
FROM timeline t WHERE true AND occurred_start >= make_date(:y, :m, 1) AND occurred_sort >= make_date(:y, :m, 1)::text
  AND occurred_start <= make_date(:y, :m + 1, 1) - 1 AND occurred_sort < (make_date(:y, :m + 1, 1) - 1)::text || '~'
ORDER BY occurred_sort, seq;
COMMIT;
BEGIN READ ONLY;
SELECT * FROM claim_standing WHERE id = 'claim:gen-' || :claim;
SELECT v.occurred, v.kind, v.value AS stance, v.title, v.event_id, v.note,
       (SELECT coalesce(json_agg(json_build_object('entity', a.entity_id, 'role', a.role) ORDER BY a.position), '[]')
        FROM event_actors a WHERE a.event_seq = v.event_seq) AS actors,
       s.publisher, s.title AS source_title, s.url, s.published, es.quote
FROM claim_evidence v LEFT JOIN event_sources es ON es.event_seq = v.event_seq
LEFT JOIN sources s ON s.id = es.source_id
WHERE v.claim_id = 'claim:gen-' || :claim ORDER BY v.occurred_sort, v.event_seq, es.position;
COMMIT;
BEGIN READ ONLY;
SELECT imposed, lifted,
       CASE WHEN (SELECT count(*) FROM ban_lifts l JOIN standing_events le ON le.seq = l.event_seq
                  WHERE l.ban_id = b.id AND l.scope = 'partial'
                    AND coalesce(l.effective, le.occurred_start) <= make_date(:y, :m, :d)) > 0
            THEN 'relaxed' ELSE 'in force' END AS status,
       id, authority, (SELECT coalesce(json_agg(t.entity_id ORDER BY t.entity_id), '[]')
    FROM ban_targets t WHERE t.ban_id = b.id) AS targets,
       (SELECT coalesce(json_agg(i.item ORDER BY i.position), '[]')
        FROM ban_items i WHERE i.ban_id = b.id) AS items, title
FROM ban_periods b
WHERE imposed <= make_date(:y, :m, :d) AND (lifted IS NULL OR lifted > make_date(:y, :m, :d))
ORDER BY imposed, id;
COMMIT;
BEGIN READ ONLY;
SELECT occurred, organisation, product, product_name, version, title, event_id FROM release_list
WHERE true AND organisation = 'org:gen-' || :org ORDER BY occurred_sort, event_seq;
COMMIT;
EOF
if psql -X -A -t "$url" -c "SELECT to_regclass('annals.timeline')" | grep -q timeline; then
  pgbench -n -r -f "$work/reads.sql" -c 8 -j 2 -T "$SECONDS_LOAD" "$url" > "$work/pgbench" 2>&1 ||
    { cat "$work/pgbench"; exit 1; }
  grep -E "number of transactions actually processed|latency average|tps =" "$work/pgbench"
  echo "(each transaction: the statements of 4 read commands: timeline of a month, claim, bans on a day, releases by)"
  echo "average latency of each query (ms), from pgbench -r:"
  awk '/^ +[0-9.]+ +[0-9]+ +SELECT/ { printf "  %10s  %s\n", $1, substr($0, index($0, "SELECT"), 70) }' "$work/pgbench"
else
  echo "no views in the schema: skipping the read load"
fi
