#!/usr/bin/env bash
# Sets up this clone's git so that `git diff` and `git log -p` show Snapshots/*.jsonl.gz as the
# JSON lines inside them (textconv), as declared in .gitattributes. Run once per clone:
#   Tools/setup-git.sh
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
git config diff.annals-snapshot.textconv "gzip -dc"
git config diff.annals-snapshot.cachetextconv true
echo "git will now show snapshots as text: try 'git log -p -- Snapshots/'"
