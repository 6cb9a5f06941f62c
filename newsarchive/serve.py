"""`invoke serve`: the built site over HTTP on this machine, answered as GitHub Pages answers.

An address the site does not have gets the site's 404.html with status 404 (Pelican's
development server sends an empty reply); a port in use, or a site not built yet, is
one line that says what to do.
"""

from __future__ import annotations

import errno
import functools
import http.server
from http import HTTPStatus
from pathlib import Path

from newsarchive.errors import NewsarchiveError


class ServeError(NewsarchiveError):
    """The site cannot be served; the message says why and what to do."""


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Files of the built site; the site's own 404 page for anything else."""

    def send_error(self, code, message=None, explain=None):
        missing = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not missing.is_file():
            super().send_error(code, message, explain)
            return
        body = missing.read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def site_server(output: Path, host: str, port: int) -> http.server.ThreadingHTTPServer:
    """A server of ``output`` bound to ``host``:``port`` (0: any free port), not yet serving."""
    if not (output / "index.html").is_file():
        raise ServeError(f"{output} holds no built site: run `invoke build` first")
    try:
        return http.server.ThreadingHTTPServer((host, port), functools.partial(SiteHandler, directory=str(output)))
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise ServeError(f"port {port} is in use (another `invoke serve`?): try `invoke serve --port {port + 1}`") from None
        raise ServeError(f"cannot serve on {host}:{port}: {error.strerror or error}") from None
