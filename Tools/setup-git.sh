#!/usr/bin/env bash
# Sets up this clone's git for the ledger, as declared in .gitattributes. Run once per clone:
#   Tools/setup-git.sh
# - `git diff` and `git log -p` show Snapshots/*.jsonl.gz as the JSON lines inside them (textconv);
# - `git merge` and `git rebase` merge Events/*.jsonl with `annals merge-driver`: this branch's
#   records stay, the other branch's new events are re-appended after them;
# - hooks guard what the driver cannot see (git hands it only files both sides changed):
#   pre-merge-commit and pre-commit refuse to commit a merge unless Events/ is exactly what
#   `annals merge MERGE_HEAD` gives (so no hand resolution drops an event), and
#   pre-rebase refuses a rebase that would copy a branch's new segment with its old seqs. Each names the
#   command that does the job instead (see README, "Working as a team"). Existing hooks of
#   your own are left alone.
# The driver and hooks run the annals binary named by ANNALS_BIN, else `annals` on PATH, else
# this package's debug build (built here if missing).
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
if [[ -n "${ANNALS_BIN:-}" ]]; then
  bin="$ANNALS_BIN"
elif command -v annals >/dev/null 2>&1; then
  bin="$(command -v annals)"
else
  swift build --product annals >&2
  bin="$(swift build --show-bin-path)/annals"
fi
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"  # the hooks and driver run from anywhere
[[ -x "$bin" ]] || { echo "setup-git.sh: $bin is not an executable annals binary; set ANNALS_BIN" >&2; exit 66; }
git config diff.annals-snapshot.textconv "gzip -dc"
git config diff.annals-snapshot.cachetextconv true
git config merge.annals.name "Annals ledger: keep this branch's records, re-append the other branch's new events"
git config merge.annals.driver "'$bin' merge-driver %O %A %B %P"
git config merge.annals.recursive binary   # git's inner merges of criss-cross ancestors: no driver

marker="# installed by annals Tools/setup-git.sh"
hooks=$(git rev-parse --git-path hooks)
mkdir -p "$hooks"
install_hook() {  # NAME BODY
  local file="$hooks/$1"
  if [[ -e "$file" ]] && ! grep -qF "$marker" "$file"; then
    echo "setup-git.sh: $file exists and is not ours; left alone (add the annals check to it by hand)" >&2
    return
  fi
  local quoted=${bin//\'/\'\\\'\'}
  printf "#!/bin/sh\n%s\nset -f\nANNALS='%s'\nSEGMENTS='%s'\n%s\n" "$marker" "$quoted" ':(glob)Events/*.jsonl' "$2" > "$file"
  chmod +x "$file"
}

check_merge='
# What is merged: MERGE_HEAD, or (before git writes it) the commit `git merge` names in GITHEAD_<sha>.
rev=MERGE_HEAD
[ -e "$(git rev-parse --git-path MERGE_HEAD)" ] || rev=$(env | sed -n "s/^GITHEAD_\([0-9a-f]\{40,\}\)=.*/\1/p" | head -n 1)
[ -n "$rev" ] || exit 0
base=$(git merge-base HEAD "$rev") || exit 0
# Only when the merged branch appended to the ledger (the one .gitattributes gives the driver).
git diff --quiet "$base" "$rev" -- $SEGMENTS && exit 0
if ! git diff --quiet -- $SEGMENTS; then
  echo "annals: not committing: Events/ has changes that are not staged; the commit would not hold what annals checks. Stage them (git add Events) or restore them." >&2
  exit 1
fi
if ! "$ANNALS" merge --check "$rev" >/dev/null; then
  echo "annals: not committing: git merged Events/ file by file; merge the whole ledger first: annals merge MERGE_HEAD && git commit" >&2
  exit 1
fi'

install_hook pre-merge-commit "
# Never commit a merge unless Events/ is exactly the whole-ledger merge (git merges file by file).
$check_merge"

install_hook pre-commit "
# The same when a merge is committed by hand (after a conflict); other commits are not slowed.
[ -e \"\$(git rev-parse --git-path MERGE_HEAD)\" ] || exit 0
$check_merge"

install_hook pre-rebase '
# Refuse a rebase that would copy a new segment of this branch with its old seqs.
upstream=$1; branch=${2:-HEAD}
base=$(git merge-base "$upstream" "$branch") || exit 0
git diff --quiet "$base" "$upstream" -- $SEGMENTS && exit 0   # upstream appended nothing: no seq moves
for file in $(git log --diff-filter=A --name-only --format= "$base..$branch" -- $SEGMENTS); do
  if ! git cat-file -e "$upstream:$file" 2>/dev/null; then
    echo "annals: this rebase would break the ledger: $branch starts a new segment ($file) that git would copy with its old seqs." >&2
    echo "annals: instead run: git merge --no-commit $upstream; annals rebase --onto $upstream; git commit" >&2
    exit 1
  fi
done'

echo "git will now show snapshots as text (try 'git log -p -- Snapshots/')"
echo "and merge Events/*.jsonl with $bin merge-driver (hooks: pre-merge-commit, pre-commit, pre-rebase)"
