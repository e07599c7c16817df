#!/usr/bin/env bash
# Benchmark: merging ledger branches in a git repository holding BASE generated events, where
# two branches then append EACH different events (plus one both add). Measures, on copies of
# the same repository:
#   git merge with the annals driver, annals merge, annals rebase --onto (the whole-ledger paths)
# against references run in the same script: git's own text merge of the same branches (which
# conflicts, and says nothing about the chain), and one `annals verify` of the merged ledger.
#
# Usage: Tools/bench-merge.sh [BASE=100000] [EACH=1000]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
BASE=${1:-100000}
EACH=${2:-1000}
work=$(mktemp -d /tmp/annals-bench-merge.XXXXXX)
trap 'rm -rf "$work"' EXIT

swift build -c release --product annals >/dev/null
annals="$PWD/.build/release/annals"
export ANNALS_RECORDER=bench GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=b@example.org GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=b@example.org

measure() {  # LABEL COMMAND... -> seconds and peak RSS (MB); the command may exit non-zero
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || true
  read -r secs kb < <(tail -1 "$work/time")
  printf '%-58s %8.2f s %8.1f MB peak\n' "$label" "$secs" "$(echo "$kb / 1024" | bc -l)"
  echo "$secs" > "$work/last"
}

echo "machine: $(nproc) cores, $(uname -sr), $(git --version); base $BASE events, $EACH more on each branch"
mkdir "$work/r" && cd "$work/r"
git init -q -b main
"$annals" init . >/dev/null
cp "$repo/.gitattributes" . && echo ".annals/" > .gitignore
python3 "$repo/Tools/generate-events.py" "$BASE" > "$work/base.jsonl"
"$annals" append --file "$work/base.jsonl" >/dev/null
rm "$work/base.jsonl"
git add -A && git commit -qm base
shared='{"type":"announcement","title":"An event both branches append","occurred":"2026-01-01","actors":[{"entity":"org:gen-0","role":"announcer"}],"sources":[{"url":"https://example.org/shared","publisher":"Example"}]}'
# Start each branch's events at a multiple of 7 (a release), so a lift never names a ban from another batch.
tstart=$(( (BASE / 7 + 1) * 7 )); mstart=$(( tstart + (EACH / 7 + 1) * 7 ))
git checkout -qb topic
{ python3 "$repo/Tools/generate-events.py" "$EACH" --seed 3 --start "$tstart"; echo "$shared"; } > "$work/topic.jsonl"
"$annals" append --file "$work/topic.jsonl" >/dev/null
git add -A && git commit -qm topic
git checkout -q main
{ python3 "$repo/Tools/generate-events.py" "$EACH" --seed 4 --start "$mstart"; echo "$shared"; } > "$work/main.jsonl"
"$annals" append --file "$work/main.jsonl" >/dev/null
git add -A && git commit -qm main
echo "repository: $(du -sh .git | cut -f1) in .git, Events/: $(ls Events | wc -l) segments, $(du -sh Events | cut -f1)"
cd "$repo"

copy() { rm -rf "$work/c" && cp -a "$work/r" "$work/c" && cd "$work/c"; }

copy; git config merge.annals.driver false  # an undefined driver: git's text merge
git config --unset merge.annals.driver
measure "reference: git merge, text merge (conflicts)" git merge --no-edit topic
ref=$(cat "$work/last"); cd "$repo"

copy; ANNALS_BIN="$annals" "$repo/Tools/setup-git.sh" >/dev/null
measure "git merge with the driver and hooks (setup-git.sh)" git merge --no-edit topic
driver=$(cat "$work/last")
git log -1 --format=%s | grep -q "Merge branch" || { echo "the merge was not committed"; exit 1; }
"$annals" verify >/dev/null || { echo "merged ledger does not verify"; exit 1; }
measure "reference: annals verify of the merged ledger" "$annals" verify
verify=$(cat "$work/last")
cd "$repo"

copy; git merge --no-commit --no-edit topic >/dev/null 2>&1 || true
measure "annals merge topic (whole ledger, in a conflicted merge)" "$annals" merge topic
whole=$(cat "$work/last")
measure "annals merge --check topic (what the hooks run)" "$annals" merge --check topic
check=$(cat "$work/last"); cd "$repo"

copy; git checkout -q topic
measure "annals rebase --onto main" "$annals" rebase --onto main
rebase=$(cat "$work/last"); cd "$repo"

printf 'ratios: driver/git text merge = %.1f, driver/verify = %.1f, annals merge/verify = %.1f, check/verify = %.1f, rebase/verify = %.1f\n' \
  "$(echo "$driver / ($ref + 0.01)" | bc -l)" "$(echo "$driver / $verify" | bc -l)" "$(echo "$whole / $verify" | bc -l)" \
  "$(echo "$check / $verify" | bc -l)" "$(echo "$rebase / $verify" | bc -l)"
