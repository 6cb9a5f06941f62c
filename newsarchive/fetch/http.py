"""A polite HTTP client: robots.txt, one request at a time per host, retries, limits, redirects.

Politeness is kept per host by a lock held for the whole request and a time
before which the next request may not start, so no scheduling mistake elsewhere
can put two requests in flight to one host.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import ipaddress
import socket
import threading
import time
import urllib.parse
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from newsarchive.captures import utc_now
from newsarchive.errors import NewsarchiveError
from newsarchive.fetch.urls import DEFAULT_PORTS, UrlError, canonical_url, host_of

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
USER_AGENT_TOKEN = "newsarchive"


class FetchFailed(NewsarchiveError):
    """A URL could not be fetched; the message is one line saying why."""


class RobotsForbidden(FetchFailed):
    """The site's robots.txt asks not to fetch the URL: a choice of the site's, not a failure."""


class TransientFailure(FetchFailed):
    """A failure worth retrying: a timeout or a refused connection."""


@dataclass(frozen=True)
class FetchPolicy:
    """How politely and how patiently to fetch (``FetchPolicy.from_settings`` reads pelicanconf's)."""

    user_agent: str
    delay: float = 1.0
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    retries: int = 3
    backoff: float = 1.0
    max_retry_wait: float = 120.0
    max_bytes: int = 15 * 1024 * 1024
    max_redirects: int = 10
    concurrency: int = 4
    page_deadline: float = 120.0  # seconds a page may take to arrive, however steadily it trickles
    # Networks that may be fetched although private, loopback or link-local (a feed must not
    # point the fetcher at a cloud's metadata service or the owner's router): none by default.
    allowed_networks: tuple[str, ...] = ()  # checked with the settings; parsed by the client

    @classmethod
    def from_settings(cls, settings) -> FetchPolicy:
        """The policy the archive's FETCH_* settings describe."""
        return cls(
            user_agent=settings.user_agent,
            delay=settings.delay,
            connect_timeout=settings.connect_timeout,
            read_timeout=settings.read_timeout,
            retries=settings.retries,
            max_bytes=settings.max_bytes,
            concurrency=settings.concurrency,
            page_deadline=settings.page_deadline,
            allowed_networks=settings.allowed_networks,
        )


@dataclass(frozen=True)
class Response:
    requested_url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes | None  # None when the content type was refused before reading
    fetched_at: str
    redirects: tuple[str, ...] = ()


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_start: float = 0.0
    robots: urllib.robotparser.RobotFileParser | None = None
    robots_error: str | None = None
    delay: float = 0.0


class PoliteClient:
    """Fetches URLs as a well-behaved crawler; safe to share between threads."""

    def __init__(
        self,
        policy: FetchPolicy,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.policy = policy
        self._sleep = sleep
        self._client = httpx.Client(
            headers={"User-Agent": policy.user_agent},
            timeout=httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout),
            follow_redirects=False,
            transport=transport,
        )
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self._allowed = tuple(ipaddress.ip_network(n, strict=False) for n in policy.allowed_networks)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get(self, url: str, headers: dict[str, str] | None = None, accept: Callable[[str], bool] | None = None) -> Response:
        """GET ``url``, following redirects (each checked against robots.txt).

        ``accept`` decides from the content type whether the body is worth reading.
        """
        _fetchable(url)
        chain = [url]
        current = url
        for _ in range(self.policy.max_redirects + 1):
            self._check_address(current)  # before robots.txt: a private host is asked for nothing
            self._check_robots(current)
            status, response_headers, body = self._with_retries(current, headers or {}, accept)
            if status not in REDIRECT_STATUSES:
                return Response(
                    requested_url=url,
                    final_url=current,
                    status=status,
                    headers=response_headers,
                    body=body,
                    fetched_at=utc_now(),
                    redirects=tuple(chain[1:]),
                )
            location = response_headers.get("location")
            if not location:
                raise FetchFailed(f"HTTP {status} redirect without a Location header")
            following = urllib.parse.urljoin(current, location)
            _fetchable(following, "redirected to ")
            if canonical_url(following) in {canonical_url(u) for u in chain}:
                raise FetchFailed("redirect loop: " + " → ".join([*chain, following]))
            chain.append(following)
            current = following
        raise FetchFailed(f"more than {self.policy.max_redirects} redirects, from {url}")

    # ---- robots.txt

    def _check_robots(self, url: str) -> None:
        host = self._host(url)
        with host.lock:
            if host.robots is None and host.robots_error is None:
                self._load_robots(url, host)
        if host.robots_error:
            raise FetchFailed(host.robots_error)
        if not host.robots.can_fetch(USER_AGENT_TOKEN, url):
            raise RobotsForbidden(f"robots.txt of {host_of(url)} forbids {urllib.parse.urlsplit(url).path or '/'}")

    def _load_robots(self, url: str, host: _Host) -> None:
        """Read the host's robots.txt (with the host's lock held). RFC 9309: a 4xx
        means no rules; a server error or no answer means stay away."""
        parts = urllib.parse.urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            status, _, body = self._request(robots_url, {}, None, host, locked=True)
        except FetchFailed as error:
            host.robots_error = f"robots.txt of {parts.netloc} could not be read ({error}); not fetching from it"
            return
        if status >= 500:
            host.robots_error = f"robots.txt of {parts.netloc} answered HTTP {status}; not fetching from it"
            return
        parser.parse((body or b"").decode("utf-8", "replace").splitlines() if status == 200 else [])
        host.robots = parser
        crawl_delay = parser.crawl_delay(USER_AGENT_TOKEN)
        host.delay = max(self.policy.delay, float(crawl_delay or 0))

    # ---- requests

    def _host(self, url: str) -> _Host:
        key = host_of(url)
        with self._hosts_lock:
            return self._hosts.setdefault(key, _Host(delay=self.policy.delay))

    def _with_retries(self, url: str, headers: dict[str, str], accept) -> tuple[int, dict[str, str], bytes | None]:
        host = self._host(url)
        attempts = self.policy.retries + 1
        for attempt in range(1, attempts + 1):
            try:
                status, response_headers, body = self._request(url, headers, accept, host)
            except TransientFailure:
                if attempt == attempts:
                    raise
                self._sleep(self.policy.backoff * 2 ** (attempt - 1))
                continue
            if status != 429 and status < 500:
                return status, response_headers, body
            if attempt == attempts:
                raise FetchFailed(f"HTTP {status} after {attempts} attempts")
            wait = _retry_after(response_headers.get("retry-after")) or self.policy.backoff * 2 ** (attempt - 1)
            if wait > self.policy.max_retry_wait:
                raise FetchFailed(f"HTTP {status}; the server asks to wait {wait:.0f} s, more than {self.policy.max_retry_wait:.0f} s")
            self._sleep(wait)
        raise AssertionError("unreachable")

    def _request(self, url: str, headers: dict[str, str], accept, host: _Host, locked: bool = False):
        with contextlib.nullcontext() if locked else host.lock:
            pause = host.next_start - time.monotonic()
            if pause > 0:
                self._sleep(pause)
            try:
                return self._read(url, headers, accept)
            finally:
                host.next_start = time.monotonic() + host.delay

    def _check_address(self, url: str) -> None:
        """Refuse a host that resolves to a private, loopback, link-local or reserved address,
        unless the policy allows its network: its answer would be published in the archive."""
        parts = urllib.parse.urlsplit(url)
        try:
            found = socket.getaddrinfo(parts.hostname, parts.port or DEFAULT_PORTS[parts.scheme.lower()], type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as error:
            raise TransientFailure(f"could not resolve {parts.hostname} ({error})") from None
        for *_, address in found:
            ip = ipaddress.ip_address(address[0].split("%")[0])
            if (not ip.is_global or ip.is_multicast) and not any(ip in network for network in self._allowed):
                raise FetchFailed(
                    f"{parts.hostname} is at {ip}, a private or local address; not fetched "
                    "(FETCH_ALLOWED_NETWORKS lists networks that may be)"
                )

    def _read(self, url: str, headers: dict[str, str], accept) -> tuple[int, dict[str, str], bytes | None]:
        limit = self.policy.max_bytes
        deadline = time.monotonic() + self.policy.page_deadline
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                response_headers = {k.lower(): v for k, v in response.headers.items()}
                if response.status_code != 200 or (accept and not accept(response_headers.get("content-type", ""))):
                    return response.status_code, response_headers, None
                declared = response_headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchFailed(f"body of {int(declared):,} bytes is over the {limit:,}-byte limit")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    if time.monotonic() > deadline:
                        raise FetchFailed(f"the page took longer than {self.policy.page_deadline:.0f} s to arrive")
                    size += len(chunk)
                    if size > limit:
                        raise FetchFailed(f"body is over the {limit:,}-byte limit")
                    chunks.append(chunk)
                return response.status_code, response_headers, b"".join(chunks)
        except httpx.TimeoutException as error:
            raise TransientFailure(f"timed out ({type(error).__name__})") from None
        except httpx.ConnectError as error:
            raise TransientFailure(f"could not connect ({error})") from None
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            raise FetchFailed(f"HTTP error ({type(error).__name__}: {error})") from None


def _fetchable(url: str, how: str = "") -> None:
    """FetchFailed unless ``url`` is an http(s) address newsarchive can fetch."""
    try:
        canonical_url(url)
    except UrlError as error:
        raise FetchFailed(f"{how}{url!r}: {error}") from None


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())
