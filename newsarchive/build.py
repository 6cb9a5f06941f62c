"""Build the site: convert the captures, run Pelican, and (through our plugin) update the search index."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import Pelican
from pelican.settings import read_settings

from newsarchive.convert.batch import ConvertReport, convert_all
from newsarchive.errors import NewsarchiveError
from newsarchive.files import waiting_lock
from newsarchive.settings import ArchiveSettings, archive_settings

BUILD_LOCK = ".build.lock"


class BuildError(NewsarchiveError):
    """Pelican reported errors; the message lists them."""


@dataclass(frozen=True)
class BuildReport:
    conversion: ConvertReport
    output_path: Path
    convert_seconds: float
    site_seconds: float


def load_settings(settings_file: Path, overrides: dict[str, Any] | None = None) -> tuple[dict, ArchiveSettings]:
    """Pelican's settings from ``settings_file`` and ours, checked before any work starts."""
    settings = read_settings(str(settings_file), override=overrides or {})
    return settings, archive_settings(settings)


def build_lock(archive: ArchiveSettings):
    """One build (or index, or conversion) of an archive at a time: a second waits for the first."""
    return waiting_lock(archive.root / BUILD_LOCK, f"Waiting for another build of {archive.root} to finish…")


def build_archive(settings_file: Path, overrides: dict[str, Any] | None = None) -> BuildReport:
    """Convert every capture, then build the site and its search index."""
    settings, archive = load_settings(settings_file, overrides)
    with build_lock(archive):
        started = time.perf_counter()
        conversion = convert_all(archive.captures_path, archive.articles_path, archive.root, corrections=archive.corrections)
        converted = time.perf_counter()
        build_site(settings)
    return BuildReport(
        conversion=conversion,
        output_path=Path(settings["OUTPUT_PATH"]),
        convert_seconds=converted - started,
        site_seconds=time.perf_counter() - converted,
    )


def build_site(settings: dict) -> None:
    """Run Pelican with ``settings``; any error it logs fails the build."""
    errors = _ErrorCollector()
    pelican_logger = logging.getLogger("pelican")
    pelican_logger.addHandler(errors)
    try:
        Pelican(settings).run()
    finally:
        pelican_logger.removeHandler(errors)
    if errors.messages:
        raise BuildError("Pelican reported errors:\n" + "\n".join(f"  {m}" for m in errors.messages))


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
