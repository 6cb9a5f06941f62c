"""What the invoke tasks do, as plain functions: printable results and clear errors.

``tasks.py`` only declares the tasks; keeping the work here lets tests call it
without invoke and keeps every message in one place.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from newsarchive.articles import render_article
from newsarchive.build import build_archive, load_settings
from newsarchive.convert.batch import ConvertReport, GivenFacts, convert_all, convert_and_store, preview
from newsarchive.records import SearchHit
from newsarchive.search import SearchResults, search, update_index


def convert(
    settings_file: Path,
    path: str,
    given: GivenFacts,
    to_stdout: bool,
    out: TextIO = sys.stdout,
) -> int:
    """Convert one capture, or every capture in a folder; returns the exit status."""
    _, archive = load_settings(settings_file)
    capture = Path(path)
    if capture.is_dir():
        if to_stdout or given != GivenFacts():
            raise ValueError("--url, --date, --source, --tag and --stdout are for one capture, not a folder")
        report = convert_all(archive.captures_path, archive.articles_path, archive.root, folder=capture)
        _print_problems(report)
        print(f"Converted captures: {report.summary()}", file=out)
        return 1 if report.failed else 0
    if not capture.is_file():
        raise ValueError(f"{capture}: no such file or folder")
    if to_stdout:
        out.write(render_article(preview(capture, archive.root, given)))
        return 0
    target, changed = convert_and_store(capture, archive.root, archive.captures_path, archive.articles_path, given)
    shown = target.relative_to(archive.root) if target.is_relative_to(archive.root) else target
    print(f"{'Wrote' if changed else 'Unchanged'}: {shown}", file=out)
    return 0


def build(settings_file: Path, out: TextIO = sys.stdout) -> int:
    """Convert every capture, build the site and its search index."""
    report = build_archive(settings_file)
    _print_problems(report.conversion)
    print(f"Converted captures: {report.conversion.summary()} ({report.convert_seconds:.2f} s)", file=out)
    print(f"Built the site in {report.output_path} ({report.site_seconds:.2f} s)", file=out)
    return 1 if report.conversion.failed else 0


def _print_problems(report: ConvertReport) -> None:
    for skip in report.skipped:
        print(f"note: {skip}", file=sys.stderr)
    for failure in report.failed:
        print(f"error: {failure}", file=sys.stderr)


def index(settings_file: Path, out: TextIO = sys.stdout) -> int:
    """Bring the search index up to date with the article files."""
    _, archive = load_settings(settings_file)
    report = update_index(archive.articles_path, archive.search_index_path)
    print(
        f"Search index: {report.added} added, {report.updated} updated, "
        f"{report.removed} removed, {report.unchanged} unchanged",
        file=out,
    )
    return 0


def run_search(settings_file: Path, query: str, limit: int | None, out: TextIO = sys.stdout) -> int:
    """Print the best hits for ``query``; no hits is an answer, not an error."""
    _, archive = load_settings(settings_file)
    results = search(archive.search_index_path, query, limit or archive.search_results)
    out.write(format_results(results, bold=out.isatty()))
    return 0


def format_results(results: SearchResults, bold: bool = False) -> str:
    """Search results as text for a terminal: matched words in bold there, in **stars** elsewhere."""
    if not results.hits:
        return f"No articles match {results.query!r}.\n"
    shown = len(results.hits)
    lines = [f"{results.total} article{'s' if results.total != 1 else ''} match {results.query!r}"
             + (f" (showing {shown})" if shown < results.total else "") + ":", ""]
    for number, hit in enumerate(results.hits, 1):
        lines.append(f"{number}. {hit.title}")
        lines.append(f"   {hit.date:%Y-%m-%d} · {hit.source} · {hit.source_url or hit.path}")
        if hit.snippet:
            lines.append(f"   {_snippet(hit, bold)}")
        lines.append("")
    return "\n".join(lines)


def _snippet(hit: SearchHit, bold: bool) -> str:
    start, end = ("\033[1m", "\033[0m") if bold else ("**", "**")
    return "".join(f"{start}{part.text}{end}" if part.matched else part.text for part in hit.snippet)
