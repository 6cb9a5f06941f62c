"""Benchmark: the site's search against Pagefind's, and the site's size and build, on one generated archive.

Generates the archive deterministically (article lengths, vocabulary, dates and
names drawn from real articles and the gazetteer), builds it with Pelican as it
is published (feeds on, Pelican's content cache), indexes and exports it, indexes
its article pages with Pagefind (the `pagefind` package, used here only), and in
headless Chromium measures, for both, the bytes a first query and later queries
fetch (counted by the local server) and the time from the query to the results
drawn (the median of three rounds, the two pages taking turns); then the time to export, to update the search and rebuild the site after
adding one article; whether our page's top 10 equals `invoke search`'s; `invoke
search`'s time in a process of its own, the index open; the site's bytes by
part; and a site of one year (SITE_PERIOD) beside the whole one.

Run with `invoke bench-search`: 10,000 articles (about 15 minutes on 2 cores);
NEWSARCHIVE_BENCH_ARTICLES=1000 for a quick run, =100000 for the large one (over an hour).
`python -m benchmarks.site_search search-alone` measures the search alone, with no site (index,
whole export, updates after one more article, `invoke search`): at 100,000 about 15 minutes.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsarchive.articles import write_article  # noqa: E402
from newsarchive.build import build_pages, load_settings  # noqa: E402
from newsarchive.collector import survivors_left_alone  # noqa: E402
from newsarchive.entities.gazetteer import default_gazetteer, first_names  # noqa: E402
from newsarchive.publish import PAGES_LIMIT_BYTES  # noqa: E402
from newsarchive.records import Article, Paragraph  # noqa: E402
from newsarchive.search import (  # noqa: E402
    IndexSearcher,
    export_static,
    search,
    search_in,
    update_index,
)
from tests.support import FIXTURES, SAMPLE, make_project  # noqa: E402

ARTICLES = int(os.environ.get("NEWSARCHIVE_BENCH_ARTICLES", "10000"))
MORE_ARTICLES = 6
"""Articles added one at a time after the first one more, each update timed."""
QUERIES = [
    "Witkoff",
    "Zaporizhzhia",
    "Zelensky",
    "Kiev",
    "Trump Putin",
    "person:Putin",
    "place:Kyiv",
    "Moscow sanctions",
    "Rus*",
    "Zap*",
    "ceasefire",
    "tariffs India",
    "energy Azerbaijan",
    "Odesa",
    "Odessa",
    "Kharkiv",
    "Kharkov",
    "source:VOA",
    "year:2023",
    "Lavrov",
    "Sergey Lavrov",
    "Donetsk Luhansk",
    "drones",
    "Istanbul talks",
    "Medvedev",
    "Rubio",
    "Beijing China",
    "Kherson region",
    "Zaporozhye",
    "oil prices",
    '"said president"',
    '"people said"',
    "Zelenksy",  # a slip: nothing matches, and names are suggested
    "Witkof",
]


NEWS_TEXT = ROOT.parent / "shared" / "extraction-benchmark" / "ground-truth.json"


def vocabulary() -> list[str]:
    """Words as often as they occur in real news: the 88 articles of ../shared's extraction
    benchmark (36,700 words, 7,700 distinct), else this repository's two sample articles. Lower-case words
    only, each whole: a capitalised word's tail ("rump" of Trump) is no word of the text."""
    if NEWS_TEXT.exists():
        text = " ".join(page["articleBody"] for page in json.loads(NEWS_TEXT.read_text(encoding="utf-8")).values())
    else:
        text = SAMPLE.read_text(encoding="utf-8") + (FIXTURES / "polygraph-fact-check-al-tanf.html").read_text(encoding="utf-8")
    return re.findall(r"\b[a-z][a-z'-]{2,}", re.sub(r"<[^>]+>", " ", text))


# Words the benchmark's queries ask for that the vocabulary has seldom or never: each goes into
# about one article in forty, so that every query but the two slips below finds something.
TOPICAL = ["ceasefire", "sanctions", "energy", "talks", "region", "drones", "prices", "oil"]
QUERIED_PLACES = ["Moscow", "Donetsk", "Luhansk", "Kherson", "Azerbaijan", "Beijing", "China", "India", "Istanbul"]


def generate(articles_dir: Path, count: int, seed: int = 7) -> None:
    """``count`` articles of 200 to 900 words, 2022-2025, five sources, names and places among them."""
    rng = random.Random(seed)
    words = vocabulary()
    words += [word for word in TOPICAL for _ in range(len(words) // 15_000)]
    given = [*sorted(n for n in first_names() if len(n) > 3)[::40], "Sergey"]
    surnames = [
        "Putin",
        "Zelenskyy",
        "Zelensky",
        "Witkoff",
        "Lavrov",
        "Medvedev",
        "Rubio",
        "Shmyhal",
        "Kuleba",
        "Yermak",
        "Peskov",
        "Fedorov",
        "Saakyan",
        "Hardie",
        "Rutte",
        "Ushakov",
        "Leavitt",
        "Trump",
        "Kim",
    ]
    surnames += [w.title() for w in rng.sample(words, 200)]
    places = [p.name for p in default_gazetteer().places if p.kind in ("country", "city") and (p.population or 0) > 400_000][:600]
    places += ["Zaporizhzhia", "Zaporizhzhya", "Zaporozhye", "Kyiv", "Kiev", "Odesa", "Odessa", "Kharkiv", "Kharkov", *QUERIED_PLACES]
    sources = ["RFE/RL", "Polygraph.info", "Current Time", "VOA", "Example News"]
    start = 1640995200  # 2022-01-01
    import datetime as dt

    for n in range(count):
        people = [f"{rng.choice(given)} {rng.choice(surnames)}" for _ in range(rng.randint(2, 6))]
        where = rng.sample(places, rng.randint(2, 6))
        paragraphs = []
        for _ in range(rng.randint(4, 14)):
            sentence = [rng.choice(words) for _ in range(rng.randint(40, 70))]
            for name in rng.sample(people + where, 3):
                sentence.insert(rng.randrange(len(sentence)), name)
            text = " ".join(sentence)  # (its names keep their capitals, as news writes them)
            paragraphs.append(Paragraph(text[:1].upper() + text[1:] + "."))
        date = dt.datetime.fromtimestamp(start + rng.randrange(4 * 365 * 86400), dt.UTC)
        article = Article(
            title=" ".join(rng.choice(words) for _ in range(rng.randint(5, 11))).capitalize() + f" {where[0]}",
            date=date,
            date_source="sidecar",
            source=rng.choice(sources),
            body=tuple(paragraphs),
            source_url=f"https://news.example/{n}",
            # No capture: written straight into the articles folder, as by hand, so that the
            # build (whose conversion removes articles whose captures are gone) keeps them.
            people=tuple(dict.fromkeys(people)),
            places=tuple(dict.fromkeys(where)),
        )
        write_article(article, articles_dir)


class CountingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site and counts the bytes of every response, by path."""

    sent: list[tuple[str, int]] = []

    def copyfile(self, source, outputfile):
        data = source.read()
        CountingHandler.sent.append((urllib.parse.urlsplit(self.path).path, len(data)))
        try:
            outputfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page moved on (a new query) before the answer was read

    def log_message(self, *args):
        pass


PAGEFIND_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Pagefind</title></head><body>
<input id="q"><ol id="results"></ol><script type="module">
const pagefind = await import("/pagefind/pagefind.js");
await pagefind.init();
window.runQuery = async (q) => {
  const found = await pagefind.search(q);
  const data = await Promise.all(found.results.slice(0, 10).map(r => r.data()));
  const list = document.getElementById("results"); list.textContent = "";
  for (const d of data) { const li = document.createElement("li"); li.textContent = d.meta.title || d.url; list.appendChild(li); }
  return data.length;
};
window.pagefindReady = true;
</script></body></html>"""


@contextlib.contextmanager
def counted_site(output: Path):
    """The built site served on 127.0.0.1, every response's bytes counted (``CountingHandler``), and
    headless Chromium (Debian's): yields the site's address and the browser."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(CountingHandler, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
            )
            yield f"http://127.0.0.1:{server.server_address[1]}", browser
            browser.close()
    finally:
        server.shutdown()
        server.server_close()


def measure_queries(browser, url: str, asked: list[str], ours: bool) -> list[tuple[int, int, float]]:
    """(bytes, requests, ms to the full top 10) of each query in turn, in one page; the first counts what the page fetched for search since it loaded."""
    context = browser.new_context()
    page = context.new_page()
    CountingHandler.sent.clear()
    if ours:
        page.goto(url + "/search/")
    else:
        page.goto(url + "/pagefind-bench.html")
        page.wait_for_function("window.pagefindReady === true")
    figures = []
    for number, query in enumerate(asked):
        if number:
            CountingHandler.sent.clear()
        if ours:
            # The page notes the time itself when the results are drawn, and the test polls for it: an
            # evaluate awaiting a promise that an observer resolves failed at times, Chromium reporting
            # the promise "garbage collected" (2026-12-02).
            page.evaluate(
                """(q) => {
                  const status = document.getElementById('search-status');
                  const results = document.getElementById('search-results');
                  const before = status.textContent;
                  // Drawn in full: the status changed, and every result shown has its snippet.
                  const done = () => status.textContent && status.textContent !== before &&
                    results.querySelectorAll('.snippet').length === results.querySelectorAll('h2').length;
                  window.benchElapsed = null;
                  window.benchObserver = new MutationObserver(() => {
                    if (done()) { window.benchObserver.disconnect(); window.benchElapsed = performance.now() - window.benchStart; }
                  });
                  window.benchObserver.observe(document.body, { childList: true, characterData: true, subtree: true });
                  window.benchStart = performance.now();
                  document.getElementById('search-input').value = q;
                  document.getElementById('search-form').requestSubmit();
                }""",
                query,
            )
            elapsed = page.wait_for_function("window.benchElapsed", timeout=60_000).json_value()
        else:
            elapsed = page.evaluate(
                "async (q) => { const t0 = performance.now(); await window.runQuery(q); return performance.now() - t0; }", query
            )
        page.wait_for_timeout(400)  # facets finish loading: their requests count too
        # What the search fetched: not the page, its style sheet or the site's icon.
        searched = [(path, size) for path, size in CountingHandler.sent if not path.endswith((".html", ".css", ".svg", ".ico", "/"))]
        figures.append((sum(size for _, size in searched), len(searched), elapsed))
    context.close()
    return figures


def summarised(figures: list[tuple[int, int, float]]) -> tuple[int, int, float]:
    """(bytes of the first query, most bytes of a later query, median ms to the full top 10) of ``measure_queries``' figures."""
    times = sorted(ms for _, _, ms in figures)
    return figures[0][0], max(size for size, _, _ in figures[1:]), times[len(times) // 2]


def as_pagefind_query(query: str) -> str:
    """The query as Pagefind takes it: no filters, no wildcards."""
    return re.sub(r"\w+:", "", query).replace("*", "")


ROUNDS = 3
"""Times each query is asked on each page, taking turns (a new browser context each time, so each round starts
with nothing cached): one pass of ten queries a page left which page was faster to chance."""


def page_figures(output: Path, asked: list[str], pagefind: bool, top: list[str]) -> dict:
    """``measure_queries``' figures of ``asked`` in our page and (with ``pagefind``) in Pagefind's, and our page's
    top 10 titles of each of ``top``, on the built site served here: each query's bytes and requests as the first
    round fetched them, its milliseconds the median of ``ROUNDS``, the two pages taking turns."""
    pagefind_asked = [as_pagefind_query(q) for q in asked]
    with counted_site(output) as (url, browser):
        ours, theirs = [], []
        for _ in range(ROUNDS):
            ours.append(measure_queries(browser, url, asked, ours=True))
            if pagefind:
                theirs.append(measure_queries(browser, url, pagefind_asked, ours=False))
        return {
            "ours": over_rounds(ours),
            "theirs": over_rounds(theirs) if pagefind else None,
            "top": top10_in_page(browser, url, top),
        }


def over_rounds(rounds: list[list[tuple[int, int, float]]]) -> list[tuple[int, int, float]]:
    """Each query's (bytes, requests) of the first round and its median milliseconds over all the rounds."""
    return [(runs[0][0], runs[0][1], statistics.median(ms for _, _, ms in runs)) for runs in zip(*rounds, strict=True)]


def page_figures_alone(output: Path, asked: list[str], pagefind: bool = True, top: tuple[str, ...] = ()) -> dict:
    """``page_figures`` in a process of its own: the site is served by a process that does not also hold a
    whole build's objects, as a static host does not."""
    return json.loads(_alone("page-figures", str(output), json.dumps([asked, pagefind, list(top)])))


def _alone(*arguments: str) -> str:
    """What this module prints when run with ``arguments``, in a process of its own."""
    command = [sys.executable, "-m", "benchmarks.site_search", *arguments]
    return subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout


def top10_in_page(browser, url: str, queries: list[str]) -> list[list[str]]:
    context = browser.new_context()
    page = context.new_page()
    found = []
    for query in queries:
        page.goto(f"{url}/search/?q={urllib.parse.quote(query)}")
        page.wait_for_function("document.getElementById('search-status').textContent.length > 0")
        found.append(page.locator("#search-results h2").all_inner_texts())
    context.close()
    return found


def cli_timings(index_dir: Path, rounds: int = 5) -> tuple[float, float, float, float]:
    """p50 and p95 milliseconds of `invoke search`'s query in one process with the index open
    (``search_in``; opening it is a cost per process, not per query), over the benchmark's
    queries, after one warm-up round; and the milliseconds of opening the index and running
    the first query, as one `invoke search` does, and of opening it for a slip (Zelenksy: no
    match, so names are suggested, which reads every name of the index)."""
    first, slip = (opened_and_asked(index_dir, query) for query in (QUERIES[0], "Zelenksy"))
    times = []
    with IndexSearcher(index_dir) as index:
        for query in QUERIES:
            search_in(index, query, 10)
        for _ in range(rounds):
            for query in QUERIES:
                started = time.perf_counter()
                search_in(index, query, 10)
                times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return times[len(times) // 2], times[int(len(times) * 0.95)], first, slip


def opened_and_asked(index_dir: Path, query: str) -> float:
    """Milliseconds of opening the index and answering ``query``, as one `invoke search` does."""
    started = time.perf_counter()
    with IndexSearcher(index_dir) as index:
        search_in(index, query, 10)
    return (time.perf_counter() - started) * 1000


# The published site's feeds and minified pages (publishconf.py's), with relative links so the local
# server serves it; and Pelican's content cache, as publishconf.py keeps it between builds.
PUBLISHED = {
    "MINIFY_HTML": True,
    "FEED_DOMAIN": "https://archive.example",
    "FEED_ALL_ATOM": "feeds/all.atom.xml",
    "CATEGORY_FEED_ATOM": "feeds/sources/{slug}.atom.xml",
    "TAG_FEED_ATOM": "feeds/tags/{slug}.atom.xml",
    "CACHE_CONTENT": True,
    "LOAD_CONTENT_CACHE": True,
    "CHECK_MODIFIED_METHOD": "md5",
}
ARTICLE_PAGES = "20*/*/*/index.html"
"""The article pages (YYYY/MM/slug/): what Pagefind indexes, as our search does (not the lists of them)."""


def report(line: str) -> None:
    """A figure as soon as it is known: a long run that fails late keeps what it measured."""
    print(line, flush=True)


def site_parts(output: Path) -> dict[str, int]:
    """Bytes of the built site, by what they are."""
    parts: dict[str, int] = {}
    for path in output.rglob("*"):
        if path.is_file():
            top = path.relative_to(output).parts[0]
            depth = len(path.relative_to(output).parts)
            kind = "article pages" if top[:2] == "20" and depth == 4 else "dates" if top[:2] == "20" else top
            kind = (
                kind
                if kind in ("article pages", "dates", "people", "places", "feeds", "search", "sources", "tags", "pagefind")
                else "other"
            )
            parts[kind] = parts.get(kind, 0) + path.stat().st_size
    return parts


@dataclass(frozen=True)
class PagefindRun:
    returncode: int
    seconds: float
    peak_mb: float  # the most memory its process held (resident, its largest process)


def index_with_pagefind(output: Path) -> PagefindRun:
    """Pagefind's index of the site's article pages, timed, with its peak memory."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "pagefind", "--site", str(output), "--glob", ARTICLE_PAGES, "--quiet"])
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return PagefindRun(process.returncode, time.perf_counter() - started, usage.ru_maxrss / 1024)


def digests(output: Path) -> dict[str, str]:
    """The site's files (not Pagefind's, which the benchmark adds) and their hashes."""
    files = (p for p in output.rglob("*") if p.is_file() and not p.relative_to(output).as_posix().startswith("pagefind"))
    return {p.relative_to(output).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def main() -> None:

    with tempfile.TemporaryDirectory() as folder:
        project = make_project(Path(folder) / "project", captures={})
        settings_file = project / "pelicanconf.py"
        settings, archive = load_settings(settings_file, {**PUBLISHED, "CACHE_PATH": str(project / "cache")})
        output = Path(settings["OUTPUT_PATH"])
        started = time.perf_counter()
        generate(archive.articles_path, ARTICLES)
        report(f"Site search: {ARTICLES:,} generated articles (generated in {time.perf_counter() - started:.0f} s)")
        # As `invoke build` runs them: what survives a full collection left out of the later ones.
        with survivors_left_alone():
            pelican_seconds = timed(lambda: build_pages(settings, archive))
            report(f"Pelican, the whole site: {pelican_seconds:.0f} s")
            index_seconds = timed(lambda: update_index(archive.articles_path, archive.search_index_path))
            report(f"Search index (Whoosh), whole: {index_seconds:.0f} s")
            started = time.perf_counter()
            export_static(archive.search_index_path, output / "search", _urls(archive.articles_path), whole=True)
            export_seconds = time.perf_counter() - started
        report(f"Search files, whole export: {export_seconds:.1f} s")
        # Pagefind may not fit the machine's memory at the largest size: then it is said so, and the rest measured.
        # NEWSARCHIVE_BENCH_PAGEFIND=0 leaves it out (it needs about 0.3 MB a page: about 30 GB for 100,000).
        pagefind = index_with_pagefind(output) if os.environ.get("NEWSARCHIVE_BENCH_PAGEFIND", "1") != "0" else None
        pagefind_seconds = pagefind.seconds if pagefind and pagefind.returncode == 0 else None
        report(
            "Pagefind, the article pages: not run (NEWSARCHIVE_BENCH_PAGEFIND=0)"
            if pagefind is None
            else f"Pagefind, the article pages: {pagefind.seconds:.1f} s, peak memory {pagefind.peak_mb:,.0f} MB"
            if pagefind.returncode == 0
            else f"Pagefind, the article pages: exit {pagefind.returncode} after {pagefind.seconds:.0f} s "
            f"(-9: killed, out of memory), peak memory {pagefind.peak_mb:,.0f} MB"
        )
        parts = site_parts(output)
        export_files = sum(1 for _ in (output / "search").rglob("*.json.gz"))
        pagefind_bytes = parts.pop("pagefind", 0)
        site_bytes = sum(parts.values())
        report(
            f"The site as published (feeds on), without Pagefind: {site_bytes / 1e6:,.0f} MB, {site_bytes / ARTICLES / 1000:.1f} KB an article"
        )
        for kind, size in sorted(parts.items(), key=lambda item: -item[1]):
            report(f"  {kind:<16} {size / 1e6:>10,.1f} MB {size / ARTICLES / 1000:>8.1f} KB an article")
        report(f"Export: {export_files:,} files, {parts['search']:,} bytes. Pagefind: {pagefind_bytes:,} bytes.")
        (output / "pagefind-bench.html").write_text(PAGEFIND_PAGE)

        # One article more: the index and the search files.
        one_more_article = functools.partial(
            add_one_article, archive.articles_path, archive.search_index_path, output / "search", Path(folder) / "extra"
        )

        update_seconds, written = one_more_article(99)
        report(f"Search, update after one more article: {update_seconds:.1f} s ({written:,} files rewritten)")

        in_page = page_figures_alone(output, QUERIES[:10], pagefind=pagefind_seconds is not None, top=tuple(QUERIES))
        ours = summarised(in_page["ours"])
        theirs = summarised(in_page["theirs"]) if in_page["theirs"] else None
        cli_top = [[hit.title for hit in search(archive.search_index_path, q, 10).hits] for q in QUERIES]
        same = sum(1 for a, b in zip(in_page["top"], cli_top, strict=True) if a == b)
        # In a process of its own, as `invoke search` runs: not in this one, which holds the build's objects.
        in_process = tuple(float(value) for value in _alone("cli-timings", str(archive.search_index_path)).split())

        def column(value, form: str) -> str:
            return format(value, form) if value is not None else "–"

        print(f"\n{'':<34} {'newsarchive':>12} {'Pagefind':>12}")
        print(f"{'first query, bytes':<34} {ours[0]:>12,} {column(theirs and theirs[0], '>12,')}")
        print(f"{'later query, most bytes':<34} {ours[1]:>12,} {column(theirs and theirs[1], '>12,')}")
        print(f"{'to the full top 10, median ms':<34} {ours[2]:>12.0f} {column(theirs and theirs[2], '>12.0f')}")
        print(f"{'build the index, s':<34} {export_seconds:>12.1f} {column(pagefind_seconds, '>12.1f')}")
        print(f"{'update after one more article, s':<34} {update_seconds:>12.1f}")
        print(f"{'invoke search in process, p50 ms':<34} {in_process[0]:>12.2f}")
        print(f"{'invoke search in process, p95 ms':<34} {in_process[1]:>12.2f}")
        print(f"{'invoke search, open + 1st query ms':<34} {in_process[2]:>12.0f}")
        print(f"{'invoke search, open + a slip ms':<34} {in_process[3]:>12.0f}")
        print(f"Top 10 equal to `invoke search`: {same}/{len(QUERIES)} queries.", flush=True)
        different = [q for q, a, b in zip(QUERIES, in_page["top"], cli_top, strict=True) if a != b]
        if different:
            print("Different: " + ", ".join(different), flush=True)
        print(f"GitHub Pages' 1 GB holds about {int(PAGES_LIMIT_BYTES / (site_bytes / ARTICLES)):,} articles at this size.", flush=True)

        # Pelican again after the one more article (its content cache reads only the new one).
        before = digests(output)
        rebuild_seconds = timed(lambda: build_pages(settings, archive))
        after = digests(output)
        changed = sum(1 for name, digest in after.items() if before.get(name) != digest) + len(before.keys() - after.keys())
        report(
            f"Pelican: whole site {pelican_seconds:.0f} s; after one more article {rebuild_seconds:.0f} s, {changed:,} of {len(after):,} files differ."
        )

        # More articles one at a time, as an archive grows: an update keeps the changes in meta.json, and one
        # that takes them past RECENT_BYTES writes some into their term files (after Pelican: it changes the index).
        updates = [one_more_article(seed) for seed in range(100, 100 + MORE_ARTICLES)]
        report(
            f"Search, {MORE_ARTICLES} more articles one at a time (index and export): "
            + ", ".join(f"{seconds:.1f} s ({written:,} files)" for seconds, written in updates)
        )

        # A site of one year, as SITE_PERIOD publishes it, beside the whole one: last, as its export takes the index's
        # one export state (an export to another folder or period), and the whole site's next update is then a whole export.
        year = str(max(int(p.name) for p in archive.articles_path.iterdir() if p.name.isdigit() and int(p.name) < 2030))
        period_settings, period_archive = load_settings(
            settings_file, {**PUBLISHED, "CACHE_PATH": str(project / "cache"), "SITE_PERIOD": year, "OUTPUT_PATH": str(project / "period")}
        )
        period_seconds = timed(lambda: build_pages(period_settings, period_archive))
        period_seconds += timed(
            lambda: export_static(
                archive.search_index_path, project / "period" / "search", _urls(archive.articles_path), period=period_archive.period
            )
        )
        period_articles = sum(1 for p in (archive.articles_path / year).rglob("*.md"))
        period_bytes = sum(site_parts(project / "period").values())
        report(
            f"SITE_PERIOD={year}: {period_articles:,} articles, {period_bytes / 1e6:,.0f} MB "
            f"({period_bytes / max(period_articles, 1) / 1000:.1f} KB an article), built and exported in {period_seconds:.0f} s."
        )


def add_one_article(articles_dir: Path, index_dir: Path, search_dir: Path, scratch: Path, seed: int) -> tuple[float, int]:
    """A generated article added (in 2030/01), then the index and the export updated in a process of their own, as
    `invoke build` runs them, with nothing cached from an earlier update: (seconds, files written), Python's start
    and imports not counted (timed in the benchmark's process, an update found the caches of the one before warm)."""
    seconds, written = _alone("one-more-article", *map(str, (articles_dir, index_dir, search_dir, scratch, seed))).split()
    return float(seconds), int(written)


def _add_one_article_here(articles_dir: Path, index_dir: Path, search_dir: Path, scratch: Path, seed: int) -> tuple[float, int]:
    shutil.rmtree(scratch, ignore_errors=True)
    generate(scratch, 1, seed=seed)
    (one,) = scratch.rglob("*.md")
    added = articles_dir / "2030" / "01"
    added.mkdir(parents=True, exist_ok=True)
    (added / f"{seed}-{one.name}").write_bytes(one.read_bytes())
    urls = _urls(articles_dir)  # (a build has them from Pelican: not a scan of the articles, not timed)
    started = time.perf_counter()
    with survivors_left_alone():
        update_index(articles_dir, index_dir)
        written = export_static(index_dir, search_dir, urls).written
    return time.perf_counter() - started, written


def search_alone() -> None:
    """The search's part of the benchmark alone, with no site (no Pelican, no pages timed, no Pagefind): the
    index, the whole export, an update after one more article and the six after it, `invoke search`'s timings."""
    with tempfile.TemporaryDirectory() as folder:
        articles_dir, index_dir, search_dir = (Path(folder) / name for name in ("articles", "index", "search"))
        generate(articles_dir, ARTICLES)
        report(f"Search alone: {ARTICLES:,} generated articles")
        with survivors_left_alone():
            report(f"Search index (Whoosh), whole: {timed(lambda: update_index(articles_dir, index_dir)):.0f} s")
            urls = _urls(articles_dir)
            report(f"Search files, whole export: {timed(lambda: export_static(index_dir, search_dir, urls, whole=True)):.1f} s")
        updates = [add_one_article(articles_dir, index_dir, search_dir, Path(folder) / "extra", seed) for seed in (99, *range(100, 106))]
        report(
            f"Search, update after one more article: {updates[0][0]:.1f} s ({updates[0][1]:,} files); the next "
            f"{len(updates) - 1} one at a time: " + ", ".join(f"{seconds:.1f} s ({written:,} files)" for seconds, written in updates[1:])
        )
        p50, p95, first, slip = (float(value) for value in _alone("cli-timings", str(index_dir)).split())
        report(
            f"invoke search in process: p50 {p50:.2f} ms, p95 {p95:.2f} ms; open + 1st query {first:.0f} ms, open + a slip (Zelenksy) {slip:.0f} ms"
        )


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def _urls(articles_dir: Path) -> dict[str, str]:
    """Article file -> its URL in the site (pelicanconf's ARTICLE_URL: year/month/slug/)."""
    return {p.relative_to(articles_dir).as_posix(): f"{p.parent.parent.name}/{p.parent.name}/{p.stem}/" for p in articles_dir.rglob("*.md")}


if __name__ == "__main__":
    if sys.argv[1:2] == ["cli-timings"]:
        print(*cli_timings(Path(sys.argv[2])))
    elif sys.argv[1:2] == ["one-more-article"]:
        print(*_add_one_article_here(*map(Path, sys.argv[2:6]), int(sys.argv[6])))
    elif sys.argv[1:2] == ["search-alone"]:
        search_alone()
    elif sys.argv[1:2] == ["page-figures"]:
        print(json.dumps(page_figures(Path(sys.argv[2]), *json.loads(sys.argv[3]))))
    else:
        main()
