#!/usr/bin/env bash
# Captures what a build of `annals` prints and writes, so a refactoring can be shown to change no byte.
#
#   Tools/output-corpus.sh make-ledgers DIR           # once: the two ledgers every capture reads (copies)
#   Tools/output-corpus.sh capture BINARY DIR OUT     # every read, export, snapshot and record, into OUT
#   diff -r OUT-before OUT-after                      # empty when nothing changed
#
# The ledgers: the shipped one, and a generated one of another story (3,000 events from
# Tools/generate-events.py) with corrections (one moving an event in valid time), retractions of a
# stance, a ban and a lift, and claim-status assessments. They are made once, because a record's
# `recorded` time is the clock's: every capture then reads the same bytes. Each capture works on a
# fresh copy without .annals/, so the projection is rebuilt by the binary under test. Appends and
# imports are captured too: their records with `recorded`, `hash` and `prev` left out (the clock's
# part); everything else byte for byte. Output of each command goes to OUT/<ledger>/<name>.out,
# its standard error to .err and its exit status to .rc.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

make_ledgers() {
  local dir=$1 bin=$2
  mkdir -p "$dir"
  rm -rf "$dir/shipped" "$dir/generated"
  mkdir -p "$dir/shipped"
  cp -R "$repo/Events" "$repo/Snapshots" "$repo/Checkpoints" "$repo/ledger.json" "$dir/shipped/"
  "$bin" init "$dir/generated" >/dev/null
  python3 "$repo/Tools/generate-events.py" 3000 --seed 5 > "$dir/generated.jsonl"
  ANNALS_RECORDER="Corpus" "$bin" --ledger "$dir/generated" append --file "$dir/generated.jsonl" >/dev/null
  "$bin" --ledger "$dir/generated" log --format jsonl | python3 "$repo/Tools/output-corpus-amend.py" \
    > "$dir/amend.jsonl"
  ANNALS_RECORDER="Corpus" "$bin" --ledger "$dir/generated" append --file "$dir/amend.jsonl" >/dev/null
  rm -rf "$dir/generated/.annals" "$dir/shipped/.annals"
}

# run NAME ARGS…: one command's stdout, stderr and status.
run() {
  local name=$1
  shift
  (cd "$led" && COLUMNS=100 "$bin" "$@" >"$out/$name.out" 2>"$out/$name.err") && echo 0 >"$out/$name.rc" ||
    echo $? >"$out/$name.rc"
}

reads() {
  local tag=$1
  shift
  local fmt
  for fmt in text json csv; do
    run "timeline-$tag.$fmt" timeline --format "$fmt" "$@"
    run "timeline-window-$tag.$fmt" timeline --from 2024-01-01 --to 2025-06-30 --format "$fmt" "$@"
    run "timeline-actor-$tag.$fmt" timeline --actor "$actor" --format "$fmt" "$@"
    run "claims-$tag.$fmt" claims --format "$fmt" "$@"
    run "claims-about-$tag.$fmt" claims --about "$actor" --format "$fmt" "$@"
    run "claims-disputed-$tag.$fmt" claims --status disputed --format "$fmt" "$@"
    run "claim-$tag.$fmt" claim "$claim" --format "$fmt" "$@"
    run "bans-$tag.$fmt" bans --format "$fmt" "$@"
    run "bans-active-$tag.$fmt" bans --active-on 2020-01-01 --format "$fmt" "$@"
    run "releases-$tag.$fmt" releases --format "$fmt" "$@"
    run "releases-by-$tag.$fmt" releases --by "$product" --format "$fmt" "$@"
    run "search-$tag.$fmt" search "$word" --format "$fmt" "$@"
    run "query-$tag.$fmt" query "SELECT seq, type, title FROM events ORDER BY seq DESC LIMIT 40" --format "$fmt" "$@"
  done
}

capture_ledger() {
  local name=$1
  led="$work/$name"
  out="$dest/$name"
  mkdir -p "$out"
  local last
  last=$("$bin" --ledger "$led" log --format jsonl | tail -1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["seq"])')
  reads now
  reads asof --as-of 2025-06-30
  reads seq --known-at-seq $((last / 2))
  reads both --known-at-seq $((last * 3 / 4)) --as-of 2025-12-31
  local fmt seq
  for fmt in text json jsonl; do
    run "entities.$fmt" entities --format "$fmt"
    run "log.$fmt" log --format "$fmt"
    run "log-actor.$fmt" log --actor "$actor" --from 2019 --format "$fmt"
    run "log-since.$fmt" log --since $((last - 30)) --format "$fmt"
  done
  for seq in 1 $((last / 3)) $((last - 5)) $((last - 1)) "$last"; do
    run "show-$seq.text" show "$seq"
    run "show-$seq.json" show "$seq" --format json
    run "prove-$seq.text" prove "$seq"
    run "prove-$seq.json" prove "$seq" --format json
  done
  run "prove-consistency.json" prove --consistency $((last / 2)) "$last" --format json
  run "verify.text" verify
  run "verify.json" verify --format json
  for fmt in text markdown json; do
    run "diff.$fmt" diff @2020-06-30 now --format "$fmt"
    run "diff-seq.$fmt" diff @2019-12-31 @2023-12-31 --format "$fmt"
  done
  run "snapshot-create" snapshot create --as-of 2021-12-31 --name corpus-2021
  run "snapshot-create-seq" snapshot create --known-at-seq $((last / 2)) --name corpus-half
  run "snapshot-list.text" snapshot list
  run "snapshot-list.json" snapshot list --format json
  run "snapshot-show.json" snapshot show corpus-2021 --format json
  run "snapshot-verify.text" snapshot verify --all
  cp "$led/Snapshots/corpus-2021.jsonl.gz" "$led/Snapshots/corpus-half.jsonl.gz" "$out/"
  run "export-html" export html --out "$work/$name-site" --force
  run "export-feed" export feed --out "$work/$name-feed" --force --format json
  run "export-timelinejs" export timelinejs --out "$work/$name-timeline.json" --force
  run "export-jsonld" export jsonld --out "$work/$name-graph.jsonld" --force
  run "export-jsonld-asof" export jsonld --as-of 2020-06-30 --out "$work/$name-graph-2020.jsonld" --force
  cp -R "$work/$name-site" "$work/$name-feed" "$out/"
  cp "$work/$name-timeline.json" "$work/$name-graph.jsonld" "$work/$name-graph-2020.jsonld" "$out/"
  run "replay" replay --as-of 2020-06-30 --out "$work/$name-replay.sqlite" --force
  python3 -c 'import sqlite3,sys; print("\n".join(sqlite3.connect(sys.argv[1]).iterdump()))' \
    "$work/$name-replay.sqlite" >"$out/replay.sql"
}

capture_records() {
  led="$work/generated"
  out="$dest/records"
  mkdir -p "$out"
  local last
  last=$("$bin" --ledger "$led" log --format jsonl | tail -1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["seq"])')
  # From a number the generator gives an announcement (k % 7 == 1), never a lift of a ban it did not make.
  python3 "$repo/Tools/generate-events.py" 40 --seed 8 --start $(((last / 7 + 1) * 7 + 1)) >"$work/more.jsonl"
  run "append-batch" append --file "$work/more.jsonl" --recorder Corpus
  run "append-flags" append announcement --title "A council statement" --occurred 2024-05-01 \
    --actor "$actor=actor" --source https://example.org/statement --publisher "Example News" --recorder Corpus
  printf 'date,title,actor,url,external_id\n2024-06-01,Row one,%s,https://example.org/r1,r1\n' "$actor" \
    >"$work/sheet.csv"
  printf '2024-06-02,Row two,%s,https://example.org/r2,r2\n' "$actor" >>"$work/sheet.csv"
  cat >"$work/mapping.json" <<EOF
{"external_id": {"column": "external_id"}, "type": {"const": "announcement"}, "title": {"column": "title"},
 "occurred": {"column": "date"}, "actors": [{"entity": {"column": "actor"}, "role": {"const": "actor"}}],
 "sources": [{"url": {"column": "url"}}]}
EOF
  run "import-csv" import csv "$work/sheet.csv" --map "$work/mapping.json" --recorder Corpus
  run "import-csv-again" import csv "$work/sheet.csv" --map "$work/mapping.json" --recorder Corpus
  cat "$led"/Events/*.jsonl | tail -n 50 | python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    for k in ("recorded", "hash", "prev"):
        r.pop(k, None)
    print(json.dumps(r, sort_keys=True, ensure_ascii=False))' >"$out/records.jsonl"
}

capture() {
  bin=$(realpath "$1")
  local src=$2
  dest=$3
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  rm -rf "$dest"
  mkdir -p "$dest"
  cp -R "$src/shipped" "$src/generated" "$work/"
  actor=org:deepseek product=org:anthropic claim=claim:deepseek-distilled-claude word=distillation
  capture_ledger shipped
  actor=org:gen-5 product=org:gen-0 claim=claim:gen-17 word=synthetic
  capture_ledger generated
  rm -rf "$work/generated"
  cp -R "$src/generated" "$work/"
  capture_records
  # The run's own temporary folder appears in a few messages; name it the same every time.
  grep -rlF "$work" "$dest" | while read -r f; do sed -i "s|$work|WORK|g" "$f"; done
  echo "captured $(find "$dest" -type f | wc -l) files into $dest"
}

case ${1:-} in
  make-ledgers) make_ledgers "$2" "$(realpath "${3:-$repo/.build/debug/annals}")" ;;
  capture) capture "$2" "$3" "$4" ;;
  *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 64 ;;
esac
