"""The raw store: original captures, byte for byte, each with a JSON provenance sidecar.

A capture ``captures/rferl/page.txt`` has its sidecar at ``captures/rferl/page.txt.json``.
The sidecar holds the fields of :class:`~newsarchive.records.Provenance`; unknown
fields are an error, so a typo in a hand-written sidecar is caught.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import fcntl
import hashlib
import json
import re
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsarchive.addresses import web_address
from newsarchive.errors import NewsarchiveError
from newsarchive.files import atomic_write_bytes, walk_files
from newsarchive.records import Capture, Provenance

SIDECAR_SUFFIX = ".json"
TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
CAPTURE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
_PROVENANCE_FIELDS = {f.name: f for f in dataclasses.fields(Provenance)}
ADDRESS_FIELDS = ("requested_url", "final_url", "url_key", "given_url")


class CaptureError(NewsarchiveError):
    """A capture or its sidecar cannot be read; the message names the file."""


def sidecar_path(capture_path: Path) -> Path:
    return capture_path.with_name(capture_path.name + SIDECAR_SUFFIX)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_provenance(capture_path: Path, parsed: Callable[[Path], object] | None = None) -> Provenance:
    """The capture's sidecar, or an empty Provenance when it has none. ``parsed``: a sidecar's
    ``sidecar_json``, when the caller remembers them."""
    path = sidecar_path(capture_path)
    if not path.exists():
        return Provenance()
    try:
        raw = parsed(path) if parsed else sidecar_json(path.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CaptureError(f"{path}: sidecar is not valid JSON ({error})") from error
    return provenance_from(raw, path)


def sidecar_json(data: bytes) -> object:
    """A sidecar's bytes as JSON (UnicodeDecodeError, json.JSONDecodeError if they are not)."""
    return json.loads(data.decode("utf-8"))


def provenance_from(raw: object, where: object) -> Provenance:
    """A Provenance from a sidecar's fields, checked; errors name ``where`` (a sidecar, a WARC record)."""
    path = where
    if not isinstance(raw, dict):
        raise CaptureError(f"{path}: sidecar must be a JSON object")
    raw = dict(raw)
    unknown = sorted(set(raw) - set(_PROVENANCE_FIELDS))
    if unknown:
        raise CaptureError(f"{path}: unknown sidecar field(s) {', '.join(unknown)}")
    if "tags" in raw:
        if not isinstance(raw["tags"], list) or not all(isinstance(t, str) for t in raw["tags"]):
            raise CaptureError(f"{path}: 'tags' must be a list of strings")
        raw["tags"] = tuple(raw["tags"])
    for name in ADDRESS_FIELDS:
        if raw.get(name) is not None and web_address(raw[name]) is None:
            raise CaptureError(f"{path}: {name!r} is {raw[name]!r}, not an http(s) address")
    return Provenance(**raw)


def sidecar_fields(provenance: Provenance) -> dict:
    """The sidecar's fields as JSON holds them: the known ones, in a fixed order."""
    fields = {k: v for k, v in dataclasses.asdict(provenance).items() if v not in (None, ())}
    if "tags" in fields:
        fields["tags"] = list(fields["tags"])
    return fields


def write_provenance(capture_path: Path, provenance: Provenance) -> None:
    """Write the sidecar atomically, with keys in a fixed order."""
    text = json.dumps(sidecar_fields(provenance), indent=2, ensure_ascii=False) + "\n"
    atomic_write_bytes(sidecar_path(capture_path), text.encode("utf-8"))


def load_capture(path: Path) -> Capture:
    """Read a capture and its sidecar."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CaptureError(f"{path}: cannot read capture ({error.strerror})") from error
    provenance = read_provenance(path)
    if provenance.sha256 and provenance.sha256 != sha256_of(data):
        raise CaptureError(f"{path}: bytes do not match the sha256 in its sidecar; the capture was changed")
    return Capture(path=path, data=data, provenance=provenance)


def captured_at(capture_path: Path) -> str:
    """When the capture at ``capture_path`` was made, by its sidecar ("" if unknown or unreadable)."""
    try:
        return read_provenance(capture_path).captured_at
    except CaptureError:
        return ""


def archived_from(capture_ref: str, captured: tuple[str, ...] | list[str]) -> str:
    """What a reader is told the article was archived from: the kind of capture, and when it was
    fetched (a path in the project's captures is not on the published site)."""
    kind = "a text copy of the page" if Path(capture_ref).suffix.lower() in TEXT_SUFFIXES else "the web page"
    times = sorted(t for t in (_parsed_time(c) for c in captured) if t)
    if not times:
        return f"Archived from {kind}, saved by hand."
    last = f"{times[-1]:%-d %B %Y at %H:%M} UTC"
    return (
        f"Archived from {kind}, fetched {last}."
        if len(times) == 1
        else f"Archived from {kind}, fetched {len(times)} times, last on {last}."
    )


def _parsed_time(value: str) -> dt.datetime | None:
    try:
        when = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)


def iter_capture_paths(captures_dir: Path) -> Iterator[Path]:
    """Every capture under ``captures_dir``, in a stable order.

    A capture is a page (.html) or page copy (.txt); sidecars, notes such as a
    README.md, and hidden or temporary files are not captures.
    """
    if not captures_dir.is_dir():
        return
    suffixes = tuple(CAPTURE_SUFFIXES)
    names = (relative.split("/") for relative, _ in walk_files(captures_dir))
    captures = (parts for parts in names if parts[-1].lower().endswith(suffixes) and not parts[-1].startswith("."))
    # Sorted as paths sort (by their parts), before they are made paths, whose comparisons cost more.
    yield from (captures_dir.joinpath(*parts) for parts in sorted(captures))


class StoredCaptures:
    """The store's captures by size, listed once: a folder of pages dropped in by hand is
    imported in one pass, each page compared only with captures of its size."""

    def __init__(self, captures_dir: Path):
        self.captures_dir = captures_dir
        self._by_size: dict[int, list[Path]] = {}
        for path in iter_capture_paths(captures_dir):
            self._by_size.setdefault(path.stat().st_size, []).append(path)

    def target(self, data: bytes, name: str) -> tuple[Path, bool]:
        """Where a page dropped in by hand belongs in the store, and whether it is there already.

        Identical bytes already in the store are not stored twice: the existing
        capture's path is returned. A different file of the same name is kept beside
        it under a name carrying its hash, never over it.
        """
        for existing in self._by_size.get(len(data), ()):
            if existing.read_bytes() == data:
                return existing, True
        target = self.captures_dir / "manual" / name
        if target.exists():
            target = target.with_name(f"{target.stem}-{sha256_of(data)[:8]}{target.suffix}")
        return target, False

    def add(self, source: Path) -> tuple[Path, bool]:
        """Copy a page into the store with a sidecar, unless its bytes are there already;
        returns its path in the store and whether it was added."""
        data = source.read_bytes()
        target, present = self.target(data, source.name)
        if not present:
            self.write(target, data)
        return target, not present

    def write(self, target: Path, data: bytes) -> None:
        """Store a page at ``target`` (from ``target()``) with a sidecar saying when it was added."""
        atomic_write_bytes(target, data)
        write_provenance(target, Provenance(sha256=sha256_of(data), added_at=utc_now()))
        self._by_size.setdefault(len(data), []).append(target)


def import_capture(source: Path, captures_dir: Path) -> Path:
    """Copy a capture dropped in by hand into the store, with a sidecar; return its path there."""
    return StoredCaptures(captures_dir).add(source)[0]


def utc_now() -> str:
    """Now, in UTC, to the second, as sidecars write times."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# ---------------------------------------------------------------- fetched captures


@dataclass(frozen=True)
class StoredCapture:
    """One capture of a URL as the index knows it."""

    path: Path
    provenance: Provenance


class CaptureIndex:
    """Every capture in the store by the URLs it answers to (canonical, requested, final).

    Built by reading the sidecars once; kept up to date as captures are added.
    """

    def __init__(self, captures_dir: Path):
        self.captures_dir = captures_dir
        self._by_key: dict[str, list[StoredCapture]] = {}
        self._key_of: dict[str, str] = {}
        for path in iter_capture_paths(captures_dir):
            provenance = read_provenance(path)
            if provenance.url_key:
                self._remember(StoredCapture(path, provenance))

    def _remember(self, capture: StoredCapture) -> None:
        p = capture.provenance
        self._by_key.setdefault(p.url_key, []).append(capture)
        for url in (p.url_key, p.requested_url, p.final_url):
            if url:
                self._key_of.setdefault(url, p.url_key)

    def add(self, path: Path, provenance: Provenance) -> None:
        """Note a capture written to the store by other means (an import keeping its path)."""
        if provenance.url_key:
            self._remember(StoredCapture(path, provenance))

    def key_for(self, *canonical_urls: str | None) -> str | None:
        """The key of the article any of these (canonical) URLs belongs to, if known."""
        return next((self._key_of[u] for u in canonical_urls if u and u in self._key_of), None)

    def captures(self, key: str) -> list[StoredCapture]:
        """The captures of one article, oldest first."""
        return sorted(self._by_key.get(key, []), key=lambda c: (c.provenance.fetched_at or "", c.path.name))

    def newest(self, key: str | None) -> StoredCapture | None:
        found = self.captures(key) if key else []
        return found[-1] if found else None

    def store(self, data: bytes, provenance: Provenance, suffix: str) -> tuple[Path, bool]:
        """Keep ``data`` as a new capture of ``provenance.url_key``; identical bytes are not kept twice.

        Returns the capture's path (the existing one for identical bytes) and whether it is new.
        The sidecar is written before the capture: a run killed in between leaves a
        sidecar without a capture, which nothing reads, never a capture without provenance.
        """
        digest = sha256_of(data)
        for existing in self.captures(provenance.url_key):
            if existing.provenance.sha256 == digest:
                return existing.path, False
        provenance = dataclasses.replace(provenance, sha256=digest)
        path = fetched_capture_path(self.captures_dir, provenance.url_key, provenance.fetched_at or "", suffix)
        earlier = self.captures(provenance.url_key)
        if earlier and earlier[0].path.parent.parent.parent == self.captures_dir:  # one folder a URL, as named before
            path = earlier[0].path.parent / path.name
        if path.exists() or sidecar_path(path).exists():  # other bytes of the same second: beside them, never over
            path = path.with_name(f"{path.stem}-{digest[:8]}{path.suffix}")
        write_provenance(path, provenance)
        atomic_write_bytes(path, data)
        self._remember(StoredCapture(path, provenance))
        return path, True


def fetched_capture_path(captures_dir: Path, url_key: str, fetched_at: str, suffix: str) -> Path:
    """``captures/<host>/<path-words>-<hash>/<fetch time>.<suffix>``: all captures of a URL in one folder,
    named by the start of its path (where the section and the headline's words are; an ending is often a number)."""
    parts = urllib.parse.urlsplit(url_key)
    words = re.sub(r"[^a-z0-9]+", "-", urllib.parse.unquote(parts.path).lower()).strip("-")[:60].strip("-") or "home"
    folder = f"{words}-{hashlib.sha256(url_key.encode('utf-8')).hexdigest()[:8]}"
    stamp = re.sub(r"[^0-9TZ]", "", fetched_at) or "undated"
    return captures_dir / parts.netloc.replace(":", "_") / folder / f"{stamp}{suffix}"


@contextlib.contextmanager
def store_lock(captures_dir: Path):
    """Hold the store for one fetch at a time; a second run stops with a clear message."""
    captures_dir.mkdir(parents=True, exist_ok=True)
    lock_path = captures_dir / ".fetch.lock"
    with open(lock_path, "a+") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CaptureError(f"{lock_path}: another fetch is writing to this archive; try again when it has finished") from None
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)
