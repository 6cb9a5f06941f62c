"""Benchmark: fetch 1,000 pages from 10 local hosts (127.0.0.1 to 127.0.0.10).

Prints pages/s and the most requests ever in flight to one host, which
politeness requires to be 1, counted by the servers themselves.
Run with `invoke bench-fetch`.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsarchive.fetch import FetchRequest, fetch  # noqa: E402
from newsarchive.fetch.http import FetchPolicy  # noqa: E402

HOSTS = 10
PAGES = 1000
BODY = "".join(f"<p>Paragraph {n} of a story long enough to weigh what a news page weighs.</p>" for n in range(120))


class Counter:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.most = 0
        self.served = 0


def make_server(address: str, counter: Counter) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with counter.lock:
                counter.now += 1
                counter.most = max(counter.most, counter.now)
            try:
                if self.path == "/robots.txt":
                    self.send_response(404)
                    self.end_headers()
                    return
                body = f"<html><head><title>{self.path}</title></head><body>{BODY}</body></html>".encode()
                time.sleep(0.002)  # a little server time, as real servers take
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            finally:
                with counter.lock:
                    counter.now -= 1
                    counter.served += 1

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer((address, 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run(concurrency: int) -> tuple[float, int, int]:
    counters = [Counter() for _ in range(HOSTS)]
    servers = [make_server(f"127.0.0.{n + 1}", counters[n]) for n in range(HOSTS)]
    try:
        urls = [f"http://127.0.0.{n % HOSTS + 1}:{servers[n % HOSTS].server_address[1]}/news/{n}" for n in range(PAGES)]
        policy = FetchPolicy(user_agent="newsarchive-benchmark", delay=0.0, concurrency=concurrency, allowed_networks=("127.0.0.0/8",))
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            report = fetch([FetchRequest(url) for url in urls], Path(folder), policy)
            seconds = time.perf_counter() - started
        assert report.count("new") == PAGES, report.summary()
        return PAGES / seconds, max(c.most for c in counters), sum(c.served for c in counters)
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def main() -> None:
    print(f"Fetch benchmark: {PAGES} pages from {HOSTS} local hosts, no politeness delay\n")
    print(f"{'hosts at once':>13}  {'pages/s':>8}  {'most in flight to one host':>26}  {'requests':>8}")
    for concurrency in (1, 4, 10):
        rate, most, served = run(concurrency)
        print(f"{concurrency:>13}  {rate:>8.1f}  {most:>26}  {served:>8}")


if __name__ == "__main__":
    main()
