"""Build the archive, stage by stage: convert → Pelican's pages and the search index → search files → sitemap and robots.txt.

Each stage is a call into its own module; this file only runs them in order,
with the settings read and checked once. Pelican renders the pages (with our
theme and plugins); what the later stages need of it, each article's address
and date, is collected while it runs and handed on as a :class:`SitePages`.
The search index is made from the article files alone, so on a machine of
several cores a large archive's is made in another process while Pelican runs.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import logging
import multiprocessing
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican import Pelican, signals
from pelican.contents import Content

from newsarchive.articles import iter_article_paths
from newsarchive.collector import survivors_left_alone
from newsarchive.convert.batch import ConvertReport, convert_all
from newsarchive.convert.cache import CACHE_FILE
from newsarchive.errors import NewsarchiveError
from newsarchive.files import waiting_lock
from newsarchive.minify import minify_scripts
from newsarchive.pagecache import SiteCache, inputs_fingerprint
from newsarchive.progress import bars_off
from newsarchive.publish import is_absolute_url, write_robots, write_sitemap
from newsarchive.search import IndexReport, PageOptions, export_static, update_index
from newsarchive.search.index import parallel_processes
from newsarchive.settings import ArchiveSettings, load_settings

BUILD_LOCK = ".build.lock"


class BuildError(NewsarchiveError):
    """Pelican reported errors; the message lists them."""


@dataclass(frozen=True)
class BuildReport:
    conversion: ConvertReport
    index: IndexReport
    page_errors: tuple[str, ...]  # what Pelican logged as errors (a hand-written article it could not read, say)
    output_path: Path
    convert_seconds: float
    site_seconds: float  # the stages after conversion: pages, index, export and crawler files
    pages_seconds: float = 0.0  # Pelican with the plugins (entity pages included)
    index_seconds: float = 0.0  # the index's own time: beside Pelican's when ``index_beside_pages``
    index_beside_pages: bool = False  # the index was made in another process while Pelican ran
    export_seconds: float = 0.0
    pages_kept: bool = False  # nothing they are made from changed: Pelican did not run (``pagecache.SiteCache``)


@dataclass
class SitePages:
    """What Pelican made of the articles: each article file's address in the site, and each address's date."""

    urls: dict[str, str] = field(default_factory=dict)  # article file, relative to ARTICLES_PATH -> URL
    dates: dict[str, dt.datetime] = field(default_factory=dict)  # URL -> when the article last changed

    def to_json(self) -> dict:
        return {"urls": self.urls, "dates": {url: when.isoformat() for url, when in self.dates.items()}}

    @classmethod
    def from_json(cls, data: dict) -> SitePages:
        return cls(dict(data["urls"]), {url: dt.datetime.fromisoformat(when) for url, when in data["dates"].items()})


SITE_INPUTS_FILE = "site-inputs.json"
"""In CACHE_PATH: the hash of each file the pages are made from, with its stamp (an unchanged file is not read)."""


def _site_inputs(settings: dict, archive: ArchiveSettings) -> str:
    """The fingerprint of everything Pelican makes the pages from: content, theme, plugins, settings (and their
    files), and the captures the versions pages read."""
    folders = [Path(settings["PATH"]), Path(settings["THEME"]), *(Path(p) for p in settings.get("PLUGIN_PATHS") or ())]
    folders = [folder if folder.is_absolute() else archive.root / folder for folder in folders]
    memo = Path(settings["CACHE_PATH"]) / SITE_INPUTS_FILE
    return inputs_fingerprint(settings, folders, sorted(archive.root.glob("*.py")), listed=archive.captures_path, memo_file=memo)


def build_lock(archive: ArchiveSettings):
    """One build (or index, or conversion) of an archive at a time: a second waits for the first."""
    return waiting_lock(archive.root / BUILD_LOCK, f"Waiting for another build of {archive.root} to finish…")


def build_archive(settings_file: Path, overrides: dict[str, Any] | None = None) -> BuildReport:
    """Convert every capture, then build the site, its search index and search files, and its crawler files;
    BuildError if Pelican reported errors (after every stage has run)."""
    report = run_pipeline(*load_settings(settings_file, overrides))
    if report.page_errors:
        raise BuildError("Pelican reported errors:\n" + "\n".join(f"  {m}" for m in report.page_errors))
    return report


def run_pipeline(settings: dict, archive: ArchiveSettings) -> BuildReport:
    """The stages, in order, with the settings checked once by :func:`load_settings`. An error in one
    article's page is reported (``page_errors``), and the rest of the archive is built all the same."""
    output = Path(settings["OUTPUT_PATH"])
    with build_lock(archive), survivors_left_alone():
        started = time.perf_counter()
        conversion = convert_all(
            archive.captures_path,
            archive.articles_path,
            archive.root,
            corrections=archive.corrections,
            cache_file=conversion_cache(settings),
        )
        converted = time.perf_counter()
        site = SiteCache(Path(settings["CACHE_PATH"]), output)
        inputs = _site_inputs(settings, archive)
        kept = site.recall(inputs)
        search_index = IndexJob(archive, parallel_processes(len(iter_article_paths(archive.articles_path))))
        beside = kept is None and search_index.processes > 1
        with search_index.beside_pages() if beside else contextlib.nullcontext():
            if kept is not None:  # nothing the pages are made from changed, and they are all still there
                pages, errors = SitePages.from_json(kept), []
            else:
                site.forget()
                pages, errors = build_pages(settings, archive)
        paged = time.perf_counter()
        index, index_seconds = search_index.result()  # made beside the pages, or now
        indexed = time.perf_counter()
        export_static(
            archive.search_index_path,
            output / "search",
            pages.urls,
            page=PageOptions(archive.search_results, archive.search_facet_limit, archive.search_first_page_min_articles),
            period=archive.period,
        )
        exported = time.perf_counter()
        write_crawler_files(output, settings.get("SITEURL") or "", pages.dates)
        if not errors:
            site.save(inputs, pages.to_json())
    return BuildReport(
        conversion=conversion,
        index=index,
        page_errors=tuple(errors),
        output_path=output,
        convert_seconds=converted - started,
        site_seconds=time.perf_counter() - converted,
        pages_seconds=paged - converted,
        pages_kept=kept is not None,
        index_seconds=index_seconds,
        index_beside_pages=beside,
        export_seconds=exported - indexed,
    )


class IndexJob:
    """The search index brought up to date by ``processes`` processes: when its result is asked for,
    or in another process while Pelican makes the pages (``beside_pages``)."""

    def __init__(self, archive: ArchiveSettings, processes: int):
        self.archive = archive
        self.processes = processes
        self._made: tuple[IndexReport, float] | None = None

    @contextlib.contextmanager
    def beside_pages(self):
        """Made in another process while the block runs (the index reads only the article files), with one
        process fewer: Pelican uses one core, the index the others. On a 2-core machine, the 10,000 articles
        of `invoke bench-build`: pages and index in 49 s together, where one after the other took 61 s."""
        # Forked, not spawned: the child starts without importing everything again, before Pelican has made anything to copy.
        with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            made = pool.submit(_timed_index, self.archive, max(1, self.processes - 1), bars=False)
            yield
            self._made = made.result()  # (its error, if it failed, raised here: its traceback is the cause)

    def result(self) -> tuple[IndexReport, float]:
        """What changed in the index, and its seconds."""
        return self._made or _timed_index(self.archive, self.processes)


def _timed_index(archive: ArchiveSettings, processes: int, bars: bool = True) -> tuple[IndexReport, float]:
    started = time.perf_counter()
    with contextlib.nullcontext() if bars else bars_off():  # (no bar beside Pelican's log lines)
        report = update_index(archive.articles_path, archive.search_index_path, archive.corrections, processes)
    return report, time.perf_counter() - started


def conversion_cache(settings: dict) -> Path:
    """Where builds remember their conversions (``convert.cache``): in Pelican's CACHE_PATH, which `invoke clean` empties."""
    return Path(settings["CACHE_PATH"]) / CACHE_FILE


def build_pages(settings: dict, archive: ArchiveSettings) -> tuple[SitePages, list[str]]:
    """Run Pelican with ``settings`` (then minify the theme's scripts it copied); returns what it made of
    the articles, and the errors it logged."""
    pages = SitePages()

    folders: dict[str, Path] = {}  # an article's folder, resolved once (a month's articles share one)

    def collect(generator) -> None:
        for article in generator.articles:
            folder, name = os.path.split(article.source_path)
            if folder not in folders:
                folders[folder] = Path(folder).resolve()
            path = folders[folder] / name
            if path.is_relative_to(archive.articles_path):
                pages.urls[path.relative_to(archive.articles_path).as_posix()] = article.url
            pages.dates[article.url] = getattr(article, "modified", article.date)

    errors = _ErrorCollector()
    pelican_logger = logging.getLogger("pelican")
    pelican_logger.addHandler(errors)
    signals.article_generator_finalized.connect(collect)
    try:
        Pelican(settings).run()
    finally:
        signals.article_generator_finalized.disconnect(collect)
        pelican_logger.removeHandler(errors)
        _forget_pelicans_memos()
    minify_scripts(Path(settings["OUTPUT_PATH"]))
    return pages, errors.messages


def _forget_pelicans_memos() -> None:
    """Empty the caches of Pelican's memoized ``get_content`` and ``get_summary``.

    They are the class's, kept for the life of the process, and keyed by article: each build's
    articles, and the site context each holds, stayed alive after it. A process that builds
    again (`invoke livereload`, a benchmark) kept every build; at 100,000 articles each later
    full garbage collection walked them all, 5-9 s of every search update after a second build.
    """
    for memoized in (Content.get_content, Content.get_summary):
        memoized.cache.clear()


def write_crawler_files(output: Path, siteurl: str, dates: dict[str, dt.datetime]) -> None:
    """robots.txt always; sitemap.xml only for a site that knows its own address (publishconf.py)."""
    write_robots(output, siteurl)
    if is_absolute_url(siteurl):
        write_sitemap(output, siteurl, dates)
    else:
        (output / "sitemap.xml").unlink(missing_ok=True)  # one left by a published build


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
