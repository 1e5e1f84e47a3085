"""A local web server for the intake tests: fixture pages, a feed and addresses that fail.

Started by a test on 127.0.0.1 with a free port, in a thread; every path asked is
recorded in ``server.asked``.
"""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
#: Seconds /slow waits before it answers (the tests' time limit is shorter).
SLOW_S = 6.0
#: Bytes /big sends (the intake's limit is 5 MiB).
BIG_BYTES = 20 * 1024 * 1024
#: A real PNG's first bytes: signature and the IHDR chunk of a 1x1 image.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")

#: path -> (fixture file, content type)
FILES = {
    "/news/2025-08.html": ("news_2025_08.html", "text/html; charset=utf-8"),
    "/vi/2025-10.html": ("vi_2025_10.html", "text/html"),  # the charset is in <meta>
    "/no-figures.html": ("no_figures.html", "text/html; charset=utf-8"),
    "/empty.html": ("empty.html", "text/html; charset=utf-8"),
}
REDIRECTS = {"/loop-a": "/loop-b", "/loop-b": "/loop-a", "/to-ftp": "ftp://127.0.0.1/x",
             "/moved": "/news/2025-08.html"}


@dataclass
class Server:
    """The running server: its base address and the paths asked so far."""

    base: str
    asked: list[str] = field(default_factory=list)
    #: More answers a test publishes: path -> (body, content type).
    extra: dict[str, tuple[bytes, str]] = field(default_factory=dict)


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:  # noqa: C901 - a branch an address
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, format, *args):
            pass

        def do_GET(self):
            path = self.path.split("?")[0]
            server.asked.append(path)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._answer(path)

        def _send(self, status, ctype, body, *, length=True):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            if length:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _answer(self, path):
            if path in server.extra:
                self._send(200, server.extra[path][1], server.extra[path][0])
            elif path in FILES:
                name, ctype = FILES[path]
                self._send(200, ctype, (PAGES / name).read_bytes())
            elif path == "/vi/2025-10-utf16.html":
                text = (PAGES / "vi_2025_10.html").read_bytes().decode("cp1258")
                body = text.replace("windows-1258", "utf-16").encode("utf-16")
                self._send(200, "text/html; charset=utf-16", body)
            elif path == "/feed.xml":
                text = (PAGES / "feed.xml").read_text(encoding="utf-8")
                self._send(200, "application/rss+xml; charset=utf-8",
                           text.replace("{base}", server.base).encode("utf-8"))
            elif path in REDIRECTS:
                self.send_response(302)
                self.send_header("Location", REDIRECTS[path])
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif path == "/broken":
                self.send_error(500)
            elif path == "/slow":
                time.sleep(SLOW_S)
                self._send(200, "text/html", b"<html><body><p>late</p></body></html>")
            elif path == "/trickle":
                self._trickle()
            elif path == "/big":
                self._big()
            elif path == "/image.png":
                self._send(200, "image/png", PNG)
            else:
                self.send_error(404)

        def _trickle(self):
            """A page that comes a few bytes at a time, each within any read time-out."""
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            for _ in range(int(SLOW_S / 0.2)):
                self.wfile.write(b"<p>.</p>\n")
                self.wfile.flush()
                time.sleep(0.2)

        def _big(self):
            """20 MB of page without a Content-Length: only counting can stop it."""
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
            for _ in range(BIG_BYTES // len(chunk)):
                self.wfile.write(chunk)

    return Handler


@contextlib.contextmanager
def serve() -> Iterator[Server]:
    """Run the server on 127.0.0.1 with a free port until the block ends."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), None)  # handler set below
    httpd.daemon_threads = True
    server = Server(f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.RequestHandlerClass = _handler(server)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_workspace(folder: Path, *, feeds: tuple[str, ...] = (),
                   reports: tuple[str, ...] | None = None) -> Path:
    """A workspace made by ``labexport init``, without the shipped figures."""
    run = subprocess.run([sys.executable, "-m", "labexport.cli", "init", str(folder)],
                         capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 0, run.stderr
    config = folder / "labexport.toml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("shipped_data = true", "shipped_data = false")
    text = text.replace("urls = []", f"urls = {json.dumps(list(feeds))}")
    if reports is not None:
        text = text.replace('reports = ["market_trends", "gender_share", "target_attainment"]',
                            f"reports = {json.dumps(list(reports))}")
    config.write_text(text, encoding="utf-8")
    return folder


def run_in(folder: Path, *args: str, env: dict[str, str] | None = None
           ) -> subprocess.CompletedProcess:
    """Run ``labexport ARGS`` in ``folder`` (its workspace applies)."""
    return subprocess.run([sys.executable, "-m", "labexport.cli", *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=folder, env=env)
