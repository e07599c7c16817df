#!/usr/bin/env bash
# Benchmark for issue 15 (the Merkle tree over the log), in one run on one generated ledger of
# COUNT events of about 1 KB:
#   - building .annals/tree from scratch (`annals checkpoint` after deleting it) against
#     `annals verify` and `sha256sum Events/*` of the same bytes (target: build <= verify);
#   - `annals verify --checkpoint` (verify, then the roots recomputed from the bytes);
#   - the append's cost of keeping the tree: the same COUNT batch appended into two empty
#     ledgers, one following the tree and one where it cannot (`.annals/tree` is made a
#     directory, so the store does not open and the append's TreeFollower stays off); then
#     batches of 1,000 and single events appended to both, alternating, median of 5;
#   - `annals prove` (inclusion of the first, middle and last record; consistency from COUNT/2)
#     and `annals check-proof`, process start included, median of 5 (target <= 50 ms);
#   - the size of the proofs.
#
# Usage: Tools/bench-tree.sh [COUNT=1000000]
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
repo=$PWD
COUNT=${1:-1000000}
work=$(mktemp -d /tmp/annals-bench-tree.XXXXXX)
trap 'rm -rf "$work"' EXIT

swift build -c release --product annals >/dev/null
annals="$repo/.build/release/annals"
export ANNALS_RECORDER=bench

python3 "$repo/Tools/generate-events.py" "$COUNT" --kb > "$work/batch.jsonl"
bytes=$(wc -c < "$work/batch.jsonl")
for i in 1 2 3 4 5; do
  python3 "$repo/Tools/generate-events.py" 1000 --kb --seed $((20 + i)) --start $((COUNT + 1 + (i - 1) * 1000)) \
    > "$work/k$i.jsonl"
  python3 "$repo/Tools/generate-events.py" 1 --kb --seed $((30 + i)) --start $((COUNT + 5000 + i)) > "$work/one$i.jsonl"
done

# measure EVENTS LABEL COMMAND... -> wall, rate, CPU, peak RSS; $work/last = seconds, $work/cpu = CPU seconds
measure() {
  local events=$1 label=$2; shift 2
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null
  read -r secs user sys kb < "$work/time"
  printf '%-58s %8.2f s %10.0f /s  cpu %6.2f s  %7.1f MB peak\n' "$label" "$secs" \
    "$(echo "$events / ($secs + 0.001)" | bc -l)" "$(echo "$user + $sys" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
  echo "$secs" > "$work/last"
  echo "$user + $sys" | bc -l > "$work/cpu"
}

# ms COMMAND... -> prints the wall time in milliseconds, process start included (stdout to /dev/null)
ms() {
  local t0=$EPOCHREALTIME
  "$@" >/dev/null 2>&1
  local t1=$EPOCHREALTIME
  echo "($t1 - $t0) * 1000" | bc -l
}

# median5 LABEL COMMAND... -> the median, minimum and maximum of 5 runs in ms; $work/median = the median
median5() {
  local label=$1; shift
  local i
  for i in 1 2 3 4 5; do ms "$@"; done | sort -n > "$work/runs"
  sed -n 3p "$work/runs" > "$work/median"
  printf '%-58s median %6.1f ms  (%.1f-%.1f)\n' "$label" "$(cat "$work/median")" "$(head -n 1 "$work/runs")" \
    "$(tail -n 1 "$work/runs")"
}

target() {  # LABEL MS LIMIT
  if [ "$(echo "$2 <= $3" | bc -l)" = 1 ]; then
    printf '  target <= %s ms: met (%s)\n' "$3" "$1"
  else
    printf '  target <= %s ms: MISSED by %.1f ms (%s)\n' "$3" "$(echo "$2 - $3" | bc -l)" "$1"
  fi
}

seal_size() { cut -d' ' -f3 "$1/.annals/tree.seal"; }

echo "machine: $(nproc) cores, $(uname -sr), $(date -u +%F), load $(cut -d' ' -f1-3 /proc/loadavg);" \
  "input: $COUNT events, $bytes bytes ($(echo "$bytes / $COUNT" | bc) bytes each)"

# --- The append's cost of following the tree -------------------------------------------------
"$annals" init "$work/t" >/dev/null
"$annals" init "$work/n" >/dev/null
mkdir "$work/n/.annals/tree"  # the store cannot open: the append does not follow the tree
cd "$work/t"
measure "$COUNT" "annals append --file, tree followed (empty ledger)" "$annals" append --file "$work/batch.jsonl"
with_secs=$(cat "$work/last") with_cpu=$(cat "$work/cpu")
cd "$work/n"
measure "$COUNT" "annals append --file, tree not followed (empty ledger)" "$annals" append --file "$work/batch.jsonl"
without_secs=$(cat "$work/last") without_cpu=$(cat "$work/cpu")
[ "$(seal_size "$work/t")" = "$COUNT" ] || { echo "the followed tree does not cover the log" >&2; exit 1; }
if [ ! -d "$work/n/.annals/tree" ] || [ -e "$work/n/.annals/tree.seal" ]; then
  echo "the other ledger has a tree" >&2
  exit 1
fi
printf 'tree store: %d bytes for %d records (%.1f bytes each)\n' "$(stat -c %s "$work/t/.annals/tree")" "$COUNT" \
  "$(echo "$(stat -c %s "$work/t/.annals/tree") / $COUNT" | bc -l)"
printf 'append overhead of the tree: %+.2f us/event wall (%+.1f%% of the append), %+.2f us/event CPU (%+.1f%%)\n' \
  "$(echo "($with_secs - $without_secs) * 1000000 / $COUNT" | bc -l)" \
  "$(echo "($with_secs - $without_secs) * 100 / $without_secs" | bc -l)" \
  "$(echo "($with_cpu - $without_cpu) * 1000000 / $COUNT" | bc -l)" \
  "$(echo "($with_cpu - $without_cpu) * 100 / $without_cpu" | bc -l)"

# --- Building the tree from scratch, against verify and sha256sum ------------------------------
cd "$work/t"
for round in 1 2; do
  measure "$COUNT" "annals verify (round $round)" "$annals" verify
  verify_secs[round]=$(cat "$work/last")
  rm .annals/tree .annals/tree.seal
  measure "$COUNT" "tree from scratch: annals checkpoint, no .annals/tree ($round)" "$annals" checkpoint
  build_secs[round]=$(cat "$work/last")
  [ "$(seal_size "$work/t")" = "$COUNT" ] || { echo "the rebuilt tree does not cover the log" >&2; exit 1; }
  measure "$COUNT" "sha256sum Events/* (round $round)" sh -c 'sha256sum Events/*'
  sha_secs[round]=$(cat "$work/last")
  printf 'round %d: tree build / verify = %.2f (target <= 1); tree build / sha256sum = %.2f\n' "$round" \
    "$(echo "${build_secs[round]} / ${verify_secs[round]}" | bc -l)" \
    "$(echo "${build_secs[round]} / ${sha_secs[round]}" | bc -l)"
done
median5 "annals checkpoint with the tree up to date" "$annals" checkpoint

# Checkpoints: signed, saved at COUNT/2 and COUNT, then verify --checkpoint.
half=$((COUNT / 2))
vkey=$("$annals" keygen --name "annals.invalid/t" --out "$work/key" 2>/dev/null |
  grep -o 'annals.invalid/t+[^ ]*' | head -n 1)
"$annals" checkpoint --sign "$work/key" --size "$half" > "$work/half.checkpoint"
"$annals" checkpoint --sign "$work/key" > "$work/full.checkpoint"
"$annals" checkpoint --sign "$work/key" --size "$half" --save >/dev/null 2>&1
"$annals" checkpoint --sign "$work/key" --save >/dev/null 2>&1
measure "$COUNT" "annals verify --checkpoint Checkpoints/ --key (2 checkpoints)" \
  "$annals" verify --checkpoint Checkpoints/ --key "$vkey"
printf 'verify --checkpoint / verify = %.2f\n' "$(echo "$(cat "$work/last") / ${verify_secs[2]}" | bc -l)"

# --- Proofs ----------------------------------------------------------------------------------
median5 "process start: annals --version" "$annals" --version
for seq in 1 "$half" "$COUNT"; do
  median5 "annals prove $seq --format json" "$annals" prove "$seq" --format json
  target "inclusion proof of seq $seq" "$(cat "$work/median")" 50
done
median5 "annals prove --consistency $half --format json" "$annals" prove --consistency "$half" --format json
target "consistency proof" "$(cat "$work/median")" 50
"$annals" prove "$half" --format json > "$work/inclusion.json"
"$annals" prove --consistency "$half" --format json > "$work/consistency.json"
cd "$work"
median5 "annals check-proof (inclusion, signed checkpoint, --key)" \
  "$annals" check-proof inclusion.json --checkpoint full.checkpoint --key "$vkey"
target "check of an inclusion proof" "$(cat "$work/median")" 50
median5 "annals check-proof (consistency, both checkpoints, --key)" \
  "$annals" check-proof consistency.json --checkpoint half.checkpoint --checkpoint full.checkpoint --key "$vkey"
target "check of a consistency proof" "$(cat "$work/median")" 50
"$annals" check-proof inclusion.json --checkpoint full.checkpoint --key "$vkey" >/dev/null  # exits non-zero if not

python3 - "$work/inclusion.json" "$work/consistency.json" <<'PY'
import json, sys
for path in sys.argv[1:]:
    raw = open(path, "rb").read().rstrip(b"\n")
    proof = json.loads(raw)
    kind = "inclusion" if "record" in proof else "consistency"
    line = f"{kind} proof: {len(proof['path'])} path hashes, {len(raw)} bytes"
    if "record" in proof:
        bare = {k: v for k, v in proof.items() if k != "record"}
        size = len(json.dumps(bare, sort_keys=True, separators=(",", ":")).encode())
        line += f" with the record ({len(proof['record'].encode())} bytes of it), {size} bytes without"
    print(line)
PY

# --- Batches of 1,000 and single events on the COUNT-event ledgers, alternating ----------------
for i in 1 2 3 4 5; do
  (cd "$work/t" && ms "$annals" append --file "$work/k$i.jsonl") >> "$work/k-with"
  (cd "$work/n" && ms "$annals" append --file "$work/k$i.jsonl") >> "$work/k-without"
done
for i in 1 2 3 4 5; do
  (cd "$work/t" && ms "$annals" append --file "$work/one$i.jsonl") >> "$work/one-with"
  (cd "$work/n" && ms "$annals" append --file "$work/one$i.jsonl") >> "$work/one-without"
done
total=$((COUNT + 5005))
[ "$(seal_size "$work/t")" = "$total" ] || { echo "the tree was not followed on the small appends" >&2; exit 1; }
med() { sort -n "$1" | sed -n 3p; }
printf '%-58s median %6.1f ms with the tree, %6.1f ms without (%+.1f ms, %+.2f us/event)\n' \
  "append of 1,000 events to the $COUNT-event ledger" "$(med "$work/k-with")" "$(med "$work/k-without")" \
  "$(echo "$(med "$work/k-with") - $(med "$work/k-without")" | bc -l)" \
  "$(echo "($(med "$work/k-with") - $(med "$work/k-without"))" | bc -l)"
printf '%-58s median %6.1f ms with the tree, %6.1f ms without\n' \
  "append of 1 event to the ~$COUNT-event ledger" "$(med "$work/one-with")" "$(med "$work/one-without")"
cd "$work/t"
median5 "annals prove $total --format json (after the appends)" "$annals" prove "$total" --format json
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
