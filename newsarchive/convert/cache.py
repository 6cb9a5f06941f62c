"""Conversions remembered between builds: a capture is converted again only when something it depends on changed.

An article's conversion depends on its captures (and their sidecars), on the converter
(the package's code and data) and on the user's corrections. A build hashes those for
each article; if the hash is the one remembered and the article file it wrote is still
there, byte for byte, that file is the conversion's answer and the capture is not parsed
again. A capture and sidecar whose size, times and inode are those remembered are not even
read (``stamped_inputs``): their hash is the one remembered; nor is an article file or a
sidecar whose stamp is the one remembered (``article-files.json``: the file's hash and the
front-matter lines finding it needs; ``sidecars.json``: the sidecar's JSON, which grouping
captures by article needs). The files (``conversions.json`` in Pelican's CACHE_PATH, and
those two) are caches: deleting them only makes the next build convert everything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

from newsarchive.articles import RenderedArticle, generated_head
from newsarchive.captures import sidecar_json, sidecar_path
from newsarchive.files import STAMP_SETTLED_NS, StampedFiles, atomic_write_bytes, file_stamp, modules_run_by, package_fingerprint

CACHE_FORMAT = 2
"""Raised when the file changes shape: an old file is then ignored."""
CACHE_FILE = "conversions.json"
ARTICLE_FILES_FILE = "article-files.json"
"""Beside it: each article file's hash and head with its stamp (files.StampedFiles)."""
SIDECARS_FILE = "sidecars.json"
"""And each capture's sidecar, as JSON, with its stamp."""


def _file_facts(data: bytes) -> dict:
    """What a build needs to know of an article file unchanged since the last: its hash, and its own front-matter lines."""
    return {"sha256": hashlib.sha256(data).hexdigest(), "head": generated_head(data)}


@dataclass(frozen=True)
class Remembered:
    """What a conversion gave, as much as a build needs to use it again without converting."""

    key: str  # of the captures, their sidecars, the converter and the corrections
    path: str  # the article file, relative to the articles folder
    sha256: str  # of the file's bytes as written
    title: str
    date: str  # ISO 8601, as the article's
    source_url: str | None
    capture: str | None
    first_archived: str
    warnings: tuple[str, ...]  # what the conversion told the user: told again on every build
    corrections_used: tuple[tuple[str, ...], ...]
    stamped: str | None = None  # the captures' and sidecars' stamps when ``key`` was computed (``stamped_inputs``)


class ConversionCache:
    """The remembered conversions of one archive, by article (the capture it shows)."""

    def __init__(self, file: Path | None):
        self.file = file
        self._old: dict[str, Remembered] = {}
        self._new: dict[str, Remembered] = {}
        # The article files' hashes and heads by their stamps: an unchanged file is not read.
        self._files = StampedFiles(file and file.with_name(ARTICLE_FILES_FILE), _file_facts)
        self._sidecars = StampedFiles(file and file.with_name(SIDECARS_FILE), sidecar_json)
        if file is None:
            return
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            if data.get("format") == CACHE_FORMAT and data.get("converter") == converter_fingerprint():
                self._old = {
                    ref: Remembered(
                        **{
                            **entry,
                            "warnings": tuple(entry["warnings"]),
                            "corrections_used": tuple(tuple(used) for used in entry["corrections_used"]),
                        }
                    )
                    for ref, entry in data["articles"].items()
                }
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            self._old = {}  # no cache, or an unreadable one: everything is converted

    def recall(self, ref: str, key: str, articles_dir: Path) -> tuple[RenderedArticle, Remembered] | None:
        """The article remembered for ``ref`` under ``key``, in its file as written; None if anything differs."""
        entry = self._old.get(ref)
        if entry is None or entry.key != key:
            return None
        path = articles_dir / entry.path
        try:
            digest = self.article_file(path)["sha256"]
        except (OSError, UnicodeDecodeError, ValueError):
            return None
        if digest != entry.sha256:
            return None  # edited or replaced since: converted again
        date = dt.datetime.fromisoformat(entry.date)
        return RenderedArticle(entry.title, date, entry.source_url, entry.capture, None, entry.sha256, kept=path), entry

    def article_file(self, path: Path) -> dict:
        """An article file's hash and ``generated_head``, read only if its stamp changed since the last build."""
        return self._files.of(path)

    def sidecar(self, path: Path) -> object:
        """A capture's sidecar as JSON, read only if its stamp changed since the last build."""
        return self._sidecars.of(path)

    def wrote(self, path: Path, data: bytes) -> None:
        """``data`` was just written to the article file ``path``."""
        self._files.wrote(path, data)

    def key_unread(self, ref: str, stamped: str | None) -> str | None:
        """The key remembered for ``ref`` if its inputs' stamps are those it was computed with (None: compute it)."""
        entry = self._old.get(ref)
        return entry.key if stamped and entry and entry.stamped == stamped else None

    def remember(self, ref: str, entry: Remembered) -> None:
        self._new[ref] = entry

    def save(self, keep_others: bool) -> None:
        """Write what this run converted or recalled; ``keep_others``: also what it did not see (a partial conversion)."""
        if self.file is None:
            return
        articles = {**self._old, **self._new} if keep_others else self._new
        data = {
            "format": CACHE_FORMAT,
            "converter": converter_fingerprint(),
            # (The fields as asdict gives them, without its deep copy of each.)
            "articles": {ref: vars(entry) for ref, entry in sorted(articles.items())},
        }
        self.file.parent.mkdir(parents=True, exist_ok=True)
        self._files.save()
        self._sidecars.save()
        # (No indent: json writes indented text with its Python encoder, 0.5 s at 10,000 articles.)
        atomic_write_bytes(self.file, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def conversion_key(paths: tuple[Path, ...], refs: tuple[str, ...], corrections: str) -> str:
    """The hash of what an article's conversion depends on: its captures in the order tried
    (with their names, bytes and sidecars), the converter, and the corrections."""
    digest = hashlib.sha256(f"{converter_fingerprint()}\n{corrections}\n".encode())
    for path, ref in zip(paths, refs, strict=True):
        digest.update(f"{ref}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
        sidecar = sidecar_path(path)
        digest.update(hashlib.sha256(sidecar.read_bytes()).digest() if sidecar.exists() else b"-")
    return digest.hexdigest()


def stamped_inputs(paths: tuple[Path, ...], refs: tuple[str, ...], corrections: str) -> str | None:
    """A digest of the captures' and sidecars' sizes, modification and change times and inodes (and of their
    names and the corrections): while it is the one remembered, so is ``conversion_key``, as git's index
    takes an unchanged stat for unchanged content. None when a file was modified in the last two seconds."""
    digest = hashlib.sha256(f"{corrections}\n".encode())
    settled = time.time_ns() - STAMP_SETTLED_NS
    for path, ref in zip(paths, refs, strict=True):
        digest.update(f"{ref}\n".encode())
        for file in (path, sidecar_path(path)):
            try:
                stat = file.stat()
            except FileNotFoundError:
                digest.update(b"-\n")
                continue
            if stat.st_mtime_ns > settled:
                return None
            digest.update(f"{file_stamp(stat)}\n".encode())
    return digest.hexdigest()


def converter_fingerprint() -> str:
    """The converter's code (the modules a conversion runs) and the package's data, and the libraries'
    versions: a changed converter converts everything again; a change to the search or the pages does not."""
    return package_fingerprint(modules_run_by("newsarchive.convert.batch"))
