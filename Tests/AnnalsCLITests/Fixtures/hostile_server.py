"""A local HTTP server of misbehaving pages for HostileCaptureTests.

Binds 127.0.0.1 (and ::1 when the machine has IPv6) on free ports, prints "PORT4 PORT6" (PORT6 is 0
without IPv6) on its first line of stdout, and serves until killed. Pages:
/good, /good2 (plain pages), /to-good (a redirect to /good), /endless (a chunked body that never
ends), /bomb (1 MiB of gzip that inflates to 1 GiB), /status999, /ctl-type (a control character in
Content-Type), /long-redirect (a redirect to a 2 KB URL), /file-redirect (a redirect to
file:///etc/passwd), /drip (a byte every 0.2 s, forever: never idle, never done).
"""
import socket
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread

GOOD = b"<html><body><p>The water board said the reservoir held 80% in May.</p></body></html>"


def bomb():
    """A gzip member of 1 GiB of zeros (about 1 MB): zlib at level 9, fed 1 MiB at a time."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    parts = [c.compress(zeros) for _ in range(1024)]
    parts.append(c.flush())
    return b"".join(parts)


BOMB = bomb()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def head(self, status, headers, length=None):
        self.send_response_only(status) if status < 600 else self.wfile.write(b"HTTP/1.1 %d Odd\r\n" % status)
        for k, v in headers:
            self.send_header(k, v)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()

    def do_GET(self):
        p = self.path
        try:
            if p in ("/good", "/good2"):
                self.head(200, [("Content-Type", "text/html; charset=utf-8")], len(GOOD))
                self.wfile.write(GOOD)
            elif p == "/to-good":
                self.head(302, [("Location", "/good")], 0)
            elif p == "/endless":
                self.head(200, [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")])
                chunk = b"<p>" + b"x" * 65530 + b"</p>"
                while True:
                    self.wfile.write(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            elif p == "/bomb":
                self.head(200, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], len(BOMB))
                self.wfile.write(BOMB)
            elif p == "/status999":
                self.head(999, [("Content-Type", "text/html")], len(GOOD))
                self.wfile.write(GOOD)
            elif p == "/ctl-type":
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\x1b[31m\r\nContent-Length: %d\r\n\r\n" % len(GOOD))
                self.wfile.write(GOOD)
            elif p == "/long-redirect":
                self.head(302, [("Location", "/" + "a" * 2100)], 0)
            elif p == "/file-redirect":
                self.head(302, [("Location", "file:///etc/passwd")], 0)
            elif p == "/drip":
                self.head(200, [("Content-Type", "text/html"), ("Content-Length", "1000000")])
                while True:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.2)
            else:
                self.head(404, [("Content-Type", "text/plain")], 9)
                self.wfile.write(b"not found")
        except (BrokenPipeError, ConnectionResetError):
            pass


class Server6(ThreadingHTTPServer):
    address_family = socket.AF_INET6


def serve(server):
    server.daemon_threads = True
    server.serve_forever()


v4 = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
port6 = 0
try:
    v6 = Server6(("::1", 0), Handler)
    port6 = v6.server_address[1]
    Thread(target=serve, args=(v6,), daemon=True).start()
except OSError:
    pass
print(v4.server_address[1], port6, flush=True)
serve(v4)
