"""The raw store: original captures, byte for byte, each with a JSON provenance sidecar.

A capture ``captures/rferl/page.txt`` has its sidecar at ``captures/rferl/page.txt.json``.
The sidecar holds the fields of :class:`~newsarchive.records.Provenance`; unknown
fields are an error, so a typo in a hand-written sidecar is caught.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from newsarchive.files import atomic_write_bytes
from newsarchive.records import Capture, Provenance

SIDECAR_SUFFIX = ".json"
TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
CAPTURE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
_PROVENANCE_FIELDS = {f.name: f for f in dataclasses.fields(Provenance)}


class CaptureError(Exception):
    """A capture or its sidecar cannot be read; the message names the file."""


def sidecar_path(capture_path: Path) -> Path:
    return capture_path.with_name(capture_path.name + SIDECAR_SUFFIX)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_provenance(capture_path: Path) -> Provenance:
    """The capture's sidecar, or an empty Provenance when it has none."""
    path = sidecar_path(capture_path)
    if not path.exists():
        return Provenance()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CaptureError(f"{path}: sidecar is not valid JSON ({error})") from error
    if not isinstance(raw, dict):
        raise CaptureError(f"{path}: sidecar must be a JSON object")
    unknown = sorted(set(raw) - set(_PROVENANCE_FIELDS))
    if unknown:
        raise CaptureError(f"{path}: unknown sidecar field(s) {', '.join(unknown)}")
    if "tags" in raw:
        if not isinstance(raw["tags"], list) or not all(isinstance(t, str) for t in raw["tags"]):
            raise CaptureError(f"{path}: 'tags' must be a list of strings")
        raw["tags"] = tuple(raw["tags"])
    return Provenance(**raw)


def write_provenance(capture_path: Path, provenance: Provenance) -> None:
    """Write the sidecar atomically, with keys in a fixed order."""
    fields = {k: v for k, v in dataclasses.asdict(provenance).items() if v not in (None, ())}
    if "tags" in fields:
        fields["tags"] = list(fields["tags"])
    text = json.dumps(fields, indent=2, ensure_ascii=False) + "\n"
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


def iter_capture_paths(captures_dir: Path) -> Iterator[Path]:
    """Every capture under ``captures_dir``, in a stable order.

    A capture is a page (.html) or page copy (.txt); sidecars, notes such as a
    README.md, and hidden or temporary files are not captures.
    """
    if not captures_dir.is_dir():
        return
    for path in sorted(captures_dir.rglob("*")):
        if path.is_file() and path.suffix.lower() in CAPTURE_SUFFIXES and not path.name.startswith("."):
            yield path


def import_capture(source: Path, captures_dir: Path) -> Path:
    """Copy a capture dropped in by hand into the store, with a sidecar; return its path there.

    Identical bytes already in the store are not stored twice: the existing
    capture's path is returned. A different file of the same name is kept beside
    it under a name carrying its hash, never over it.
    """
    data = source.read_bytes()
    digest = sha256_of(data)
    for existing in iter_capture_paths(captures_dir):
        if existing.stat().st_size == len(data) and existing.read_bytes() == data:
            return existing
    target = captures_dir / "manual" / source.name
    if target.exists():
        target = target.with_name(f"{source.stem}-{digest[:8]}{source.suffix}")
    atomic_write_bytes(target, data)
    write_provenance(target, Provenance(sha256=digest))
    return target
