"""Pages rendered again only when what they show changed.

A page's fingerprint is the hash of everything it is made from: the site's part (the
package's code, the theme's templates, the settings, the site's static pages, which every
page's menu lists) and the page's own inputs (an entity page's articles, spellings and
neighbours). A build keeps the fingerprints of the pages it wrote (``CACHE_PATH``); the
next build renders a page only when its fingerprint differs or its file is gone. A page so
kept must live in a folder Pelican keeps between builds (``OUTPUT_RETENTION``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from newsarchive.files import atomic_write_bytes, package_fingerprint

CACHE_FORMAT = 1


class PageCache:
    """The fingerprints of one kind of page (``name``), read at the start of a build and written at its end."""

    def __init__(self, cache_dir: Path, name: str, output: Path, site: str):
        self.file = cache_dir / f"{name}.json"
        self.output = output
        self.site = site
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
            self._before: dict[str, str] = data["pages"] if data.get("format") == CACHE_FORMAT else {}
        except (OSError, ValueError, KeyError, TypeError):
            self._before = {}  # none yet, or unreadable: every page is rendered
        self._now: dict[str, str] = {}

    def unchanged(self, path: str, inputs: object) -> bool:
        """Whether the page at ``path`` (in the output) was made from these ``inputs`` and is still there."""
        fingerprint = hashlib.sha256(f"{self.site}\n{json.dumps(inputs, sort_keys=True, default=str)}".encode()).hexdigest()
        self._now[path] = fingerprint
        return self._before.get(path) == fingerprint and (self.output / path).is_file()

    def save(self) -> None:
        """Keep the fingerprints of this build's pages (only those: a page no longer made is forgotten)."""
        self.file.parent.mkdir(parents=True, exist_ok=True)
        data = {"format": CACHE_FORMAT, "pages": dict(sorted(self._now.items()))}
        atomic_write_bytes(self.file, json.dumps(data, indent=0).encode("utf-8"), durable=False)


def site_fingerprint(settings: Mapping, theme: Path, pages: Iterable[tuple[str, str]]) -> str:
    """The hash of what every page of the site is made from: code, templates, settings and the static pages' titles and links."""
    digest = hashlib.sha256(package_fingerprint().encode())
    for path in sorted((theme / "templates").rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(theme).as_posix().encode() + b"\n" + path.read_bytes())
    digest.update(_settings_text(settings))
    digest.update(json.dumps(sorted(pages)).encode())
    return digest.hexdigest()


def _settings_text(settings: Mapping) -> bytes:
    """The settings that are data, as stable text (a function or a class in them has none)."""
    return json.dumps({name: value for name, value in settings.items() if _plain(value)}, sort_keys=True).encode()


def _plain(value: object) -> bool:
    """Whether a setting is data (text, numbers, lists and mappings of them), which has a stable text form."""
    if value is None or isinstance(value, str | int | float | bool):
        return True
    if isinstance(value, list | tuple):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _plain(item) for key, item in value.items())
    return False


class SiteCache:
    """The whole site's pages kept when nothing they are made from changed.

    A build that changed no article, page, template, plugin, setting or line of code would
    have Pelican write every page again, byte for byte as before (minutes at 100,000
    articles). The fingerprint of those inputs, what the site's pages told the later stages
    (``pages``: each article's address and date) and a list of the files the build left in
    the output are kept in ``CACHE_PATH``; the next build skips Pelican when the fingerprint
    is the same and the output still holds those files, at those sizes, and no others.
    """

    def __init__(self, cache_dir: Path, output: Path):
        self.file = cache_dir / "site.json"
        self.output = output

    def recall(self, fingerprint: str) -> dict | None:
        """What the last build's pages told the later stages, if its pages are still the ones these inputs make."""
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT or data.get("fingerprint") != fingerprint:
            return None
        if data.get("files") != self._files():
            return None  # a file of the output was removed, changed or added since
        return data.get("pages")

    def save(self, fingerprint: str, pages: dict) -> None:
        """Keep this build's fingerprint, what its pages told the later stages, and its output's files."""
        data = {"format": CACHE_FORMAT, "fingerprint": fingerprint, "pages": pages, "files": self._files()}
        self.file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(self.file, json.dumps(data, sort_keys=True).encode("utf-8"), durable=False)

    def forget(self) -> None:
        """Before Pelican runs again: a build stopped halfway, or whose pages had errors, leaves nothing to keep."""
        self.file.unlink(missing_ok=True)

    def _files(self) -> dict[str, int]:
        return {p.relative_to(self.output).as_posix(): p.stat().st_size for p in sorted(self.output.rglob("*")) if p.is_file()}


def inputs_fingerprint(settings: Mapping, folders: Iterable[Path], files: Iterable[Path], listed: Path | None = None) -> str:
    """The hash of what the whole site is made from: the package's code and data, the settings,
    every file in ``folders`` (content, theme, plugins) and ``files`` (the settings files), and
    the name, size and time of every file in ``listed`` (the captures, which the versions pages
    read: too large to read whole each build, and never changed in place but by hand)."""
    digest = hashlib.sha256(package_fingerprint().encode())
    for path in sorted(listed.rglob("*")) if listed and listed.is_dir() else ():
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.relative_to(listed)} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    digest.update(_settings_text(settings))
    paths = [path for folder in folders for path in sorted(folder.rglob("*")) if path.is_file() and "__pycache__" not in path.parts]
    for path in [*paths, *files]:
        digest.update(f"\n{path}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"-")
    return digest.hexdigest()
