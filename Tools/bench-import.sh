#!/usr/bin/env bash
# Benchmark for issue 17, in one run on the same generated events:
#   - annals append --file of COUNT events as JSON Lines into a fresh ledger (the reference);
#   - annals import csv of the same COUNT events as a CSV sheet with a mapping, into another
#     fresh ledger; rows/s, CPU and peak RSS of each, and the ratio import / append (target ≤ 1.5).
# Both ledgers first get the same 200 entity registrations (not timed).
#
# Usage: Tools/bench-import.sh [COUNT=1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
COUNT=${1:-1000000}
work=$(mktemp -d /tmp/annals-bench-import.XXXXXX)
trap 'rm -rf "$work"' EXIT

swift build -c release --product annals >/dev/null
annals="$repo/.build/release/annals"
export ANNALS_RECORDER=bench

python3 - "$COUNT" "$work" <<'PY'
import csv, json, sys
count, work = int(sys.argv[1]), sys.argv[2]
kinds = ["org", "gov", "model", "chip", "person"]
entities = [f"{kinds[i % 5]}:gen-{i}" for i in range(200)]
with open(f"{work}/entities.jsonl", "w") as f:
    for i, e in enumerate(entities):
        f.write(json.dumps({"type": "entity", "title": f"Registers entity {e}", "occurred": "2015",
                            "entity": {"id": e, "name": f"Generated entity {i}"},
                            "sources": [{"url": f"https://example.org/entities/{i}"}]}) + "\n")
types = [("accusation", "Accusation", "asserts"), ("report", "Report", "reports"),
         ("response", "Response", "denies"), ("announcement", "Announcement", None)]
with open(f"{work}/events.jsonl", "w") as j, open(f"{work}/events.csv", "w", newline="") as c:
    w = csv.writer(c, lineterminator="\r\n")
    w.writerow(["Row", "Kind", "Date", "Headline", "Summary", "Actor", "Role", "Other", "Other role",
                "Claim", "Stance", "Statement", "URL", "Publisher", "Published", "Quote"])
    for k in range(1, count + 1):
        t, label, stance = types[k % 4]
        y, m, d = 2015 + (k * 7919) % 11, 1 + (k * 31) % 12, 1 + (k * 17) % 28
        a, o = entities[(k * 13) % 200], entities[(k * 29 + 7) % 200]
        if a == o:
            o = entities[(k * 29 + 8) % 200]
        summary = f"A synthetic event {k} for benchmarks, with \"quoted\" words, commas, and chips."
        quote = f"Quoted words number {k} from the report."
        ev = {"type": t, "title": f"Generated {t} number {k} about {a} and {o}", "summary": summary,
              "occurred": f"{y:04d}-{m:02d}-{d:02d}", "external_id": f"R{k}",
              "actors": [{"entity": a, "role": "actor"}, {"entity": o, "role": "subject"}],
              "sources": [{"url": f"https://example.org/news/{k}", "publisher": "Example News",
                           "published": f"{y:04d}-{m:02d}-{d:02d}", "quote": quote}]}
        claim = statement = ""
        if stance:
            claim = f"claim:gen-{k % 2000}"
            statement = f"Generated proposition number {k % 2000}"
            ev["claims"] = [{"id": claim, "stance": stance, "statement": statement}]
        j.write(json.dumps(ev, separators=(",", ":")) + "\n")
        w.writerow([f"R{k}", label, f"{d:02d}/{m:02d}/{y:04d}", ev["title"], summary, a, "actor", o, "subject",
                    claim, stance or "", statement, f"https://example.org/news/{k}", "Example News",
                    f"{d:02d}/{m:02d}/{y:04d}", quote])
json.dump({
    "external_id": {"column": "Row"},
    "type": {"column": "Kind", "map": {x[1]: x[0] for x in types}},
    "title": {"column": "Headline"},
    "occurred": {"column": "Date", "format": "DD/MM/YYYY"},
    "summary": {"column": "Summary", "optional": True},
    "actors": [{"entity": {"column": "Actor"}, "role": {"column": "Role"}},
               {"entity": {"column": "Other"}, "role": {"column": "Other role"}}],
    "claim": {"id": {"column": "Claim", "optional": True}, "stance": {"column": "Stance"},
              "statement": {"column": "Statement", "optional": True}},
    "sources": [{"url": {"column": "URL"}, "publisher": {"column": "Publisher"},
                 "published": {"column": "Published", "format": "DD/MM/YYYY"}, "quote": {"column": "Quote"}}],
}, open(f"{work}/events.map.json", "w"))
PY

# measure ROWS LABEL COMMAND... -> a line with seconds, rows/s, CPU and peak RSS; $work/last = seconds
measure() {
  local rows=$1 label=$2; shift 2
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null
  read -r secs user sys kb < "$work/time"
  printf '%-44s %8.2f s %10.0f rows/s  cpu %6.2f s  %7.1f MB peak\n' "$label" "$secs" \
    "$(echo "$rows / ($secs + 0.001)" | bc -l)" "$(echo "$user + $sys" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
  echo "$secs" > "$work/last"
}

echo "machine: $(nproc) cores, $(uname -sr), $(date -u +%F); $COUNT events:" \
  "$(wc -c < "$work/events.jsonl") bytes of JSON Lines, $(wc -c < "$work/events.csv") bytes of CSV"
for l in append import; do
  "$annals" init "$work/$l" >/dev/null
  "$annals" --ledger "$work/$l" append --file "$work/entities.jsonl" >/dev/null
done
measure "$COUNT" "annals append --file events.jsonl" "$annals" --ledger "$work/append" append --file "$work/events.jsonl"
append_secs=$(cat "$work/last")
measure "$COUNT" "annals import csv events.csv --map …" \
  "$annals" --ledger "$work/import" import csv "$work/events.csv" --map "$work/events.map.json"
import_secs=$(cat "$work/last")
printf 'ratio import / append: %.2f (target <= 1.5)\n' "$(echo "$import_secs / $append_secs" | bc -l)"
# The same events either way: the two logs hold the same event ids.
cmp <(cat "$work/append/Events/"*.jsonl | grep -o '"id":"ev_[0-9a-f]*"') \
    <(cat "$work/import/Events/"*.jsonl | grep -o '"id":"ev_[0-9a-f]*"') >/dev/null \
  && echo "same event ids in both ledgers" || echo "WARNING: the two ledgers differ"
