#!/bin/sh
# Regenerates Tools/screenshots/desktop.png (1400 px wide) and phone.png (390 px, as of 2025-06-01) from the
# shipped ledger's page, in headless Chromium. Run from anywhere after `swift build`; ANNALS names another binary.
set -eu
cd "$(dirname "$0")/../.."
annals=${ANNALS:-.build/debug/annals}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$annals" export html --out "$work/site" >/dev/null
# A headless window is at least 500 px wide: the phone page is shot in a 390 px iframe, then cut to it.
cat >"$work/site/phone.html" <<'HTML'
<!doctype html><meta charset="utf-8"><body style="margin:0"><iframe src="index.html#asof=2025-06-01" width="390" height="1800" style="border:0;display:block"></iframe>
HTML
shoot() { # WIDTH,HEIGHT OUT URL
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile" \
        --virtual-time-budget=5000 --window-size="$1" --screenshot="$2" "$3" 2>/dev/null
}
shoot 1400,1800 Tools/screenshots/desktop.png "file://$work/site/index.html"
shoot 500,1800 "$work/phone-wide.png" "file://$work/site/phone.html"
python3 Tools/screenshots/crop.py "$work/phone-wide.png" 390 Tools/screenshots/phone.png
echo "wrote Tools/screenshots/desktop.png and Tools/screenshots/phone.png"
