"""Benchmark: `invoke convert FOLDER` on pages from outside the store, beside converting pages already in it.

NEWSARCHIVE_BENCH_PAGES (default 2,225, the size of the BBC News corpus #19 was
measured on) articles generated as `invoke bench-search` generates them, saved as
HTML pages (NewsArticle JSON-LD, headline, paragraphs; `invoke bench-build`'s
pages) in one folder, without sidecars, as a user's downloads would be. Timed:
importing and converting that folder into an empty project's store, then, in a
second empty project with the same pages already in its store, converting the store.
Each prints pages a second; a folder should cost about what the store does.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsarchive.captures import iter_capture_paths  # noqa: E402
from newsarchive.convert.batch import convert_all  # noqa: E402

PAGES = int(os.environ.get("NEWSARCHIVE_BENCH_PAGES", "2225"))


def main() -> None:
    from benchmarks.build_cost import capture_pages
    from benchmarks.site_search import generate

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        generate(work / "generated", PAGES)
        capture_pages(work / "generated", work / "fetched")
        downloads = work / "downloads"
        downloads.mkdir()
        for n, page in enumerate(iter_capture_paths(work / "fetched")):
            shutil.copyfile(page, downloads / f"page-{n:05d}.html")

        outside = work / "outside"
        started = time.perf_counter()
        from_folder = convert_all(outside / "captures", outside / "articles", outside, folder=downloads)
        folder_seconds = time.perf_counter() - started

        inside = work / "inside"
        shutil.copytree(outside / "captures", inside / "captures")
        started = time.perf_counter()
        from_store = convert_all(inside / "captures", inside / "articles", inside)
        store_seconds = time.perf_counter() - started

    print(f"\n{PAGES:,} pages                                  written  failed  seconds  pages/s")
    for label, report, seconds in (
        ("invoke convert FOLDER (pages from outside)", from_folder, folder_seconds),
        ("the same pages, already in the store", from_store, store_seconds),
    ):
        print(f"{label:<44} {len(report.written):>7,} {len(report.failed):>7,} {seconds:>8.1f} {PAGES / seconds:>8.0f}")


if __name__ == "__main__":
    main()
