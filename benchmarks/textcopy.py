"""Benchmark: plain-text page copies ("select all, copy") to articles, on the shared text-copy set.

The 88 copies of ``../shared/textcopy-benchmark/copies`` are Chromium's ``innerText`` of
the extraction benchmark's pages. Each is converted as `invoke convert` converts a
copy given with its address (``--url``) and nothing else; the body is scored with
the extraction benchmark's rule against the same human-written article text. The
title and date are checked against what the HTML converter reads off the page
itself: the title as words (its title, or its first h1, the headline a reader
sees), the date as a day, counted only where the copy prints that day.

Run with `invoke bench-textcopy` (``--errors`` lists the copies whose title or date is wrong).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.extraction import DATA as PAGES  # noqa: E402
from benchmarks.extraction import load_pages, markdown_to_text, score  # noqa: E402
from newsarchive.articles import render_article  # noqa: E402
from newsarchive.convert import ConversionError, convert_capture  # noqa: E402
from newsarchive.records import Article, Capture, Provenance  # noqa: E402

COPIES = ROOT.parent / "shared" / "textcopy-benchmark" / "copies"
FALLBACK_DATE = "1999-12-31"
REFERENCE_POINTS = (("the whole copy, unchanged", 0.711), ("trafilatura 2.3.1 on the copy's lines", 0.729))
"""F1 of two baselines on this set, as ../shared/textcopy-benchmark/README.md gives them."""


def convert_copy(url: str, text: bytes) -> Article | None:
    """The copy converted as `invoke convert --url` converts it; a copy whose date is not found
    gets a feed's date (the sidecar's ``published``), so that its text is scored all the same."""
    capture = Capture(Path("copy.txt"), text, Provenance(requested_url=url, published=FALLBACK_DATE))
    try:
        return convert_capture(capture, "copy.txt")
    except ConversionError:
        return None


def visible_headline(html: bytes) -> str | None:
    """The page's first h1: the headline a reader sees, which its title sometimes is not."""
    from bs4 import BeautifulSoup

    h1 = BeautifulSoup(html, "lxml").find("h1")
    return h1.get_text(" ", strip=True) if h1 else None


def reference(url: str, html: bytes) -> Article | None:
    """The HTML converter's article for the page itself: the title and date to compare with."""
    capture = Capture(Path("page.html"), html, Provenance(requested_url=url))
    try:
        return convert_capture(capture, "page.html")
    except ConversionError:
        return None


def words(title: str | None) -> list[str]:
    return re.findall(r"\w+", (title or "").casefold())


def prints_day(text: str, day: dt.date) -> bool:
    """Whether the copy prints ``day`` in a way a reader sees as that date."""
    month, short = day.strftime("%B"), day.strftime("%b")
    forms = [
        rf"\b(?:{month}|{short}\.?)\s+0?{day.day}(?:st|nd|rd|th)?,?\s+{day.year}",
        rf"\b0?{day.day}\s+(?:{month}|{short}\.?),?\s+{day.year}",
        rf"\b{day.year}-{day.month:02d}-{day.day:02d}",
        rf"\b0?{day.month}/0?{day.day}/(?:{day.year}|{day.year % 100:02d})\b",
        rf"\b0?{day.day}[./]0?{day.month}[./]{day.year}\b",
    ]
    return any(re.search(form, text, re.IGNORECASE) for form in forms)


def main(show_errors: bool = False) -> None:
    if not COPIES.is_dir() or not (PAGES / "ground-truth.json").is_file():
        sys.exit(f"{COPIES}: the text-copy benchmark is not there (it ships in the project's shared folder)")
    pages = load_pages()
    copies = {page_id: (COPIES / f"{page_id}.txt").read_bytes() for page_id, *_ in pages}
    for page_id, url, *_ in pages[:3]:  # warm-up: first imports and caches
        convert_copy(url, copies[page_id])
    started = time.perf_counter()
    articles = {page_id: convert_copy(url, copies[page_id]) for page_id, url, *_ in pages}
    seconds = time.perf_counter() - started
    outputs = {page_id: markdown_to_text(render_article(article)) if article else "" for page_id, article in articles.items()}
    f1, p, r = score(outputs, {page_id: truth for page_id, _, _, truth in pages})

    titles_right, dated, dates_right, errors = 0, 0, 0, []
    for page_id, url, html, _ in pages:
        ours, theirs = articles[page_id], reference(url, html)
        if ours and words(ours.title) and words(ours.title) in (words(theirs.title if theirs else None), words(visible_headline(html))):
            titles_right += 1
        else:
            errors.append(f"{page_id[:8]} title: {ours.title if ours else None!r} (page: {theirs.title if theirs else None!r})")
        if theirs and theirs.date_source == "page" and prints_day(copies[page_id].decode("utf-8"), theirs.date.date()):
            dated += 1
            if ours and ours.date_source == "text" and ours.date.date() == theirs.date.date():
                dates_right += 1
            else:
                errors.append(f"{page_id[:8]} date: {ours.date.date() if ours else None} (page: {theirs.date.date()})")

    print(f"Text-copy benchmark: {len(pages)} copies, one process, one core\n")
    print(f"{'converter':<40} {'F1':>6} {'P':>6} {'R':>6} {'copies/s':>9}")
    print(f"{'-' * 40} {'-' * 6} {'-' * 6} {'-' * 6} {'-' * 9}")
    print(f"{'newsarchive':<40} {f1:>6.3f} {p:>6.3f} {r:>6.3f} {len(pages) / seconds:>9.1f}")
    for name, value in REFERENCE_POINTS:
        print(f"{name:<40} {value:>6.3f}")
    print(f"\nTitle right (as the page's own, word for word): {titles_right}/{len(pages)} ({titles_right / len(pages):.0%})")
    print(f"Date right, where the copy prints the page's date: {dates_right}/{dated} ({dates_right / max(dated, 1):.0%})")
    print(f"Converted: {sum(1 for a in articles.values() if a)}/{len(pages)}")
    if show_errors:
        print("\n" + "\n".join(errors))
    return outputs


if __name__ == "__main__":
    main(show_errors="--errors" in sys.argv)
