"""Benchmark: how long the sample archive takes to convert, build, index and search.

Run with `invoke bench`. Each step runs in a fresh temporary copy of the
project; the table shows the median and the slowest of several runs.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsarchive.articles import render_article  # noqa: E402
from newsarchive.build import build_archive, load_settings  # noqa: E402
from newsarchive.convert.batch import preview  # noqa: E402
from newsarchive.search import search, update_index  # noqa: E402
from tests.support import SAMPLE, make_project, run_invoke  # noqa: E402

RUNS = 5


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def main() -> None:
    rows: dict[str, list[float]] = {}

    def record(name: str, seconds: float) -> None:
        rows.setdefault(name, []).append(seconds)

    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as folder:
            project = make_project(Path(folder))
            settings_file = project / "pelicanconf.py"
            record("convert the sample capture (in memory)", timed(lambda: render_article(preview(SAMPLE, project))))
            report = build_archive(settings_file)
            record("build: convert captures", report.convert_seconds)
            record("build: Pelican site + search index", report.site_seconds)
            record("build: total", report.convert_seconds + report.site_seconds)
            _, archive = load_settings(settings_file)
            record("index: update, nothing changed", timed(lambda: update_index(archive.articles_path, archive.search_index_path)))
            record("search: Witkoff", timed(lambda: search(archive.search_index_path, "Witkoff")))
            record("rebuild with nothing new (convert + site)", timed(lambda: build_archive(settings_file)))
        with tempfile.TemporaryDirectory() as folder:
            project = make_project(Path(folder))
            record("`invoke build` in a fresh project (wall, with start-up)", timed(lambda: run_invoke(project, "build")))
            record("`invoke search Witkoff` (wall, with start-up)", timed(lambda: run_invoke(project, "search", "Witkoff")))

    width = max(len(name) for name in rows)
    print(f"Sample archive, {RUNS} runs each (seconds)\n")
    print(f"{'step':<{width}}  {'median':>8}  {'max':>8}")
    print(f"{'-' * width}  {'-' * 8}  {'-' * 8}")
    for name, seconds in rows.items():
        print(f"{name:<{width}}  {statistics.median(seconds):>8.3f}  {max(seconds):>8.3f}")


if __name__ == "__main__":
    main()
