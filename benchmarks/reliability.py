"""Benchmark: the reliability suite. Hostile pages, kill -9 at every stage, runs at once, bad input.

Run with `invoke bench-reliability`; it prints a table (group, cases, passed) and
every failed case. `tests/test_reliability.py` runs a small part of each group in CI.

- **xss**: every payload in every field a page, a page copy and a sidecar have; the
  site is built and every page loaded in Chromium, which records dialogs, requests that
  leave the site, and any handler, script address or frame in the DOM.
- **kill -9**: a build (or fetch, or gh-pages) killed at a point of each stage, then
  run again; the site must equal a clean build of the same captures, every capture
  must still read, and the gh-pages branch must hold the whole site.
- **at once**: builds, an index and fetches started together.
- **bad input**: the inputs that once stopped a build or a fetch, end to end through `invoke`.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsarchive.captures import iter_capture_paths, load_capture  # noqa: E402
from tests.support import FIXTURES, copy_captures, kill_during, make_project, run_invoke, text_copy  # noqa: E402

# ---------------------------------------------------------------- the hostile corpus

# Each payload runs {js} (an alert naming its case) if anything lets it through; {n} names the case too.
PAYLOADS = (
    "<script>{js}</script>",
    "<SCRIPT SRC=//evil.example/{n}.js></SCRIPT>",
    "<img src=x onerror={js}>",
    '<img src=x onerror="{js}">',
    '<IMG SRC="javascript:{js}">',
    "<img src=`javascript:{js}`>",
    "<svg onload={js}>",
    "<svg><script>{js}</script></svg>",
    "<body onload={js}>",
    '<iframe src="javascript:{js}"></iframe>',
    '<iframe srcdoc="<script>{js}</script>"></iframe>',
    '<a href="javascript:{js}">click</a>',
    '<a href="  JAVASCRIPT:{js}">click</a>',
    '<a href="java&#x09;script:{js}">click</a>',
    '<a href="jav&#97;script:{js}">click</a>',
    '<a href="data:text/html,<script>{js}</script>">click</a>',
    '<a href="vbscript:msgbox({n})">click</a>',
    "<details open ontoggle={js}>",
    "<input autofocus onfocus={js}>",
    "<select autofocus onfocus={js}>",
    "<textarea autofocus onfocus={js}>",
    '<video><source onerror="{js}">',
    "<audio src=x onerror={js}>",
    '<object data="javascript:{js}"></object>',
    '<embed src="javascript:{js}">',
    '<form action="javascript:{js}"><button>go</button></form>',
    '<button formaction="javascript:{js}">go</button>',
    "<math><mtext></mtext><mglyph><svg><mtext><style><img src=x onerror={js}></style></mtext></svg></mglyph></math>",
    "<marquee onstart={js}>",
    '<div style="background:url(javascript:{js})">x</div>',
    '<div style="width:expression({js})">x</div>',
    '<meta http-equiv="refresh" content="0;url=javascript:{js}">',
    '<base href="javascript:{js}//">',
    '<link rel=import href="//evil.example/{n}">',
    "<isindex type=image src=1 onerror={js}>",
    '"><script>{js}</script>',
    "'><script>{js}</script>",
    "</title><script>{js}</script>",
    "</textarea><script>{js}</script>",
    "</script><script>{js}</script>",
    "--><script>{js}</script>",
    "]]><script>{js}</script>",
    '" onmouseover="{js}" x="',
    "' onmouseover='{js}' x='",
    '" autofocus onfocus="{js}" x="',
    "javascript:{js}",
    "JaVaScRiPt:{js}",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==#{n}",
    "[click](javascript:{js})",
    "![x](javascript:{js})",
    "<javascript:{js}>",
    "[x]: javascript:{js}",
    '{{: onclick="{js}" }}',
    "{{{{7*7}}}} {{% raw %}}{js}{{% endraw %}}",
    "${{{js}}}",
    "<img src=//evil.example/{n}.png>",
    "<link rel=stylesheet href=//evil.example/{n}.css>",
    "<style>@import '//evil.example/{n}.css';</style>",
    "\u202e<script>{js}</script>",
    "<scr<script>ipt>{js}</scr</script>ipt>",
    "&lt;script&gt;{js}&lt;/script&gt;",
    "%3Cscript%3E{js}%3C/script%3E",
    '<noscript><p title="</noscript><img src=x onerror={js}>">',
)

HTML_FIELDS = (
    "title",
    "og:title",
    "description",
    "ld:headline",
    "ld:author",
    "section",
    "body html",
    "body text",
    "link href",
    "canonical",
    "og:image",
    "figcaption",
    "sidecar source",
)
TEXT_FIELDS = ("copy title", "copy body", "copy caption", "sidecar tags")
LOCAL = "127.0.0.1"
CLEAN = re.compile(r"(?:alert|confirm|prompt)\((\d+)\)|evil\.example/(\d+)|msgbox\((\d+)\)")


def marker(payload: int, field: int) -> int:
    return 10_000 + payload * 100 + field


def fill(template: str, number: int) -> str:
    return template.format(js=f"alert({number})", n=number)


@dataclass(frozen=True)
class Outcome:
    group: str
    case: str
    passed: bool
    detail: str = ""


def hostile_captures(folder: Path, payloads: tuple[str, ...]) -> dict[str, Path]:
    """A page and a page copy per payload, the payload in each of their fields (and sidecars)."""
    captures = {}
    for p, template in enumerate(payloads):
        v = {field: fill(template, marker(p, f)) for f, field in enumerate(HTML_FIELDS)}
        attr = {k: value.replace("&", "&amp;").replace('"', "&quot;") for k, value in v.items()}
        text = {k: value.replace("&", "&amp;").replace("<", "&lt;") for k, value in v.items()}
        ld = json.dumps(
            {
                "@type": "NewsArticle",
                "headline": f"Zorblat {v['ld:headline']}",
                "author": {"@type": "Person", "name": f"Ann Lee {v['ld:author']}"},
                "datePublished": "2025-03-01T08:00:00Z",
            }
        ).replace("</", "<\\/")
        paragraphs = "".join(
            f"<p>Paragraph {k} on Zorblat: the river rose {k} metres overnight and the town moved its people to the school.</p>"
            for k in range(6)
        )
        page = (
            f"<!doctype html><html><head><meta charset='utf-8'><title>Zorblat {text['title']}</title>"
            f"<meta property='og:title' content=\"Zorblat {attr['og:title']}\"><meta name='description' content=\"{attr['description']}\">"
            f"<meta property='article:section' content=\"{attr['section']}\"><link rel='canonical' href=\"{attr['canonical']}\">"
            f"<meta property='og:image' content=\"{attr['og:image']}\"><script type='application/ld+json'>{ld}</script></head>"
            f"<body><article><h1>Zorblat {text['title']}</h1>{paragraphs}<p>Said {v['body html']} in the town.</p>"
            f'<p>Wrote {text["body text"]} to the council.</p><p>See <a href="{attr["link href"]}">the report</a> on the flood.</p>'
            f"<figure><img src='https://img.example/a.jpg'><figcaption>{text['figcaption']}</figcaption></figure></article></body></html>"
        )
        name = f"xss/page-{p:03d}.html"
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(page, encoding="utf-8")
        (folder / f"{name}.json").write_text(
            json.dumps(
                {
                    "requested_url": f"https://news.example/{p}",
                    "given_source": f"Example {v['sidecar source']}",
                }
            ),
            encoding="utf-8",
        )
        captures[name] = folder / name
        t = {field: fill(template, marker(p, len(HTML_FIELDS) + f)) for f, field in enumerate(TEXT_FIELDS)}
        copy = (
            f"Zorblat flood {t['copy title']}\n\n{t['copy caption']}\n{t['copy caption']}\n\n"
            f"The river near Zorblat rose two metres overnight, officials said {t['copy body']} on Monday.\n\n"
            "It was the worst flood in a century, and the town moved its people to the school on the hill.\n"
        )
        name = f"xss/copy-{p:03d}.txt"
        (folder / name).write_text(copy, encoding="utf-8")
        (folder / f"{name}.json").write_text(
            json.dumps(
                {
                    "given_date": "2025-03-02",
                    "given_source": "Example Copies",
                    "tags": [f"flood {t['sidecar tags']}"],
                }
            ),
            encoding="utf-8",
        )
        captures[name] = folder / name
    return captures


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer((LOCAL, 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://{LOCAL}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


_DOM_DANGERS = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) found.push(el.tagName + ' ' + a.name + '=' + a.value);
      if (['href', 'src', 'action', 'formaction', 'data', 'srcdoc', 'poster', 'background'].includes(a.name)
          && (/^\\s*(javascript|data|vbscript):/i.test(a.value) || a.name === 'srcdoc')) found.push(el.tagName + ' ' + a.name + '=' + a.value);
      if (a.name === 'style' && /url\\(|expression/i.test(a.value)) found.push(el.tagName + ' style=' + a.value);
    }
    if (['IFRAME', 'OBJECT', 'EMBED', 'FRAME', 'BASE', 'STYLE'].includes(el.tagName)) found.push(el.tagName + ' ' + el.outerHTML.slice(0, 120));
    if (el.tagName === 'META' && el.httpEquiv) found.push('META ' + el.outerHTML.slice(0, 120));
    if (el.tagName === 'SCRIPT' && !/\\/theme\\/js\\/search\\.js$/.test(el.src)) found.push('SCRIPT ' + el.outerHTML.slice(0, 120));
  }
  return found;
}"""


def xss(work: Path, browser, payloads: tuple[str, ...] = PAYLOADS, page_limit: int | None = None) -> list[Outcome]:
    """Build a site from the hostile corpus and load its pages in Chromium; a case passes if its payload never ran."""
    from newsarchive.build import build_archive

    captures = hostile_captures(work / "corpus", payloads)
    project = make_project(work / "site", captures=captures)
    build_archive(project / "pelicanconf.py")
    ran: dict[int, str] = {}
    pages = sorted((project / "output").rglob("*.html"))
    if page_limit is not None:  # the article pages first: every field of every capture is on them
        articles = [p for p in pages if re.search(r"/20\d\d/\d\d/[^/]+/index\.html$", p.as_posix())]
        pages = articles + [p for p in pages if p not in articles][: max(0, page_limit - len(articles))]

    def note(text: str, why: str) -> None:
        for groups in CLEAN.findall(text):
            number = int(next(g for g in groups if g))
            ran.setdefault(number, f"{why}: {text[:160]}")

    # A control: a page that does run a payload of each kind the harness watches for, so a pass means something.
    (project / "output" / "control").mkdir()
    (project / "output" / "control" / "index.html").write_text(
        "<p><img src=x onerror=alert(1)><a href='javascript:alert(2)'>x</a><img src=//evil.example/3.png></p>"
    )
    pages.append(project / "output" / "control" / "index.html")
    with served(project / "output") as site:
        context = browser.new_context()
        context.add_init_script("window.print = () => { throw new Error('print') };")
        page = context.new_page()
        page.on("dialog", lambda dialog: (note(f"alert({dialog.message})", "dialog"), dialog.dismiss()))
        page.on(
            "request",
            lambda request: request.url.startswith(site) or request.url.startswith("data:") or note(request.url, "request left the site"),
        )
        loads = 0
        try:
            for path in pages:
                relative = path.relative_to(project / "output").as_posix()
                page.goto(f"{site}/{relative}", wait_until="load")
                loads += 1
                for danger in page.evaluate(_DOM_DANGERS):
                    note(danger, f"DOM of /{relative}")
            for query in ("Zorblat", "flood", "Ann Lee", "Example"):
                page.goto(f"{site}/search/?q={query}", wait_until="load")
                page.wait_for_function("document.getElementById('search-status').textContent.length > 0")
                page.wait_for_timeout(200)
                loads += 1
                for danger in page.evaluate(_DOM_DANGERS):
                    note(danger, f"DOM of search for {query}")
        finally:
            context.close()
    fields = (*HTML_FIELDS, *TEXT_FIELDS)
    outcomes = []
    for p, template in enumerate(payloads):
        for f, field in enumerate(fields):
            number = marker(p, f)
            outcomes.append(Outcome("xss", f"{field}: {template}", number not in ran, ran.get(number, "")))
    caught = {1, 2, 3} <= set(ran)
    outcomes.append(
        Outcome(
            "xss",
            f"the harness sees the control page's three payloads ({loads} page loads)",
            caught,
            f"saw {sorted(n for n in ran if n < 10)}",
        )
    )
    return outcomes


# ---------------------------------------------------------------- kill -9 at each stage


def base_captures(folder: Path) -> dict[str, Path]:
    """The two samples and a few page copies, each with a later version waiting (``later/``)."""
    captures = {
        "rferl/sample.txt": FIXTURES / "rferl-trump-putin-witkoff-meeting.txt",
        "polygraph/page.html": FIXTURES / "polygraph-fact-check-al-tanf.html",
    }
    for n in range(4):
        text = (
            f"Flood report {n} from Kharkiv\n\nThe river near Kharkiv rose {n} metres overnight, "
            f"Volodymyr Zelensky said on Monday in Kyiv.\n\nIt was flood number {n} this year, and the "
            "town moved its people to the school on the hill.\n"
        )
        captures[f"manual/copy-{n}.txt"] = text_copy(folder, f"copy-{n}.txt", text, date=f"2025-03-0{n + 1}")
    return captures


def site_files(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


QUERIES = ("Witkoff", "Kharkiv", "Zelensky", "flood", "person:Zelensky", '"the river"', "Zorblat", "story")


def compare_with_clean(project: Path, scratch: Path) -> str:
    """'' if ``project``'s site is what a clean build of the same captures makes, else what differs.

    Pages, feeds and assets must be the same bytes. The search files number articles in
    the order the index first saw them, which differs after a history of builds: they must
    be what a whole export of the project's own index writes, hold the same articles, and
    give the same results, in the same order, as the clean build's.
    """
    from newsarchive.search import export_static, search
    from newsarchive.search.export import as_searched

    clean = make_project(scratch, captures={})
    shutil.rmtree(clean / "captures", ignore_errors=True)
    shutil.copytree(project / "captures", clean / "captures", ignore=shutil.ignore_patterns(".*.lock"))
    shutil.copy2(project / "entities.yml", clean / "entities.yml")
    run_invoke(clean, "build")
    problems = []
    ours, theirs = site_files(project / "output"), site_files(clean / "output")
    differ = sorted(n for n in ours.keys() | theirs.keys() if not n.startswith("search/") and ours.get(n) != theirs.get(n))
    if differ:
        problems.append(f"{len(differ)} pages or files differ from a clean build: {', '.join(differ[:5])}")
    index_copy = scratch / "index-copy"
    shutil.copytree(project / "search-index", index_copy)
    export_static(index_copy, scratch / "whole-export", {}, whole=True)
    # What a search reads (the recent postings in meta.json applied); doc/ and meta.json name the articles'
    # addresses, which the copy's export is not given.
    urls_named = lambda name: name.startswith("doc/") or name == "meta.json"  # noqa: E731
    exported = {n: d for n, d in as_searched(project / "output" / "search").items() if not urls_named(n)}
    whole = {n: d for n, d in as_searched(scratch / "whole-export").items() if not urls_named(n)}
    if exported != whole:
        differing = sorted(n for n in exported.keys() | whole.keys() if exported.get(n) != whole.get(n))
        problems.append(f"{len(differing)} search files do not search as a whole export of the index does: {differing[:3]}")
    for query in QUERIES:
        mine = [h.title for h in search(project / "search-index", query, 50).hits]
        clean_hits = [h.title for h in search(clean / "search-index", query, 50).hits]
        if mine != clean_hits:
            problems.append(f"search {query!r}: {mine[:3]} against {clean_hits[:3]}")
    unreadable = []
    for path in iter_capture_paths(project / "captures"):
        try:
            load_capture(path)
        except Exception as error:  # noqa: BLE001 - any failure to read a capture is what this looks for
            unreadable.append(f"{path.name}: {error}")
    if unreadable:
        problems.append("captures unreadable: " + "; ".join(unreadable[:3]))
    return "; ".join(problems)


BUILD = "import os; os.environ['PYTHONWARNINGS'] = 'error'\nfrom pathlib import Path\nfrom newsarchive import cli\ncli.build(Path('pelicanconf.py'))\n"
GH_PAGES = (
    "import os\nos.environ['SITEURL'] = 'https://user.example/news'\nfrom pathlib import Path\nfrom newsarchive import cli\n"
    "cli.gh_pages(Path('publishconf.py'), push=False)\n"
)

# (stage, what is killed, before or after it returns, which call)
KILL_POINTS = (
    ("fetch", "newsarchive.captures:atomic_write_bytes", "after", 1),  # a sidecar written, its capture not
    ("fetch", "newsarchive.captures:atomic_write_bytes", "after", 4),
    ("convert", "newsarchive.articles:RenderedArticle.write", "after", 1),
    ("convert", "newsarchive.articles:RenderedArticle.write", "before", 3),
    ("convert", "newsarchive.files:os.replace", "before", 2),
    ("pelican", "pelican.writers:Writer.write_file", "after", 3),
    ("pelican", "pelican.writers:Writer.write_file", "before", 30),
    ("index", "whoosh.writing:SegmentWriter.commit", "before", 1),
    ("index", "whoosh.writing:SegmentWriter.commit", "after", 1),
    ("index", "newsarchive.search.index:IndexChanges.record", "after", 1),
    ("export", "newsarchive.search.export:atomic_write_bytes", "after", 5),
    ("export", "newsarchive.search.export:_write_state", "before", 1),
    ("export", "newsarchive.search.export:_write_state", "after", 1),
    ("gh-pages", "ghp_import:add_file", "after", 10),
    ("gh-pages", "newsarchive.publish:_git", "before", 4),
)

# One point of each stage, for the tests (tests/test_reliability.py).
FAST_KILL_POINTS = tuple(next(p for p in KILL_POINTS if p[0] == stage) for stage in dict.fromkeys(p[0] for p in KILL_POINTS))


def kill_cases(work: Path, points=KILL_POINTS) -> list[Outcome]:
    """A project built once, then changed, then a run killed at each point and run again."""
    return [kill_case(work / f"kill-{number}", point) for number, point in enumerate(points)]


def kill_point_name(point: tuple[str, str, str, int]) -> str:
    """How the table and the tests name a kill point: "index: before SegmentWriter.commit #1"."""
    stage, target, when, nth = point
    return f"{stage}: {when} {target.split(':')[1]} #{nth}"


def kill_case(folder: Path, point: tuple[str, str, str, int]) -> Outcome:
    """One kill point's case, in the new folder ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return Outcome("kill -9", kill_point_name(point), *_killed_and_rerun(folder, *point))
    except Exception as error:  # noqa: BLE001 - a case that breaks the harness is a failed case, named
        return Outcome("kill -9", kill_point_name(point), False, f"{type(error).__name__}: {error}")


def _killed_and_rerun(folder: Path, stage: str, target: str, when: str, nth: int) -> tuple[bool, str]:
    captures = base_captures(folder)
    later = {name: captures.pop(name) for name in ("manual/copy-2.txt", "manual/copy-3.txt")}
    project = make_project(folder / "project", captures=captures)
    with (project / "pelicanconf.py").open("a") as conf:
        conf.write("\nFETCH_DELAY = 0\nFETCH_ALLOWED_NETWORKS = ['127.0.0.1']\n")
    if stage == "gh-pages":
        _git_project(project)
    run_invoke(project, "build")
    copy_captures(later, project / "captures")  # work for the killed run: two new articles
    (project / "captures" / "manual" / "copy-0.txt").unlink()  # and one gone
    if stage == "fetch":
        with fetch_site(6) as urls:
            statement = f"from pathlib import Path\nfrom newsarchive import cli\ncli.fetch(Path('pelicanconf.py'), {urls!r}, None, [])\n"
            status = kill_during(target, statement, when, nth, cwd=project)
            run_invoke(project, "fetch", "--", *urls, check=False)
        run_invoke(project, "build")
    elif stage == "gh-pages":
        run_invoke(project, "gh-pages", "--no-push", env={"SITEURL": "https://user.example/news"})
        published = _branch_files(project)
        status = kill_during(target, GH_PAGES, when, nth, cwd=project)
        if _branch_files(project) != published:
            return False, "the killed run left gh-pages holding something other than the last whole site"
        run_invoke(project, "gh-pages", "--no-push", env={"SITEURL": "https://user.example/news"})
        branch = _branch_files(project)
        site = {name: data for name, data in site_files(project / "output").items()}
        if branch != {**site, ".nojekyll": b""}:
            return False, f"killed ({status}); gh-pages branch differs from the site: {sorted(set(branch) ^ set(site))[:5]}"
        return status == -9, "" if status == -9 else "the run ended before the kill point"
    else:
        status = kill_during(target, BUILD, when, nth, cwd=project)
        run_invoke(project, "build")
    if status != -9:
        return False, "the run ended before the kill point"
    problem = compare_with_clean(project, folder / "clean")
    return not problem, problem


def _git_project(project: Path) -> None:
    for args in (
        ("init", "-q", "-b", "main"),
        ("add", "-A"),
        ("-c", "user.name=t", "-c", "user.email=t@example", "commit", "-qm", "archive"),
    ):
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)


def _branch_files(project: Path) -> dict[str, bytes]:
    listing = subprocess.run(["git", "ls-tree", "-r", "-z", "gh-pages"], cwd=project, capture_output=True, check=True).stdout
    files = {}
    for entry in filter(None, listing.split(b"\0")):
        meta, name = entry.split(b"\t", 1)
        blob = meta.split()[2].decode()
        files[name.decode()] = subprocess.run(["git", "cat-file", "blob", blob], cwd=project, capture_output=True, check=True).stdout
    return files


@contextlib.contextmanager
def fetch_site(pages: int) -> Iterator[list[str]]:
    """A local site of article pages (with a robots.txt that allows all)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
        for n in range(pages):
            text = "".join(
                f"<p>Story {n}, paragraph {k}: the river near Kharkiv rose overnight and the town moved its people.</p>" for k in range(6)
            )
            (root / f"story-{n}.html").write_text(
                f"<html><head><title>Story {n} from Kharkiv</title><meta property='article:published_time' content='2025-03-0{n % 9 + 1}T08:00:00Z'>"
                f"<meta property='og:site_name' content='Local News'></head><body><article><h1>Story {n}</h1>{text}</article></body></html>"
            )
        with served(root) as site:
            yield [f"{site}/story-{n}.html" for n in range(pages)]


# ---------------------------------------------------------------- runs at once


def concurrent_cases(work: Path, builds: int = 6) -> list[Outcome]:
    outcomes = []
    project = make_project(work / "together", captures=base_captures(work))
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    tasks = ["build"] * (builds - 1) + ["index"]
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "invoke", task], cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for task in tasks
    ]
    results = [(run.wait(timeout=600), *run.communicate()) for run in runs]
    bad = [stderr.strip().splitlines()[-1] for status, _, stderr in results if status != 0 or "Traceback" in stderr]
    outcomes.append(Outcome("at once", f"{builds - 1} builds and an index started together", not bad, "; ".join(bad)))
    run_invoke(project, "build")
    problem = compare_with_clean(project, work / "together-clean")
    outcomes.append(Outcome("at once", "the site after them equals a clean build", not problem, problem))

    fetcher = make_project(work / "fetch-together", captures={})
    with (fetcher / "pelicanconf.py").open("a") as conf:
        conf.write("\nFETCH_DELAY = 0.05\nFETCH_ALLOWED_NETWORKS = ['127.0.0.1']\n")
    with fetch_site(20) as urls:
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "invoke", "fetch", "--", *urls],
                cwd=fetcher,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        results = [(run.wait(timeout=600), *run.communicate()) for run in runs]
    statuses = sorted(status for status, _, _ in results)
    refused = [stderr for status, _, stderr in results if status == 1]
    fine = statuses == [0, 1] and "another fetch is writing" in "".join(refused) and not any("Traceback" in e for _, _, e in results)
    outcomes.append(Outcome("at once", "two fetches at once: the second stops with one line", fine, f"exit statuses {statuses}"))
    captures = list(iter_capture_paths(fetcher / "captures"))
    outcomes.append(
        Outcome(
            "at once",
            "every page fetched once, all readable",
            len(captures) == 20 and all(load_capture(p) for p in captures),
            f"{len(captures)} captures",
        )
    )
    return outcomes


# ---------------------------------------------------------------- bad input, end to end


def bad_input_cases(work: Path) -> list[Outcome]:
    return [bad_input_case(work / re.sub(r"\W+", "-", name)[:60], name, check) for name, check in BAD_INPUTS]


def bad_input_case(folder: Path, name: str, check: Callable[[Path], str]) -> Outcome:
    """One bad input's case, in the new folder ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        problem = check(folder)
    except Exception as error:  # noqa: BLE001 - the harness names a case that broke it
        problem = f"{type(error).__name__}: {error}"
    return Outcome("bad input", name, not problem, problem or "")


def _one_line_error(result: subprocess.CompletedProcess, *words: str) -> str:
    if result.returncode != 1:
        return f"exit status {result.returncode}, not 1"
    if "Traceback" in result.stderr:
        return "a traceback: " + result.stderr.strip().splitlines()[-1]
    missing = [w for w in words if w not in result.stderr]
    return f"the message lacks {missing}: {result.stderr.strip()[:200]}" if missing else ""


def _project_with_copy(folder: Path, title: str, body: str = "", sidecar: dict | None = None) -> Path:
    copy = folder / "copy.txt"
    copy.write_text(
        f"{title}\n\nThe river near Kharkiv rose two metres overnight, officials said {body} on Monday.\n\n"
        "It was the worst flood in a century, and the town moved its people to the school.\n",
        encoding="utf-8",
    )
    (folder / "copy.txt.json").write_text(json.dumps(sidecar or {"given_date": "2025-03-01", "given_source": "Example News"}))
    return make_project(folder / "project", captures={"manual/copy.txt": copy})


def _script_url_option(folder: Path) -> str:
    project = make_project(folder, captures={})
    result = run_invoke(
        project, "convert", str(FIXTURES / "polygraph-fact-check-al-tanf.html"), "--url", "javascript:alert(document.domain)//", check=False
    )
    return _one_line_error(result, "--url", "not an http(s) address")


def _script_url_sidecar(folder: Path) -> str:
    project = _project_with_copy(
        folder, "Flood", sidecar={"given_date": "2025-03-01", "given_source": "X", "given_url": "  JAVASCRIPT:alert(1)"}
    )
    result = run_invoke(project, "build", check=False)
    problem = _one_line_error(result, "copy.txt.json", "given_url")
    pages = " ".join(p.read_text(encoding="utf-8").lower() for p in (project / "output").rglob("*.html"))
    return problem or ("a javascript: link in the site" if "javascript:" in pages else "")


def _control_character(character: str) -> Callable[[Path], str]:
    def check(folder: Path) -> str:
        project = _project_with_copy(folder, f"Flood{character} in Kharkiv", f"Zorblat{character}")
        for args in (("build",), ("preview",)):
            result = run_invoke(project, *args, check=False, env={"SITEURL": "https://user.example/news"})
            if result.returncode:
                return f"invoke {args[0]} failed: {result.stderr.strip()[-200:]}"
        found = run_invoke(project, "search", "Zorblat")
        if "Flood in Kharkiv" not in found.stdout or any(c in found.stdout for c in "\x1b\x07\x7f\x85\ufffe\x01"):
            return f"search printed {found.stdout[:120]!r}"
        return ""

    return check


def _html_control_character(folder: Path) -> str:
    paragraphs = "".join(f"<p>Paragraph {k}: the river rose {k} metres overnight and the town moved its people.</p>" for k in range(6))
    page = folder / "page.html"
    page.write_text(f"<html><head><title>Floods\x1b in Town</title></head><body><article>{paragraphs}\x01</article></body></html>")
    project = make_project(folder / "project", captures={})
    result = run_invoke(project, "convert", str(page), "--date", "2025-03-01", "--source", "Example News", check=False)
    return "" if result.returncode == 0 else result.stderr.strip()[-200:]


def _fetch_run_survives(folder: Path) -> str:
    project = make_project(folder, captures={})
    with (project / "pelicanconf.py").open("a") as conf:
        conf.write("\nFETCH_DELAY = 0\nFETCH_RETRIES = 0\nFETCH_ALLOWED_NETWORKS = ['127.0.0.1', '::1']\n")
    with fetch_site(1) as urls:
        bad = [
            "http://bad_host!.example/",
            "http://127.0.0.1:99999/",
            "http://[::1]:1/none",
            "file:///etc/passwd",
            "http://169.254.169.254/latest/meta-data/",
            "http://10.0.0.1/",
        ]
        result = run_invoke(project, "fetch", "--", *bad, urls[0], check=False)
    if "Traceback" in result.stderr:
        return "a traceback: " + result.stderr.strip().splitlines()[-1]
    if "Fetched: 1 new, 0 unchanged, 0 skipped, 6 failed" not in result.stdout:
        return f"summary: {result.stdout.strip()[-160:]} {result.stderr.strip()[-200:]}"
    return "" if "private or local address" in result.stderr else "private addresses were not refused"


def _hand_written_date(folder: Path) -> str:
    project = make_project(folder, captures={})
    article = project / "content" / "articles" / "2025" / "01" / "note.md"
    article.parent.mkdir(parents=True)
    article.write_text('---\ntitle: A note\ndate: "yesterday"\nsource: Notes\n---\nText.\n')
    result = run_invoke(project, "index", check=False)
    return _one_line_error(result, "note.md", "'date'")


def _binary_entities(folder: Path) -> str:
    project = make_project(folder, captures={})
    (project / "entities.yml").write_bytes(b"\xff\xfe\x00\x01\x02binary")
    return _one_line_error(run_invoke(project, "build", check=False), "entities.yml", "not UTF-8")


def _truncated(folder: Path) -> str:
    whole = (FIXTURES / "polygraph-fact-check-al-tanf.html").read_bytes()
    page = folder / "cut.html"
    page.write_bytes(whole[: int(len(whole) * 0.7)])  # this page's article starts past 60% of its bytes
    project = make_project(folder / "project", captures={})
    result = run_invoke(project, "convert", str(page), "--date", "2019-11-18", check=False)
    if result.returncode:
        return f"not archived: {result.stderr.strip()[-160:]}"
    written = next((project / "content" / "articles").rglob("*.md")).read_text()
    return "" if "warning:" in result.stderr and "\ntruncated: true\n" in written else "no warning or no mark"


def _deep_and_wide(folder: Path) -> str:
    paragraphs = "".join(f"<p>Paragraph {k}: the river rose {k} metres overnight and the town moved its people.</p>" for k in range(6))
    links = " ".join(f"<a href='https://x.example/{k}'>item {k}</a>" for k in range(100_000))
    deep = folder / "deep.html"
    deep.write_text(
        f"<html><head><title>Deep</title></head><body>{'<div>' * 10_000}<article>{paragraphs}</article>{'</div>' * 10_000}</body></html>"
    )
    wide = folder / "wide.html"
    wide.write_text(f"<html><head><title>Wide</title></head><body><article>{paragraphs}<p>{links}</p></article></body></html>")
    project = make_project(folder / "project", captures={"manual/deep.html": deep, "manual/wide.html": wide})
    for page in ("deep.html", "wide.html"):
        (project / "captures" / "manual" / f"{page}.json").write_text('{"given_date": "2025-03-01", "given_source": "Example News"}')
    started = time.perf_counter()
    result = run_invoke(project, "build", check=False)
    seconds = time.perf_counter() - started
    if result.returncode:
        return f"build failed: {result.stderr.strip()[-200:]}"
    return "" if seconds < 60 else f"the build took {seconds:.0f} s"


def _same_titles(folder: Path) -> str:
    captures = {}
    for letter, url in (("a", "https://one.example/f"), ("b", "https://two.example/f")):
        copy = folder / f"{letter}.txt"
        copy.write_text(
            "Floods in the old town\n\nThe river near Kharkiv rose two metres overnight, officials said.\n\n"
            f"Report {letter}: the town moved its people to the school on the hill.\n"
        )
        (folder / f"{letter}.txt.json").write_text(
            json.dumps(
                {
                    "given_date": "2025-03-01",
                    "given_source": "X",
                    "given_url": url,
                    "added_at": f"2025-03-0{1 if letter == 'a' else 2}T00:00:00Z",
                }
            )
        )
        captures[f"manual/{letter}.txt"] = copy
    first = make_project(folder / "first", captures=captures)
    # The same captures under names that sort the other way: conversion meets them in the other order.
    second = make_project(folder / "second", captures={"manual/z.txt": captures["manual/a.txt"], "manual/y.txt": captures["manual/b.txt"]})
    addresses = []
    for project in (first, second):
        run_invoke(project, "build")
        addresses.append(sorted(p.relative_to(project / "output").as_posix() for p in (project / "output" / "2025").rglob("index.html")))
    return "" if addresses[0] == addresses[1] else f"{addresses[0]} against {addresses[1]}"


def _removed_capture(folder: Path) -> str:
    project = make_project(folder, captures={"rferl/sample.txt": FIXTURES / "rferl-trump-putin-witkoff-meeting.txt"})
    run_invoke(project, "build")
    shutil.rmtree(project / "captures" / "rferl")
    run_invoke(project, "build")
    left = [p for p in (project / "output").rglob("index.html") if "trump-says" in p.as_posix()]
    found = run_invoke(project, "search", "Witkoff").stdout
    return "" if not left and "No articles match" in found else f"still there: {left[:2]} {found[:80]!r}"


BAD_INPUTS: tuple[tuple[str, Callable[[Path], str]], ...] = (
    ("convert --url javascript:", _script_url_option),
    ("a sidecar's given_url '  JAVASCRIPT:'", _script_url_sidecar),
    *((f"U+{ord(c):04X} in a page copy's title and text", _control_character(c)) for c in "\x7f\x85\ufffe\x1b\x07\x01"),
    ("ESC and U+0001 in an HTML page", _html_control_character),
    ("a fetch run with bad, private and file: URLs", _fetch_run_survives),
    ('date: "yesterday" in an article', _hand_written_date),
    ("a binary entities.yml", _binary_entities),
    ("an HTML page cut at 70%", _truncated),
    ("10,000 nested divs and 100,000 links", _deep_and_wide),
    ("two articles with one title, either order", _same_titles),
    ("a removed capture", _removed_capture),
)


# ---------------------------------------------------------------- the table


def run_all(work: Path, browser) -> list[Outcome]:
    outcomes = xss(work / "xss", browser)
    outcomes += kill_cases(work / "kill")
    outcomes += concurrent_cases(work / "together")
    outcomes += bad_input_cases(work / "bad")
    return outcomes


def table(outcomes: list[Outcome]) -> str:
    groups: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        groups.setdefault(outcome.group, []).append(outcome)
    lines = [f"{'group':<12} {'cases':>6} {'passed':>7}", f"{'-' * 12} {'-' * 6} {'-' * 7}"]
    lines += [f"{group:<12} {len(items):>6} {sum(o.passed for o in items):>7}" for group, items in groups.items()]
    failures = [o for o in outcomes if not o.passed]
    if failures:
        lines += ["", "Failed:"] + [f"  [{o.group}] {o.case}: {o.detail}" for o in failures]
    return "\n".join(lines)


def main() -> None:
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        try:
            outcomes = run_all(Path(folder), browser)
        finally:
            browser.close()
    print(
        f"Reliability suite: {len(PAYLOADS)} payloads, {len(KILL_POINTS)} kill points, {len(BAD_INPUTS)} bad inputs "
        f"({time.perf_counter() - started:.0f} s)\n"
    )
    print(table(outcomes))
    print("\n" + next((o.case for o in outcomes if "control" in o.case), ""))
    sys.exit(0 if all(o.passed for o in outcomes) else 1)


if __name__ == "__main__":
    main()
