#!/usr/bin/env bash
# Benchmark for issue 18 ("Sources that stay checkable"), in one run:
#   - a threaded Python server on 127.0.0.1 serves PAGES distinct HTML pages (~6 KB each, each
#     holding QUOTES_PER_PAGE distinct sentences);
#   - a ledger gets PAGES × QUOTES_PER_PAGE events, each citing one page with one of its sentences
#     as the quote (not timed);
#   - reference: a plain client (Python urllib, one new connection per page, one page after the
#     other, as annals does) fetches the PAGES pages; pages/s;
#   - annals sources capture --all --allow-private --delay 0 fetches the same pages, writes the
#     WARC file and appends the capture events; pages/s, and the ratio annals / reference
#     (near 1: the server is the limit; well below 1: annals is). --delay 0 is the smallest pause
#     the CLI allows (the default polite pause is 1 s between requests to one host, which would
#     make any capture of one host take PAGES seconds);
#   - annals sources check --offline checks every quote against the captures (the WARC file's
#     records); quotes/s (target >= 5,000/s) and peak RSS from /usr/bin/time -v (target <= 150 MB).
#     Run twice: the first read after the capture also catches the projection up with the 1,000
#     capture events; the second is the check alone.
#
# Usage: Tools/bench-sources.sh [PAGES=1000] [QUOTES_PER_PAGE=10]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
PAGES=${1:-1000}
PER=${2:-10}
QUOTES=$((PAGES * PER))
work=$(mktemp -d /tmp/annals-bench-sources.XXXXXX)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

swift build -c release --product annals >/dev/null
annals="$repo/.build/release/annals"
export ANNALS_RECORDER=bench

cat > "$work/server.py" <<'PY'
"""Serves /page/N (0 <= N < PAGES): an HTML page of filler paragraphs and PER quotable sentences."""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGES, PER = int(sys.argv[1]), int(sys.argv[2])


def sentence(n, j):
    return f"Statement {j} of page {n}: the company said the shipment of batch {n * 31 + j} was delayed."


def page(n):
    parts = [f"<!doctype html><html><head><title>Page {n}</title><style>p {{ margin: 0 }}</style></head><body>"]
    for j in range(PER):
        parts.append(f"<p>Filler paragraph {j} on page {n} says nothing that anyone quotes, at some length, "
                     "so that the page has the weight of a short news article rather than a stub.</p>")
        parts.append(f"<p>In a statement, &ldquo;{sentence(n, j)}&rdquo; Other words follow it.</p>")
    parts.append("</body></html>")
    return "".join(parts).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def do_GET(self):
        try:
            n = int(self.path.split("/")[2])
            assert 0 <= n < PAGES
        except Exception:
            self.send_error(404)
            return
        body = page(n)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()
PY

mkfifo "$work/port"
python3 "$work/server.py" "$PAGES" "$PER" > "$work/port" &
server_pid=$!
read -r port < "$work/port"
base="http://127.0.0.1:$port/page"

python3 - "$PAGES" "$PER" "$base" "$work" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[4])
from server import sentence
pages, per, base, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
with open(f"{work}/events.jsonl", "w") as f:
    for j in range(per):
        for n in range(pages):
            f.write(json.dumps({
                "type": "report", "title": f"Report {j} on page {n}", "occurred": "2025",
                "claims": [{"id": f"claim:bench-{n}", "stance": "reports", "statement": f"Proposition {n}"}],
                "sources": [{"url": f"{base}/{n}", "quote": sentence(n, j)}]}, separators=(",", ":")) + "\n")
with open(f"{work}/urls.txt", "w") as f:
    f.write("".join(f"{base}/{n}\n" for n in range(pages)))
PY

"$annals" init "$work/ledger" >/dev/null
"$annals" --ledger "$work/ledger" append --file "$work/events.jsonl" >/dev/null

# measure UNITS LABEL UNIT COMMAND... -> a line with seconds, rate, CPU and peak RSS; $work/last = seconds
measure() {
  local units=$1 label=$2 unit=$3; shift 3
  /usr/bin/time -v -o "$work/time" "$@" > "$work/out" 2> "$work/err" || true
  local secs user sys kb
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$work/time")
  user=$(awk -F': ' '/User time/ {print $2}' "$work/time")
  sys=$(awk -F': ' '/System time/ {print $2}' "$work/time")
  kb=$(awk -F': ' '/Maximum resident/ {print $2}' "$work/time")
  printf '%-58s %8.2f s %9.0f %s  cpu %6.2f s  %7.1f MB peak\n' "$label" "$secs" \
    "$(echo "$units / ($secs + 0.001)" | bc -l)" "$unit" "$(echo "$user + $sys" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
  echo "$secs" > "$work/last"
}

cat > "$work/fetch.py" <<'PY'
import sys, urllib.request
for url in open(sys.argv[1]).read().split():
    with urllib.request.urlopen(urllib.request.Request(url, headers={"User-Agent": "bench"}), timeout=30) as r:
        r.read()
PY

echo "machine: $(nproc) cores, $(uname -sr), $(date -u +%F); $PAGES pages of" \
  "$(curl -s "$base/0" | wc -c) bytes on 127.0.0.1:$port, $QUOTES quotes"
measure "$PAGES" "reference: Python urllib, one page after the other" "pages/s" python3 "$work/fetch.py" "$work/urls.txt"
ref=$(cat "$work/last")
measure "$PAGES" "annals sources capture --all --allow-private --delay 0" "pages/s" \
  "$annals" --ledger "$work/ledger" sources capture --all --allow-private --delay 0
cap=$(cat "$work/last")
tail -1 "$work/out"
printf 'ratio annals / reference (pages/s): %.2f\n' "$(echo "$ref / $cap" | bc -l)"
du -sh "$work/ledger/Archive" | awk '{print "WARC: " $1}'
# The first read after the capture also brings the projection up to date with the capture events.
measure "$QUOTES" "first check after the capture (+ projection catch-up)" "quotes/s" \
  "$annals" --ledger "$work/ledger" sources check --offline --format json
measure "$QUOTES" "annals sources check --offline --format json" "quotes/s" \
  "$annals" --ledger "$work/ledger" sources check --offline --format json
python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["counts"]
print("counts:", {k: v for k, v in c.items() if v})' "$work/out"
echo "targets: >= 5000 quotes/s, <= 150 MB peak"
