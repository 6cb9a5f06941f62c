"""Convert captures into article files: one capture, or every capture in the store."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from newsarchive.addresses import require_web_address
from newsarchive.articles import write_article
from newsarchive.captures import (
    CaptureError,
    import_target,
    iter_capture_paths,
    load_capture,
    read_provenance,
    sha256_of,
    write_provenance,
)
from newsarchive.files import atomic_write_bytes
from newsarchive.convert import ConversionError, ConversionSkipped, convert_capture
from newsarchive.entities.corrections import NO_CORRECTIONS, Corrections
from newsarchive.progress import progress_over
from newsarchive.records import Article, Capture, Provenance


@dataclass(frozen=True)
class GivenFacts:
    """What the user says of a capture on the command line; it beats what the page says."""

    url: str | None = None
    date: str | None = None
    source: str | None = None
    tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.url is not None:
            require_web_address(self.url, "--url")

    def apply_to(self, capture: Capture) -> Capture:
        """The capture with these facts in its provenance (in memory only)."""
        changes = {
            name: value
            for name, value in (
                ("given_url", self.url),
                ("given_date", self.date),
                ("given_source", self.source),
                ("tags", tuple(self.tags)),
            )
            if value
        }
        return dataclasses.replace(capture, provenance=dataclasses.replace(capture.provenance, **changes))


@dataclass(frozen=True)
class ConvertReport:
    """What a batch conversion did; ``failed`` holds one clear line per failed capture."""

    written: tuple[Path, ...] = ()
    unchanged: tuple[Path, ...] = ()
    skipped: tuple[str, ...] = ()  # not articles (video or programme pages), one line each
    failed: tuple[str, ...] = ()

    def summary(self) -> str:
        return (
            f"{len(self.written)} written, {len(self.unchanged)} unchanged, "
            f"{len(self.skipped)} skipped, {len(self.failed)} failed"
        )


def capture_ref(path: Path, root: Path) -> str:
    """How an article names its capture: a path relative to the project, with forward slashes."""
    resolved = path.resolve()
    return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else resolved.as_posix()


def _load(path: Path) -> Capture:
    try:
        return load_capture(path)
    except CaptureError as error:
        raise ConversionError(path, str(error).removeprefix(f"{path}: ")) from error


def _captures_by_article(paths: list[Path]) -> list[tuple[list[Path], tuple[str, ...]]]:
    """Captures grouped by the URL they are of (oldest first), with their fetch times.
    A capture with no URL key (dropped in by hand) is an article of its own."""
    groups: dict[str, list[tuple[str, Path]]] = {}
    for path in paths:
        try:
            provenance = read_provenance(path)
        except CaptureError:
            provenance = Provenance()  # reported when the capture itself is converted
        key = provenance.url_key or f"file:{path}"
        groups.setdefault(key, []).append((provenance.fetched_at or "", path))
    result = []
    for members in groups.values():
        members.sort()
        result.append(([path for _, path in members], tuple(stamp for stamp, _ in members if stamp)))
    return sorted(result, key=lambda group: group[0][-1])


def preview(path: Path, root: Path, given: GivenFacts = GivenFacts(), corrections: Corrections = NO_CORRECTIONS) -> Article:
    """Convert the capture at ``path`` without writing anything."""
    capture = given.apply_to(_load(path))
    return convert_capture(capture, capture_ref(path, root), corrections=corrections)


def convert_and_store(
    path: Path,
    root: Path,
    captures_dir: Path,
    articles_dir: Path,
    given: GivenFacts = GivenFacts(),
    corrections: Corrections = NO_CORRECTIONS,
) -> tuple[Path, bool]:
    """Convert one capture and write its article; returns the article's path and whether it changed.

    A capture from outside the store is first copied into it, and what the user
    gave is kept in its sidecar, so that later builds convert it the same way.
    Nothing is written when the conversion fails.
    """
    dropped = _load(path)
    target, present = path, True
    if not path.resolve().is_relative_to(captures_dir.resolve()):
        target, present = import_target(dropped.data, path.name, captures_dir)
    # Converted once, as it will be stored (an identical capture's sidecar included);
    # errors still name the file the user gave. Nothing is written when this fails.
    stored = read_provenance(target) if present else Provenance(sha256=sha256_of(dropped.data))
    capture = given.apply_to(dataclasses.replace(dropped, provenance=stored))
    article = convert_capture(capture, capture_ref(target, root), corrections=corrections)
    if not present:
        atomic_write_bytes(target, dropped.data)
    if capture.provenance != stored or not present:
        write_provenance(target, capture.provenance)
    return write_article(article, articles_dir)


def convert_all(
    captures_dir: Path,
    articles_dir: Path,
    root: Path,
    folder: Path | None = None,
    corrections: Corrections = NO_CORRECTIONS,
) -> ConvertReport:
    """Convert every article in the store (or in ``folder``: pages from outside the store are
    imported into it first); a failure is reported and leaves any earlier article as it was.

    Several captures of one URL make one article, from the newest capture.
    """
    written, unchanged, skipped, failed = [], [], [], []
    groups = _captures_by_article(list(iter_capture_paths(folder or captures_dir)))
    for paths, captured in progress_over(groups, "Converting"):
        path = paths[-1]
        try:
            if path.resolve().is_relative_to(captures_dir.resolve()):
                article = convert_capture(_load(path), capture_ref(path, root), captured, corrections)
                target, changed = write_article(article, articles_dir)
            else:
                target, changed = convert_and_store(path, root, captures_dir, articles_dir, corrections=corrections)
        except ConversionSkipped as skip:
            skipped.append(str(skip))
            continue
        except ConversionError as error:
            failed.append(str(error))
            continue
        (written if changed else unchanged).append(target)
    return ConvertReport(tuple(written), tuple(unchanged), tuple(skipped), tuple(failed))
