"""Fetch: article URLs, URL lists and feeds into the raw store, politely, losing nothing.

URLs are grouped by host; hosts are fetched in parallel (``FETCH_CONCURRENCY``
at a time), each host's URLs one after another. Every response becomes a
capture with a sidecar only if it is an article page (HTML or text) whose bytes
the store does not already hold for that URL.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import traceback
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

from newsarchive.captures import CaptureIndex, store_lock, utc_now
from newsarchive.convert.html import decode_html
from newsarchive.fetch.feeds import Feed, FeedError, parse_feed
from newsarchive.fetch.http import FetchFailed, FetchPolicy, PoliteClient, RobotsForbidden
from newsarchive.fetch.urls import UrlError, canonical_url, host_of
from newsarchive.files import atomic_write_bytes
from newsarchive.progress import progress_bar
from newsarchive.records import Provenance

# Content types kept as articles, and the suffix their captures get.
ARTICLE_TYPES = {"text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt"}
_REL_CANONICAL = re.compile(rb"<link\b[^>]*\brel\s*=\s*[\"']?canonical\b[^>]*>", re.IGNORECASE)
_HREF = re.compile(rb"\bhref\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)


@dataclass(frozen=True)
class FetchRequest:
    """A URL to fetch, and what to record of it when its page does not say."""

    url: str
    source: str | None = None
    tags: tuple[str, ...] = ()
    language: str | None = None
    published: str | None = None
    skip_known: bool = False  # a feed's item already in the store is not fetched again


@dataclass(frozen=True)
class FetchOutcome:
    url: str
    result: str  # "new", "unchanged", "skipped" or "failed"
    detail: str = ""
    capture: Path | None = None
    status: int | None = None  # the HTTP status of a failed answer


@dataclass(frozen=True)
class FetchReport:
    outcomes: tuple[FetchOutcome, ...]

    def count(self, result: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.result == result)

    @property
    def new_captures(self) -> tuple[Path, ...]:
        return tuple(o.capture for o in self.outcomes if o.result == "new" and o.capture)

    def summary(self) -> str:
        return (
            f"{self.count('new')} new, {self.count('unchanged')} unchanged, {self.count('skipped')} skipped, {self.count('failed')} failed"
        )


def fetch(
    requests: list[FetchRequest],
    captures_dir: Path,
    policy: FetchPolicy,
    transport: httpx.BaseTransport | None = None,
    each: Callable[[FetchOutcome], None] | None = None,
) -> FetchReport:
    """Fetch every request into the store; one run at a time per store. ``each`` is told every
    URL's outcome as it comes (a line a URL where no progress bar is drawn)."""
    with store_lock(captures_dir):
        index = CaptureIndex(captures_dir)
        gone = GoneUrls.read(captures_dir)
        outcomes: dict[int, FetchOutcome] = {}
        keys: dict[int, str] = {}
        by_host: dict[str, list[tuple[int, FetchRequest]]] = {}
        seen: set[str] = set()
        for number, request in enumerate(requests):
            try:
                key = canonical_url(request.url)
            except UrlError as error:
                outcomes[number] = FetchOutcome(request.url, "failed", str(error))
                continue
            if key in seen:
                outcomes[number] = FetchOutcome(request.url, "skipped", "listed twice")
                continue
            seen.add(key)
            if request.skip_known and (why := gone.why(key)):
                outcomes[number] = FetchOutcome(request.url, "skipped", why)
                continue
            keys[number] = key
            by_host.setdefault(host_of(key), []).append((number, request))
        for outcome in outcomes.values() if each else ():  # decided without asking: told first
            each(outcome)

        shared = threading.Lock()
        with PoliteClient(policy, transport) as client, progress_bar(len(requests), "Fetching") as advance:

            def fetch_host(queue: list[tuple[int, FetchRequest]]) -> None:
                for number, request in queue:
                    outcome = _fetch_one_on_its_own(request, client, index, shared)
                    with shared:
                        outcomes[number] = outcome
                        if each:
                            each(outcome)
                    advance()

            with ThreadPoolExecutor(max_workers=max(1, policy.concurrency)) as pool:
                for future in [pool.submit(fetch_host, queue) for queue in by_host.values()]:
                    future.result()
        for number, key in keys.items():
            gone.note(key, outcomes[number])
        gone.write(captures_dir)
        return FetchReport(tuple(outcomes[number] for number in sorted(outcomes)))


GONE_FILE = ".gone.json"
"""In the captures folder: URLs that answered 404 or 410, and since when (JSON: {url key: [status, since]})."""


@dataclass
class GoneUrls:
    """Pages their sites say are gone: a feed's item there is not asked for again on every update
    (nor counted as failed again); asking for the URL itself (`invoke fetch URL`) still does."""

    urls: dict[str, list]
    changed: bool = False

    @staticmethod
    def read(captures_dir: Path) -> GoneUrls:
        try:
            return GoneUrls(json.loads((captures_dir / GONE_FILE).read_text(encoding="utf-8")))
        except (FileNotFoundError, ValueError):
            return GoneUrls({})

    def why(self, key: str) -> str | None:
        """Why a feed's item is not asked for, if it is gone."""
        if key not in self.urls:
            return None
        status, since = self.urls[key]
        return f"gone: HTTP {status} since {since[:10]}; not asked again (`invoke fetch {key}` asks)"

    def note(self, key: str, outcome: FetchOutcome) -> None:
        if outcome.status in (404, 410) and key not in self.urls:
            self.urls[key] = [outcome.status, utc_now()]
            self.changed = True
        elif outcome.result in ("new", "unchanged") and self.urls.pop(key, None):
            self.changed = True

    def write(self, captures_dir: Path) -> None:
        if self.changed:
            atomic_write_bytes(captures_dir / GONE_FILE, json.dumps(self.urls, indent=1, sort_keys=True).encode("utf-8"))


def _fetch_one_on_its_own(request: FetchRequest, client: PoliteClient, index: CaptureIndex, shared: threading.Lock) -> FetchOutcome:
    """One URL's outcome: whatever goes wrong with it fails that URL, and the run goes on to its summary."""
    try:
        return _fetch_one(request, client, index, shared)
    except (FetchFailed, UrlError) as error:
        return FetchOutcome(request.url, "failed", str(error))
    except Exception as error:  # a bug: its traceback is shown, and the other URLs are still fetched
        traceback.print_exc(file=sys.stderr)
        return FetchOutcome(request.url, "failed", f"internal error ({type(error).__name__}: {error}); see the traceback above")


def _fetch_one(request: FetchRequest, client: PoliteClient, index: CaptureIndex, shared: threading.Lock) -> FetchOutcome:
    requested = canonical_url(request.url)
    with shared:
        previous = index.newest(index.key_for(requested))
    if previous and request.skip_known:
        return FetchOutcome(request.url, "skipped", "already in the archive", previous.path)
    headers = {}
    if previous and previous.provenance.etag:
        headers["If-None-Match"] = previous.provenance.etag
    if previous and previous.provenance.last_modified:
        headers["If-Modified-Since"] = previous.provenance.last_modified
    try:
        response = client.get(request.url, headers, accept=lambda content_type: _media_type(content_type) in ARTICLE_TYPES)
    except RobotsForbidden as error:  # the site's wish, not a failure
        return FetchOutcome(request.url, "skipped", str(error))
    except FetchFailed as error:
        return FetchOutcome(request.url, "failed", str(error))
    if response.status == 304 and previous:
        return FetchOutcome(request.url, "unchanged", "not modified since the last capture", previous.path)
    if response.status != 200:
        return FetchOutcome(request.url, "failed", f"HTTP {response.status}", status=response.status)
    content_type = response.headers.get("content-type", "")
    if response.body is None:
        return FetchOutcome(request.url, "skipped", f"not an article page (content type {_media_type(content_type) or 'missing'})")

    suffix = ARTICLE_TYPES[_media_type(content_type)]
    declared = content_type.partition("charset=")[2].strip(" \"';") or None
    detected = decode_html(response.body, declared)[1] if suffix == ".html" else None
    final = canonical_url(response.final_url)
    page_canonical = rel_canonical(response.body, response.final_url) if suffix == ".html" else None
    with shared:
        key = index.key_for(requested, final, page_canonical) or page_canonical or final
        provenance = Provenance(
            requested_url=request.url,
            final_url=response.final_url,
            fetched_at=response.fetched_at,
            http_status=response.status,
            content_type=content_type or None,
            declared_encoding=declared,
            detected_encoding=detected,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            url_key=key,
            published=request.published,
            language=request.language,
            given_source=request.source,
            tags=request.tags,
        )
        path, is_new = index.store(response.body, provenance, suffix)
    if is_new:
        return FetchOutcome(request.url, "new", "", path)
    return FetchOutcome(request.url, "unchanged", "same bytes as an earlier capture", path)


def _media_type(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def rel_canonical(body: bytes, base_url: str) -> str | None:
    """The page's ``<link rel=canonical>``, canonicalised, if it has one."""
    link = _REL_CANONICAL.search(body[:262144])
    href = _HREF.search(link.group(0)) if link else None
    if not href:
        return None
    try:
        return canonical_url(urllib.parse.urljoin(base_url, href.group(1).decode("ascii", "replace")))
    except UrlError:
        return None


def read_url_list(path: Path) -> list[str]:
    """URLs from a file, one a line; blank lines and ``#`` comments are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise FetchFailed(f"{path}: cannot read the URL list ({error})") from None
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def feed_requests(
    feeds: tuple[Feed, ...], policy: FetchPolicy, transport: httpx.BaseTransport | None = None
) -> tuple[list[FetchRequest], list[FetchOutcome]]:
    """The items of each feed as requests carrying the feed's defaults; a feed that
    cannot be read is a failed outcome, not the end of the run."""
    requests, failures = [], []
    with PoliteClient(policy, transport) as client:
        for feed in feeds:
            try:
                response = client.get(feed.url)
                if response.status != 200:
                    raise FetchFailed(f"HTTP {response.status}")
                items = parse_feed(response.body or b"", response.final_url)
            except (FetchFailed, FeedError) as error:
                failures.append(FetchOutcome(feed.url, "failed", f"feed: {error}"))
                continue
            requests.extend(
                FetchRequest(
                    url=item.url,
                    source=feed.source,
                    tags=feed.tags,
                    language=feed.language,
                    published=item.published,
                    skip_known=True,
                )
                for item in items
            )
    return requests, failures
