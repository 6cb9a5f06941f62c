"""Tasks: `invoke --list` shows them. Each calls the newsarchive package; the work lives there."""

import os
import shlex
import shutil
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"


def _run(function, *args, **kwargs):
    """Call a newsarchive function; an error the user can fix becomes one clear line and exit status 1.

    Any other exception is a bug and keeps its traceback.
    """
    from newsarchive.errors import NewsarchiveError
    from newsarchive.progress import interrupted

    try:
        status = function(*args, **kwargs)
    except NewsarchiveError as error:
        print(f"error: {error}", file=sys.stderr)
        raise Exit(code=1) from None
    except KeyboardInterrupt:  # Ctrl-C: where the work stood, not a traceback
        print(interrupted(), file=sys.stderr)
        raise Exit(code=130) from None
    if status:
        raise Exit(code=status)


def _help_asked(c, name, value) -> bool:
    """Whether a task's positional argument is -h or --help (invoke hands it the next word, flag or not):
    then the task's help is shown, and the task does nothing (`invoke export-warc --help` wrote a file "--help")."""
    if value not in ("-h", "--help"):
        return False
    c.run(f"{shlex.quote(sys.executable)} -m invoke --search-root {shlex.quote(str(ROOT))} --help {name}", pty=False)
    return True


def _benchmark(c, module, **environment):
    """Run benchmarks/<module>.py with this Python (``environment``: its NEWSARCHIVE_BENCH_* settings); it prints its table."""
    c.run(f"{shlex.quote(sys.executable)} -m benchmarks.{module}", pty=False, env=environment)


@task
def clean(c):
    """Remove the built site (output/), the search index and the caches (cache/: Pelican's, the remembered conversions)."""
    from newsarchive.build import load_settings

    settings, archive = load_settings(SETTINGS)
    for folder in (Path(settings["OUTPUT_PATH"]), archive.search_index_path, Path(settings["CACHE_PATH"])):
        shutil.rmtree(folder, ignore_errors=True)
        print(f"Removed {folder}")


@task(
    positional=["path"],
    iterable=["tag"],
    help={
        "path": "A capture (.html page or .txt page copy), or a folder of them (captures/ for all).",
        "url": "The article's original URL.",
        "date": "Publication date, YYYY-MM-DD or ISO 8601 (page copies often lack the year).",
        "source": "The outlet's name, when the page does not say it.",
        "tag": "A tag for the article (repeat for more).",
        "stdout": "Print the Markdown instead of writing it.",
        "explain": "With --stdout: list on stderr each line of a page copy that is not article text, and why.",
    },
)
def convert(c, path, url=None, date=None, source=None, tag=None, stdout=False, explain=False):
    """Convert a capture (or a folder of them) into Markdown articles in content/articles/."""
    if _help_asked(c, "convert", path):
        return
    from newsarchive import cli
    from newsarchive.convert.batch import GivenFacts

    def convert_with_given_facts():  # GivenFacts checks them: inside _run, a bad --url is one line
        given = GivenFacts(url=url, date=date, source=source, tags=tuple(tag or ()))
        return cli.convert(SETTINGS, path, given, stdout, explain=explain)

    _run(convert_with_given_facts)


@task(
    iterable=["url", "feed"],
    help={
        "url": "A page to fetch (repeat for more); or list them after --: invoke fetch -- URL URL ...",
        "list": "A file of URLs, one a line (# starts a comment).",
        "feed": "An RSS or Atom feed whose items to fetch (repeat for more).",
    },
)
def fetch(c, url=None, list=None, feed=None):
    """Fetch pages, a URL list or feeds into captures/, politely."""
    from newsarchive import cli

    urls = [*(url or ()), *(c.remainder.split() if getattr(c, "remainder", "") else ())]
    _run(cli.fetch, SETTINGS, urls, list, [*(feed or ())])


@task(
    name="refetch",
    help={
        "older_than": "Only articles whose newest capture is older than this many days.",
        "source": "Only articles of this outlet (as the article names it).",
    },
)
def refetch(c, older_than=None, source=None):
    """Ask again for archived articles (politely, conditionally) to catch later edits, then build."""
    from newsarchive import cli

    _run(cli.refetch, SETTINGS, older_than, source)


@task(help={"since": "Only changes captured on or after this date (YYYY-MM-DD)."})
def changes(c, since=None):
    """List what changed between captures of the archive's articles, newest first."""
    from newsarchive import cli

    _run(cli.changes, SETTINGS, since)


@task(name="export-warc", positional=["path"], help={"path": "The WARC file to write (.warc.gz for gzip per record)."})
def export_warc(c, path):
    """Write every capture to a WARC 1.1 file, with its provenance, for replay tools and other archivers."""
    if _help_asked(c, "export-warc", path):
        return
    from newsarchive import cli

    _run(cli.export_warc, SETTINGS, path)


@task(name="import", positional=["path"], help={"path": "A .warc, .warc.gz or .wacz file (more may follow --)."})
def import_(c, path):
    """Bring pages from other archivers' WARC or WACZ files into captures/ (then `invoke build`)."""
    if _help_asked(c, "import", path):
        return
    from newsarchive import cli

    _run(cli.import_archives, SETTINGS, [path, *(c.remainder.split() if getattr(c, "remainder", "") else ())])


@task
def update(c):
    """Fetch every feed in feeds.yml, convert the new articles and rebuild the site."""
    from newsarchive import cli

    _run(cli.update, SETTINGS)


@task
def index(c):
    """Update the search index from content/articles/ (build does this too)."""
    from newsarchive import cli

    _run(cli.index, SETTINGS)


@task
def build(c):
    """Convert the captures, build the site into output/ and update the search index."""
    from newsarchive import cli

    _run(cli.build, SETTINGS)


@task
def rebuild(c):
    """`clean`, then `build`: everything made anew."""
    clean(c)
    build(c)


@task(help={"port": "Port to serve on (default 8000).", "host": "Address to bind (default localhost)."})
def serve(c, port=8000, host="localhost"):
    """Serve output/ at http://localhost:8000/."""
    from newsarchive import cli

    _run(cli.serve, SETTINGS, host, int(port))


@task(help={"port": "Port to serve on (default 8000).", "host": "Address to bind (default localhost)."})
def livereload(c, port=8000, host="localhost"):
    """Build and serve output/, building again and reloading the page on every change to captures/, content/, theme/ or the settings."""
    from newsarchive import cli

    _run(cli.livereload, SETTINGS, host, int(port))


@task
def reserve(c, port=8000, host="localhost"):
    """`build`, then `serve`."""
    build(c)
    serve(c, port=port, host=host)


@task
def preview(c):
    """Build the site as it will be published (publishconf.py: absolute URLs, feeds); needs SITEURL."""
    from newsarchive import cli

    _run(cli.preview_site, PUBLISH_SETTINGS)


@task(name="check-links")
def check_links(c):
    """Check every link, asset, feed and sitemap entry in output/ (as published at SITEURL, when set)."""
    from newsarchive import cli

    _run(cli.check_links, PUBLISH_SETTINGS if os.environ.get("SITEURL") else SETTINGS)


@task(
    name="gh-pages",
    help={"push": "Push the branch to GITHUB_PAGES_REMOTE (the default); --no-push keeps it local."},
)
def gh_pages(c, push=True):
    """Build with publishconf.py and publish output/ to the gh-pages branch, then push it."""
    from newsarchive import cli

    _run(cli.gh_pages, PUBLISH_SETTINGS, push=push)


@task(
    positional=["query"],
    help={
        "query": 'Words (all must match), "phrases", prefix*, person: place: source: tag: year: date:2025-08, NOT, OR, ( ).',
        "limit": "How many results to show.",
        "sort": "relevance (the default), newest or oldest.",
    },
)
def search(c, query, limit=None, sort="relevance"):
    """Search the archive: `invoke search Witkoff`."""
    if _help_asked(c, "search", query):
        return
    from newsarchive import cli

    _run(cli.run_search, SETTINGS, query, limit, sort=sort)


@task(help={"publish": "Show them as publishconf.py (and SITEURL in the environment) sets them."})
def settings(c, publish=False):
    """List newsarchive's settings: the value in force, the default and what each is for."""
    from newsarchive import cli

    _run(cli.show_settings, PUBLISH_SETTINGS if publish else SETTINGS)


@task(name="regen-golden")
def regen_golden(c):
    """Regenerate the golden files in tests/golden/ (review the diff before committing)."""
    from tests.golden import regenerate

    for path in regenerate():
        print(f"Wrote {path.relative_to(ROOT)}")


@task
def bench(c):
    """Benchmark the sample archive: convert, build, index and search times."""
    _benchmark(c, "build")


@task
def gazetteer(c):
    """Regenerate newsarchive/entities/data/ from GeoNames (pip install -e '.[gazetteer]' first)."""
    from newsarchive.entities.build_gazetteer import build

    for path in build():
        print(f"Wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")


@task(name="bench-entities")
def bench_entities(c):
    """Score names and places on ../shared/entities-gold: P, R, F1, articles/s, variant pairs."""
    _benchmark(c, "entities")


@task(name="bench-textcopy")
def bench_textcopy(c):
    """Plain-text page copies on ../shared/textcopy-benchmark: F1, copies/s, titles and dates right."""
    _benchmark(c, "textcopy")


@task(name="bench-warc")
def bench_warc(c):
    """WARC export and import of 1,000 captures: seconds each, and every capture back byte for byte."""
    _benchmark(c, "warc")


@task(name="bench-build")
def bench_build(c):
    """What invoke build costs beside plain Pelican, after one more article, and its peak memory (10,000 articles)."""
    _benchmark(c, "build_cost")


@task(name="bench-convert-folder")
def bench_convert_folder(c):
    """invoke convert FOLDER on 2,225 pages from outside the store, beside the same pages in it: pages/s."""
    _benchmark(c, "convert_folder")


@task(name="bench-search")
def bench_search(c):
    """Site search against Pagefind on a generated 10,000-article archive, then on 2,225 articles of real news text,
    whole and cut to a BBC News article's length (needs pip install pagefind[bin])."""
    from benchmarks.real_text import BBC_NEWS_CHARS

    _benchmark(c, "site_search")
    _benchmark(c, "real_text")
    _benchmark(c, "real_text", NEWSARCHIVE_BENCH_REAL_CHARS=str(BBC_NEWS_CHARS))


@task(name="bench-fetch")
def bench_fetch(c):
    """Fetch 1,000 pages from 10 local hosts: pages/s and requests in flight per host."""
    _benchmark(c, "fetch")


@task(name="bench-reliability")
def bench_reliability(c):
    """Hostile pages in Chromium, kill -9 at every stage, runs at once, bad input: a table of cases passed."""
    _benchmark(c, "reliability")


@task(name="bench-extraction")
def bench_extraction(c):
    """Score the HTML converter against trafilatura on ../shared/extraction-benchmark."""
    _benchmark(c, "extraction")
