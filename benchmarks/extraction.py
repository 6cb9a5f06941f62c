"""Benchmark: article-body extraction on the shared extraction benchmark (88 real pages).

Scores our HTML converter and, in the same run, trafilatura's plain ``extract()``,
with the benchmark's own rule (its README): output reduced to plain text, \\w+
tokens, 4-token shingles as multisets, page precision and recall averaged over
pages, F1 from the two means. Prints F1, precision, recall and pages/s.

Run with `invoke bench-extraction` (the data set is read from ../shared).
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import markdown  # noqa: E402
import trafilatura  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402

from newsarchive.articles import render_article  # noqa: E402
from newsarchive.convert import ConversionError, convert_capture  # noqa: E402
from newsarchive.records import Capture, Provenance  # noqa: E402

DATA = ROOT.parent / "shared" / "extraction-benchmark"


def load_pages(data: Path = DATA) -> list[tuple[str, str, bytes, str]]:
    """(id, url, html bytes, human-written article text) for every page."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        (page_id, item["url"], gzip.decompress((data / "html" / f"{page_id}.html.gz").read_bytes()), item["articleBody"])
        for page_id, item in sorted(truth.items())
    ]


def markdown_to_text(text: str) -> str:
    """Our output reduced to plain text: no front matter, no Markdown syntax, no URLs."""
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    html = markdown.markdown(body, extensions=["extra"])
    return BeautifulSoup(html, "html.parser").get_text("\n")


def shingles(text: str) -> Counter:
    tokens = re.findall(r"\w+", text)
    if len(tokens) < 4:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


def score(outputs: dict[str, str], truths: dict[str, str]) -> tuple[float, float, float]:
    """(F1, precision, recall) by the benchmark's rule."""
    precisions, recalls = [], []
    for page_id, truth in truths.items():
        expected, found = shingles(truth), shingles(outputs.get(page_id) or "")
        tp = sum((expected & found).values())
        fp = sum(found.values()) - tp
        fn = sum(expected.values()) - tp
        if tp + fp:
            precisions.append(tp / (tp + fp))
        if tp + fn:
            recalls.append(tp / (tp + fn))
    p = sum(precisions) / len(precisions)
    r = sum(recalls) / len(recalls)
    return 2 * p * r / (p + r), p, r


def ours(url: str, data: bytes) -> str:
    """Our Markdown for the page (front matter and body), as `invoke convert` writes it."""
    capture = Capture(Path("page.html"), data, Provenance(requested_url=url, given_date="2019-11-20"))
    try:
        return render_article(convert_capture(capture, "page.html"))
    except ConversionError:
        return ""


def theirs(url: str, data: bytes) -> str:
    return trafilatura.extract(data) or ""


def run(name: str, extractor: Callable[[str, bytes], str], pages) -> tuple[str, float, float, float, float, dict]:
    """Time the extractor alone; reducing its output to plain text for scoring is not timed."""
    started = time.perf_counter()
    outputs = {page_id: extractor(url, data) for page_id, url, data, _ in pages}
    seconds = time.perf_counter() - started
    outputs = {page_id: markdown_to_text(text) for page_id, text in outputs.items()}
    f1, p, r = score(outputs, {page_id: truth for page_id, _, _, truth in pages})
    return name, f1, p, r, len(pages) / seconds, outputs


def main() -> None:
    if not (DATA / "ground-truth.json").is_file():
        sys.exit(f"{DATA}: the extraction benchmark is not there (it ships in the project's shared folder)")
    pages = load_pages()
    # One warm-up pass each, so neither pays for first imports and caches.
    for _, url, data, _ in pages[:3]:
        ours(url, data)
        theirs(url, data)
    rows = [run("newsarchive", ours, pages), run("trafilatura extract()", theirs, pages)]
    print(f"Extraction benchmark: {len(pages)} pages, one process, one core\n")
    print(f"{'extractor':<24} {'F1':>6} {'P':>6} {'R':>6} {'pages/s':>8}")
    print(f"{'-' * 24} {'-' * 6} {'-' * 6} {'-' * 6} {'-' * 8}")
    for name, f1, p, r, rate, _ in rows:
        print(f"{name:<24} {f1:>6.3f} {p:>6.3f} {r:>6.3f} {rate:>8.1f}")


if __name__ == "__main__":
    main()
