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

import msgspec

from newsarchive.files import StampedFiles, atomic_write_bytes, package_fingerprint, walk_files

CACHE_FORMAT = 1


class PageCache:
    """The fingerprints of one kind of page (``name``), read at the start of a build and written at its end."""

    def __init__(self, cache_dir: Path, name: str, output: Path, site: str):
        self.file = _record(cache_dir, name, output)  # one for each output folder (SITE_PERIOD's site is another)
        self.output = output
        self._site = f"{site}\n".encode()
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
            self._before: dict[str, str] = data["pages"] if data.get("format") == CACHE_FORMAT else {}
        except (OSError, ValueError, KeyError, TypeError):
            self._before = {}  # none yet, or unreadable: every page is rendered
        self._now: dict[str, str] = {}

    def unchanged(self, path: str, inputs: object) -> bool:
        """Whether the page at ``path`` (in the output) was made from these ``inputs`` and is still there."""
        fingerprint = hashlib.sha256(self._site + _stable_json(inputs)).hexdigest()
        self._now[path] = fingerprint
        return self._before.get(path) == fingerprint and (self.output / path).is_file()

    def save(self) -> None:
        """Keep the fingerprints of this build's pages (only those: a page no longer made is forgotten)."""
        self.file.parent.mkdir(parents=True, exist_ok=True)
        data = {"format": CACHE_FORMAT, "pages": dict(sorted(self._now.items()))}
        atomic_write_bytes(self.file, json.dumps(data, indent=0).encode("utf-8"), durable=False)


def setup_fingerprint(settings: Mapping, theme: Path) -> str:
    """The hash of how every page is made: the package's code, the theme's templates, the settings."""
    digest = hashlib.sha256(package_fingerprint().encode())
    for path in sorted((theme / "templates").rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(theme).as_posix().encode() + b"\n" + path.read_bytes())
    digest.update(_settings_text(settings))
    return digest.hexdigest()


def site_fingerprint(settings: Mapping, theme: Path, pages: Iterable[tuple[str, str]]) -> str:
    """The hash of what every page of the site is made from: code, templates, settings and the static pages' titles and links."""
    return hashlib.sha256(f"{setup_fingerprint(settings, theme)}\n{json.dumps(sorted(pages))}".encode()).hexdigest()


class Unstable(Exception):
    """A value with no stable text (an object shown by its address): what holds it is rendered every build."""


def stable_text(value: object) -> str:
    """``value`` as JSON that is the same in every build (sets in order too); Unstable if part of it has no such text.

    An object that is no plain data is written as its repr, which for Pelican's articles'
    parts (a category, a date, a dataclass of ours) is its content; a repr that gives an
    address instead would make a page look changed every build, or worse the same when not.
    """
    return _stable_json(value).decode()


def stable_digest(value: object) -> str:
    """The SHA-256 of ``value``'s ``stable_text``: what a page's inputs hold of an article's state.

    A list page's inputs hold each listed article's state; as text, that was the article's
    whole content again for every list it is on, 400 MB of JSON a build at 10,000 articles.
    """
    return hashlib.sha256(_stable_json(value)).hexdigest()


def _stable_json(value: object) -> bytes:
    """``stable_text``'s JSON as bytes, for what hashes it."""
    try:  # (msgspec: several times faster than json, and a build asks this of every page it may keep)
        return msgspec.json.encode(value, order="deterministic", enc_hook=_as_text)
    except TypeError as error:  # keys that are not all text: no stable order
        raise Unstable(str(error)) from error


def _as_text(part: object) -> str:
    if hasattr(part, "source_path") and hasattr(part, "url"):  # another article or page: by its file and address
        return f"{type(part).__name__} {part.source_path} {part.url}"
    text = repr(part)
    if " at 0x" in text:
        raise Unstable(text)
    return text


class KeptPages:
    """Pelican's pages kept from the last build where what they are made from did not change.

    For each page written (by its name in the output), the last build kept the hash of
    its inputs (None for a page rendered every build) and the files it wrote (a list of
    articles writes one file a page of twenty). A page whose hash is unchanged and whose
    files are all still there is not rendered again. The folders holding such pages are
    kept when Pelican empties the output (``folders``), so a build must remove what the
    last one wrote and this one did not (``stale``). When the code, templates or settings
    changed (``setup``), nothing is kept. Each output folder has its own record (a site of one
    period, SITE_PERIOD, is built into another folder with other settings).
    """

    def __init__(self, cache_dir: Path, output: Path, setup: str | None, before: dict[str, list]):
        self.file = _record(cache_dir, "pages", output)
        self.output = output
        self.setup = setup
        self._before = before
        self._now: dict[str, list] = {}

    @classmethod
    def begin(cls, cache_dir: Path, output: Path, setup: str) -> KeptPages:
        """Before a build (as Pelican starts: ``setup`` from the settings as read, before its readers
        add to them): the last build's record, if made the same way, handed to this build, and
        no record left behind until it ends, so that a build stopped halfway leaves none."""
        record = _record(cache_dir, "pages", output)
        try:
            data = json.loads(record.read_text(encoding="utf-8"))
            valid = data.get("format") == CACHE_FORMAT and data.get("setup") == setup
            before = data["pages"] if valid else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            before = {}
        record.unlink(missing_ok=True)
        handed = {"format": CACHE_FORMAT, "setup": setup, "pages": before}
        cache_dir.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(_building(record), json.dumps(handed, separators=(",", ":")).encode("utf-8"), durable=False)
        return cls(cache_dir, output, setup, before)

    @classmethod
    def resume(cls, cache_dir: Path, output: Path) -> KeptPages:
        """In a build ``begin`` started: what it was handed (nothing, in a build not so started: every page is rendered, none recorded)."""
        try:
            data = json.loads(_building(_record(cache_dir, "pages", output)).read_text(encoding="utf-8"))
            return cls(cache_dir, output, data["setup"], data["pages"])
        except (OSError, ValueError, KeyError, TypeError):
            return cls(cache_dir, output, None, {})

    def folders(self) -> list[str]:
        """The output's top-level folders that hold pages the last build could keep: Pelican must not empty them."""
        return sorted({files[0].split("/")[0] for fingerprint, files in self._before.values() if fingerprint and "/" in files[0]})

    def unchanged(self, name: str, inputs: str | None) -> bool:
        """Whether the page ``name`` was made from these ``inputs`` (``stable_text``) and its files are still there."""
        if inputs is None:
            return False
        fingerprint = hashlib.sha256(inputs.encode("utf-8")).hexdigest()
        before = self._before.get(name)
        if before and before[0] == fingerprint and all((self.output / file).is_file() for file in before[1]):
            self._now[name] = before
            return True
        self._now[name] = [fingerprint, []]
        return False

    def wrote(self, name: str, files: list[str]) -> None:
        """The files page ``name`` wrote (relative to the output); a page never asked about is rendered every build."""
        self._now[name] = [self._now.get(name, [None])[0], files or [name]]

    def stale(self, kept_by_others: Iterable[str]) -> list[str]:
        """Files the last build wrote that this one did not (but in folders other code keeps up to date)."""
        now = {file for _, files in self._now.values() for file in files}
        others = tuple(f"{folder}/" for folder in kept_by_others)
        return sorted(file for _, files in self._before.values() for file in files if file not in now and not file.startswith(others))

    def save(self) -> None:
        """After a build: the record of this build's pages, for the next."""
        if self.setup is None:
            return
        data = {"format": CACHE_FORMAT, "setup": self.setup, "pages": dict(sorted(self._now.items()))}
        atomic_write_bytes(self.file, json.dumps(data, separators=(",", ":")).encode("utf-8"), durable=False)
        _building(self.file).unlink(missing_ok=True)


def _record(cache_dir: Path, name: str, output: Path) -> Path:
    """The record ``name`` of the pages in ``output`` (told apart by a hash of its path)."""
    return cache_dir / f"{name}-{hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:12]}.json"


def _building(record: Path) -> Path:
    """Where a build keeps the record it was handed while it runs."""
    return record.with_name(f"{record.name}.building")


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
        return {relative: stat.st_size for relative, stat in walk_files(self.output)} if self.output.is_dir() else {}


def inputs_fingerprint(
    settings: Mapping, folders: Iterable[Path], files: Iterable[Path], listed: Path | None = None, memo_file: Path | None = None
) -> str:
    """The hash of what the whole site is made from: the package's code and data, the settings,
    every file in ``folders`` (content, theme, plugins) and ``files`` (the settings files), and
    the name, size and time of every file in ``listed`` (the captures, which the versions pages
    read: too large to read whole each build, and never changed in place but by hand).
    With ``memo_file``, a file's hash is remembered there with its stamp (files.StampedFiles)."""
    hashes = StampedFiles(memo_file, lambda data: hashlib.sha256(data).hexdigest())
    digest = hashlib.sha256(package_fingerprint().encode())
    for relative, stat in sorted(walk_files(listed)) if listed and listed.is_dir() else ():
        digest.update(f"{relative} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    digest.update(_settings_text(settings))
    paths = [
        folder / relative
        for folder in folders
        if folder.is_dir()
        for relative, _ in sorted(walk_files(folder))
        if "__pycache__" not in relative.split("/")
    ]
    for path in [*paths, *files]:
        digest.update(f"\n{path}\n".encode())
        if not path.is_file():
            digest.update(b"-")
        else:
            digest.update(bytes.fromhex(hashes.of(path)))
    hashes.save()
    return digest.hexdigest()
