#!/usr/bin/env bash
# The CLI sees the façade's own vocabulary only: every file in Sources/AnnalsCLI may import
# Annals, AnnalsCore (the domain's types), ArgumentParser and Foundation, and AnnalsSystem (the
# terminal's and signals' types) — never the store, the projection, the site or the exports.
# Prints each other import and fails when there is one.
set -euo pipefail
cd "$(dirname "$0")/.."

allowed='^(Annals|AnnalsCore|AnnalsSystem|ArgumentParser|Foundation)$'
found=0
while IFS=: read -r file line text; do
    module=$(sed -E 's/^[[:space:]]*(@[A-Za-z_]+([(][^)]*[)])?[[:space:]]+)*import[[:space:]]+(typealias |struct |class |enum |protocol |func |let |var )?([A-Za-z0-9_]+).*/\4/' <<<"$text")
    if ! [[ $module =~ $allowed ]]; then
        echo "$file:$line: imports $module; the CLI may import only Annals, AnnalsCore, AnnalsSystem," \
            "ArgumentParser and Foundation (give Annals a word for what it needs)" >&2
        found=1
    fi
done < <(grep -nE '^[[:space:]]*(@[A-Za-z_]+([(][^)]*[)])?[[:space:]]+)*import[[:space:]]' Sources/AnnalsCLI/*.swift || true)
exit $found
