"""A local HTTP server for the `annals sources` tests: one page per case.

Binds 127.0.0.1 on a free port, prints the port on its first line of stdout, and serves until
killed. Pages: /quote, /curly (the quote with other whitespace, curly quotes, a dash and tags),
/changed (the quote gone), /redirect (once, to /quote), /loop (a redirect loop), /404, /410, /500,
/slow (answers after SLOW seconds), /large (more bytes than the tests' limit, streamed without a
length), /latin1 (ISO-8859-1 text), /binary (bytes that are not text).
"""
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SLOW = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
QUOTE_PAGE = (
    "<!doctype html><html><head><title>Report</title><style>p { color: red }</style>"
    "<script>var s = 'Nvidia said';</script></head><body><h1>Chips</h1>"
    "<p>In a statement, Nvidia said &quot;we don&#39;t know&quot; - the chips were never shipped.</p>"
    "<p>Other text follows.</p></body></html>"
)
CURLY_PAGE = (
    "<html><body><div>In a statement,\n   Nvidia   said\n\u201cwe don\u2019t\u00a0know\u201d \u2014 the chips "
    "were <em>never</em>\n\tshipped.</div></body></html>"
)
CHANGED_PAGE = "<html><body><p>This page was rewritten; the statement is gone.</p></body></html>"
LATIN1_PAGE = "<html><body><p>Le caf\u00e9 de la gare a ferm\u00e9 ses portes.</p></body></html>"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def send(self, status, body, content_type="text/html; charset=utf-8", length=True, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for k, v in headers:
            self.send_header(k, v)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        p = self.path.split("?")[0]
        if p == "/quote":
            self.send(200, QUOTE_PAGE.encode())
        elif p == "/curly":
            self.send(200, CURLY_PAGE.encode())
        elif p == "/changed":
            self.send(200, CHANGED_PAGE.encode())
        elif p == "/redirect":
            self.send(302, b"", headers=[("Location", "/quote")])
        elif p == "/loop":
            self.send(302, b"", headers=[("Location", "/loop2")])
        elif p == "/loop2":
            self.send(302, b"", headers=[("Location", "/loop")])
        elif p in ("/404", "/410", "/500"):
            self.send(int(p[1:]), b"<html><body>error</body></html>")
        elif p == "/slow":
            time.sleep(SLOW)
            self.send(200, QUOTE_PAGE.encode())
        elif p == "/large":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(64):
                self.wfile.write(b"<p>" + b"x" * 16380 + b"</p>")
        elif p == "/latin1":
            self.send(200, LATIN1_PAGE.encode("iso-8859-1"), "text/html; charset=iso-8859-1")
        elif p == "/binary":
            self.send(200, bytes(range(256)) * 16, "application/octet-stream")
        else:
            self.send(404, b"not found")


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
