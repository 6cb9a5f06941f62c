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
    plain = {name: value for name, value in settings.items() if _plain(value)}
    digest.update(json.dumps(plain, sort_keys=True).encode())
    digest.update(json.dumps(sorted(pages)).encode())
    return digest.hexdigest()


def _plain(value: object) -> bool:
    """Whether a setting is data (text, numbers, lists and mappings of them), which has a stable text form."""
    if value is None or isinstance(value, str | int | float | bool):
        return True
    if isinstance(value, list | tuple):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _plain(item) for key, item in value.items())
    return False
