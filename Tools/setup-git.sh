#!/usr/bin/env bash
# Sets up this clone's git for the ledger, as declared in .gitattributes. Run once per clone:
#   Tools/setup-git.sh
# - `git diff` and `git log -p` show Snapshots/*.jsonl.gz as the JSON lines inside them (textconv);
# - `git merge` and `git rebase` merge Events/*.jsonl with `annals merge-driver`: this branch's
#   records stay, the other branch's new events are re-appended after them (see README,
#   "Working as a team").
# The driver runs the annals binary named by ANNALS_BIN, else `annals` on PATH, else this
# package's debug build (built here if missing).
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
[[ -x "$bin" ]] || { echo "setup-git.sh: $bin is not an executable annals binary; set ANNALS_BIN" >&2; exit 66; }
git config diff.annals-snapshot.textconv "gzip -dc"
git config diff.annals-snapshot.cachetextconv true
git config merge.annals.name "Annals ledger: keep this branch's records, re-append the other branch's new events"
git config merge.annals.driver "'$bin' merge-driver %O %A %B %P"
echo "git will now show snapshots as text (try 'git log -p -- Snapshots/')"
echo "and merge Events/*.jsonl with $bin merge-driver"
