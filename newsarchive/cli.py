"""What the invoke tasks do, as plain functions: printable results and clear errors.

``tasks.py`` only declares the tasks; keeping the work here lets tests call it
without invoke and keeps every message in one place.

Each command imports the stages it runs when it runs: `invoke search` asks one query a process, and
loading the converter, the fetcher and the build for it cost 0.4 s, a third of its time.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from pelican.settings import DEFAULT_CONFIG, get_settings_from_file

from newsarchive.errors import NewsarchiveError, UsageError
from newsarchive.records import SearchHit
from newsarchive.search.index import interrupted_indexing
from newsarchive.search.query import SearchResults, search
from newsarchive.settings import describe, load_settings, near_misses
from newsarchive.text import printable

if TYPE_CHECKING:
    from newsarchive.convert.batch import ConvertReport, GivenFacts
    from newsarchive.fetch import FetchReport
    from newsarchive.fetch.feeds import Feed


def convert(
    settings_file: Path,
    path: str,
    given: GivenFacts,
    to_stdout: bool,
    out: TextIO = sys.stdout,
    explain: bool = False,
) -> int:
    """Convert one capture, or every capture in a folder; returns the exit status. With
    ``explain`` (and ``to_stdout``), every line of a page copy that is not article text is
    listed on stderr with why it went."""
    from newsarchive.articles import render_article
    from newsarchive.build import build_lock, conversion_cache
    from newsarchive.convert.batch import GivenFacts, convert_all, convert_and_store, preview, truncation_warning
    from newsarchive.convert.batch import explain as explain_lines

    settings, archive = load_settings(settings_file)
    capture = Path(path)
    if capture.is_dir():
        if to_stdout or explain or given != GivenFacts():
            raise UsageError("--url, --date, --source, --tag, --stdout and --explain are for one capture, not a folder")
        with build_lock(archive):
            report = convert_all(
                archive.captures_path,
                archive.articles_path,
                archive.root,
                folder=capture,
                corrections=archive.corrections,
                cache_file=conversion_cache(settings),
            )
        _print_problems(report)
        print(f"Converted captures: {report.summary()}", file=out)
        return 1 if report.failed else 0
    if not capture.is_file():
        raise UsageError(f"{capture}: no such file or folder")
    if explain and not to_stdout:
        raise UsageError("--explain goes with --stdout: it shows why lines went, and writes nothing")
    if to_stdout:
        if explain:
            _print_explanation(capture, explain_lines(capture, given))
        article = preview(capture, archive.root, given, archive.corrections)
        if article.truncated:
            print(f"warning: {truncation_warning(article)}", file=sys.stderr)
        out.write(render_article(article))
        return 0
    with build_lock(archive):
        target, changed = convert_and_store(
            capture,
            archive.root,
            archive.captures_path,
            archive.articles_path,
            given,
            archive.corrections,
            warn=lambda message: print(f"warning: {message}", file=sys.stderr),
        )
    shown = target.relative_to(archive.root) if target.is_relative_to(archive.root) else target
    print(f"{'Wrote' if changed else 'Unchanged'}: {shown}", file=out)
    return 0


def _print_explanation(capture: Path, lines: tuple[tuple[str, str], ...], err: TextIO | None = None) -> None:
    """Each line of the copy that is not article text, numbered, with what it was taken for."""
    err = err or sys.stderr
    if not lines:
        print(f"{capture}: read by its outlet's profile (newsarchive/sites/); no line-by-line account", file=err)
        return
    width = len(str(len(lines)))
    kept = sum(1 for _, why in lines if why == "article")
    print(f"{capture}: {kept} of {len(lines)} lines are the article's text; the others:", file=err)
    for number, (text, why) in enumerate(lines, 1):
        if why != "article":
            shown = text if len(text) <= 100 else text[:99] + "…"
            print(f"{number:>{width}}  {why:<42} {printable(shown)}", file=err)


def build(settings_file: Path, out: TextIO = sys.stdout) -> int:
    """Convert every capture, build the site and its search index; report the site's size."""
    from newsarchive.build import run_pipeline
    from newsarchive.publish import measure_site

    settings, archive = load_settings(settings_file)
    for warning in misspelled_settings(settings):
        print(f"warning: {settings_file.name}: {warning}", file=sys.stderr)
    report = run_pipeline(settings, archive)
    _print_problems(report.conversion)
    for failure in report.index.failed:
        print(f"warning: left out of the search: {failure}", file=sys.stderr)
    for message in report.page_errors:
        print(f"error: {message}", file=sys.stderr)
    print(f"Converted captures: {report.conversion.summary()} ({report.convert_seconds:.2f} s)", file=out)
    print(
        f"Built the site in {report.output_path} ({report.site_seconds:.2f} s: pages {report.pages_seconds:.2f}"
        f"{' (nothing they are made from changed: kept)' if report.pages_kept else ''},"
        f" search index {report.index_seconds:.2f}{' beside them' if report.index_beside_pages else ''},"
        f" search files {report.export_seconds:.2f})",
        file=out,
    )
    size = measure_site(report.output_path)
    print(f"Site: {size.summary()}", file=out)
    if size.warning():
        print(f"warning: {size.warning()}", file=sys.stderr)
    return 1 if report.conversion.failed or report.page_errors else 0


def misspelled_settings(settings: dict) -> list[str]:
    """Upper-case names in the settings that are neither Pelican's nor ours but one or two edits from one."""
    # Pelican also reads <TEMPLATE>_URL and <TEMPLATE>_SAVE_AS for each of its direct templates.
    templates = {f"{t.upper()}_{suffix}" for t in settings.get("DIRECT_TEMPLATES", ()) for suffix in ("URL", "SAVE_AS")}
    return near_misses(settings, set(DEFAULT_CONFIG) | templates)


def show_settings(settings_file: Path, out: TextIO = sys.stdout) -> int:
    """Print each of newsarchive's settings with the value in force, its default and help."""
    settings, _ = load_settings(settings_file)
    print(f"newsarchive's settings as {settings_file.name} (and the environment) set them:\n", file=out)
    print(describe(settings), file=out)
    return 0


def preview_site(settings_file: Path, out: TextIO = sys.stdout) -> int:
    """Build with the publishing settings, which need the site's address."""
    from newsarchive.publish import check_site_address

    check_site_address(_siteurl(settings_file), "preview")
    return build(settings_file, out)


def _siteurl(settings_file: Path) -> str:
    """SITEURL as the settings file sets it, read before Pelican checks (and warns about) the rest."""
    return get_settings_from_file(str(settings_file)).get("SITEURL") or ""


def serve(settings_file: Path, host: str, port: int) -> int:
    """Serve the built site until Ctrl-C."""
    from newsarchive.serve import site_server

    settings, _ = load_settings(settings_file)
    server = site_server(Path(settings["OUTPUT_PATH"]), host, port)
    print(f"Serving {settings['OUTPUT_PATH']} at http://{host}:{server.server_address[1]}/ (Ctrl-C stops)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def livereload(settings_file: Path, host: str, port: int, out: TextIO = sys.stdout) -> int:
    """Build, serve, and on each change to the captures, the content, the theme or the settings build
    again and reload the browser's page, until Ctrl-C."""
    from livereload import Server

    from newsarchive.serve import site_server

    settings, archive = load_settings(settings_file)
    build(settings_file, out)
    output = Path(settings["OUTPUT_PATH"])
    site_server(output, host, port).server_close()  # a port in use, or no site: one line, before the server starts

    def rebuild() -> None:
        try:
            build(settings_file, out)
        except NewsarchiveError as error:  # a broken edit: said, and the last good site stays served
            print(f"error: {error}", file=sys.stderr)

    server = Server()
    for watched in (archive.captures_path, Path(settings["PATH"]), Path(settings["THEME"]), settings_file, archive.entities_file):
        if watched.exists():
            server.watch(str(watched), rebuild)
    # The watched files' times, read once now: livereload takes a file it first sees for a
    # change, and would reload the first browser to connect.
    server.watcher.examine()
    print(f"Serving {output} at http://{host}:{port}/, rebuilt on every change (Ctrl-C stops)", file=sys.stderr)
    server.serve(host=host, port=port, root=str(output), open_url_delay=None)
    return 0


def check_links(settings_file: Path, out: TextIO = sys.stdout) -> int:
    """Check every link of the built site as it will be served at SITEURL; 1 when one is broken."""
    from newsarchive.publish import check_output

    settings, _ = load_settings(settings_file)
    output = Path(settings["OUTPUT_PATH"])
    if not (output / "index.html").exists():
        print(f"error: {output}: no built site; run `invoke build` or `invoke preview` first", file=sys.stderr)
        return 1
    report = check_output(output, settings.get("SITEURL") or "")
    for page, link, why in report.broken:
        print(f"broken: {link} ({why}), on {page}", file=out)
    print(
        f"Checked {report.pages:,} pages, feeds and sitemaps and {report.links:,} addresses in the site: "
        f"{len(report.broken)} broken ({report.external:,} links leave the site, not followed)",
        file=out,
    )
    return 1 if report.broken else 0


def gh_pages(settings_file: Path, push: bool = True, out: TextIO = sys.stdout) -> int:
    """Build with the publishing settings and commit the site to the GitHub Pages branch; push it unless told not to."""
    from newsarchive.publish import check_publishable, publish_branch

    check_publishable(_siteurl(settings_file))  # before a long build
    settings, archive = load_settings(settings_file)
    status = build(settings_file, out)
    if status:
        return status
    output = Path(settings["OUTPUT_PATH"])
    check_publishable(settings["SITEURL"], output)
    pages = archive.pages
    commit = publish_branch(output, archive.root, branch=pages.branch, remote=pages.remote, push=push, cname=pages.cname)
    where = f"pushed to {pages.remote}" if push else f"not pushed (`git push {pages.remote} {pages.branch}` publishes it)"
    print(f"Published {settings['SITEURL']}/ to the {pages.branch} branch ({commit[:10]}), {where}", file=out)
    return 0


def _print_problems(report: ConvertReport) -> None:
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for unused in report.unused_corrections:
        print(f"note: entities.yml: {unused}", file=sys.stderr)
    for skip in report.skipped:
        print(f"note: {skip}", file=sys.stderr)
    for failure in report.failed:
        print(f"error: {failure}", file=sys.stderr)


def fetch(settings_file: Path, urls: list[str], list_file: str | None, feed_urls: list[str], out: TextIO = sys.stdout) -> int:
    """Fetch URLs, a URL list and feeds into captures/; returns 1 when any fetch failed."""
    from newsarchive.fetch import FetchOutcome, FetchReport, FetchRequest, feed_requests, read_url_list
    from newsarchive.fetch import fetch as fetch_into_store
    from newsarchive.fetch.feeds import Feed
    from newsarchive.fetch.http import FetchPolicy

    _, archive = load_settings(settings_file)
    policy = FetchPolicy.from_settings(archive.fetch)
    requests = [FetchRequest(url) for url in urls]
    if list_file:
        requests += [FetchRequest(url) for url in read_url_list(Path(list_file))]
    failures: list[FetchOutcome] = []
    if feed_urls:
        known = {feed.url: feed for feed in _configured_feeds(archive)}
        feeds = tuple(known.get(url, Feed(url)) for url in feed_urls)
        items, failures = feed_requests(feeds, policy)
        requests += items
    if not requests and not failures:
        raise UsageError("nothing to fetch: give URLs (--url URL or -- URL ...), --list FILE or --feed URL")
    report = fetch_into_store(requests, archive.captures_path, policy, each=_line_a_url(len(requests)))
    return _print_fetch_report(FetchReport(tuple(failures) + report.outcomes), out)


def update(settings_file: Path, out: TextIO = sys.stdout) -> int:
    """Fetch every configured feed's new items, convert them and rebuild the site."""
    from newsarchive.fetch import FetchReport, feed_requests
    from newsarchive.fetch import fetch as fetch_into_store
    from newsarchive.fetch.feeds import read_feeds_file
    from newsarchive.fetch.http import FetchPolicy

    _, archive = load_settings(settings_file)
    policy = FetchPolicy.from_settings(archive.fetch)
    feeds = read_feeds_file(archive.feeds_file)
    requests, failures = feed_requests(feeds, policy)
    report = fetch_into_store(requests, archive.captures_path, policy, each=_line_a_url(len(requests))) if requests else FetchReport(())
    fetched_status = _print_fetch_report(FetchReport(tuple(failures) + report.outcomes), out)
    return build(settings_file, out) or fetched_status


def _configured_feeds(archive) -> tuple[Feed, ...]:
    from newsarchive.fetch.feeds import read_feeds_file

    return read_feeds_file(archive.feeds_file) if archive.feeds_file.exists() else ()


def _line_a_url(count: int):
    """Each URL's outcome on stderr as it comes, where no progress bar shows how the fetch goes."""
    from newsarchive import progress

    if progress.shown(count):
        return None
    return lambda outcome: print(
        f"{outcome.result}: {outcome.url}" + (f" ({outcome.detail})" if outcome.detail else ""), file=sys.stderr, flush=True
    )


def _print_fetch_report(report: FetchReport, out: TextIO) -> int:
    for outcome in report.outcomes:
        if outcome.result == "failed":
            print(f"error: {outcome.url}: {outcome.detail}", file=sys.stderr)
    print(f"Fetched: {report.summary()}", file=out)
    return 1 if report.count("failed") else 0


def refetch(settings_file: Path, older_than: str | None, source: str | None, out: TextIO = sys.stdout) -> int:
    """Ask again for archived articles (conditional requests), then build: later edits become versions."""
    from newsarchive import versions
    from newsarchive.fetch import FetchRequest
    from newsarchive.fetch import fetch as fetch_into_store
    from newsarchive.fetch.http import FetchPolicy

    if older_than is not None and not str(older_than).isdigit():
        raise UsageError(f"--older-than is a number of days, not {older_than!r}")
    _, archive = load_settings(settings_file)
    age = dt.timedelta(days=int(older_than)) if older_than is not None else None
    wanted = versions.to_refetch(archive.articles_path, archive.root, age, source)
    if not wanted:
        print(
            "Nothing to refetch: no archived article "
            + ("of that source " if source else "")
            + "with an address"
            + (" that old" if age else ""),
            file=out,
        )
        return 0
    policy = FetchPolicy.from_settings(archive.fetch)
    report = fetch_into_store([FetchRequest(item.url) for item in wanted], archive.captures_path, policy)
    fetched_status = _print_fetch_report(report, out)
    return build(settings_file, out) or fetched_status


def changes(settings_file: Path, since: str | None, out: TextIO = sys.stdout) -> int:
    """Print what changed between captures of the archive's articles, newest first."""
    from newsarchive import versions

    _, archive = load_settings(settings_file)
    try:
        start = dt.datetime.fromisoformat(since).replace(tzinfo=dt.UTC) if since else None
    except ValueError:
        raise UsageError(f"--since {since!r}: not a date (use YYYY-MM-DD)") from None
    found = versions.recent_changes(versions.archive_changes(archive.articles_path, archive.root), start)
    if not found:
        print("No article has changed between its captures" + (f" since {since}" if since else "") + ".", file=out)
        return 0
    for item in found:
        change = item.change
        print(f"{change.after.captured}  {printable(item.article_title)}  {change.summary()}  ({item.article_at})", file=out)
    return 0


def export_warc(settings_file: Path, path: str, out: TextIO = sys.stdout) -> int:
    """Write the raw store as a WARC file."""
    from newsarchive import warc

    _, archive = load_settings(settings_file)
    report = warc.export_warc(archive.captures_path, Path(path))
    print(f"Wrote {report.path}: {report.records} records of {report.captures} captures ({report.bytes / 1e6:.1f} MB)", file=out)
    return 0


def import_archives(settings_file: Path, paths: list[str], out: TextIO = sys.stdout) -> int:
    """Ingest WARC or WACZ files as captures."""
    from newsarchive import warc

    if not paths:
        raise UsageError("nothing to import: give a .warc, .warc.gz or .wacz file")
    _, archive = load_settings(settings_file)
    report = warc.import_archives([Path(p) for p in paths], archive.captures_path)
    print(f"Imported: {report.summary()}" + ("; `invoke build` makes their articles" if report.new else ""), file=out)
    return 0


def index(settings_file: Path, out: TextIO = sys.stdout) -> int:
    """Bring the search index up to date with the article files."""
    from newsarchive.build import build_lock
    from newsarchive.search.index import update_index

    _, archive = load_settings(settings_file)
    with build_lock(archive):
        report = update_index(archive.articles_path, archive.search_index_path, archive.corrections)
    for failure in report.failed:
        print(f"error: {failure}", file=sys.stderr)
    print(
        f"Search index: {report.added} added, {report.updated} updated, "
        f"{report.removed} removed, {report.unchanged} unchanged, {len(report.failed)} failed",
        file=out,
    )
    return 1 if report.failed else 0


def run_search(settings_file: Path, query: str, limit: int | str | None, out: TextIO = sys.stdout, sort: str = "relevance") -> int:
    """Print the best hits for ``query`` (``limit`` of them, a whole number from 1, as typed); no hits is an answer, not an error."""
    if limit is not None:
        try:
            limit = int(limit)
        except ValueError:
            raise UsageError(f"--limit {limit!r}: not a whole number") from None
        if limit < 1:
            raise UsageError(f"--limit {limit}: show at least 1 result")
    _, archive = load_settings(settings_file)
    if interrupted_indexing(archive.search_index_path):
        print(
            "warning: the search index may be missing articles: a build was stopped while it indexed them; "
            "`invoke build` (or `invoke index`) finishes it",
            file=sys.stderr,
        )
    results = search(archive.search_index_path, query, limit or archive.search_results, sort)
    out.write(format_results(results, bold=out.isatty()))
    return 0


def format_results(results: SearchResults, bold: bool = False) -> str:
    """Search results as text for a terminal: matched words in bold there, in **stars** elsewhere."""
    if not results.hits:
        suggestion = f" Did you mean: {', '.join(results.suggestions)}?" if results.suggestions else ""
        return f"No articles match {results.query!r}.{suggestion}\n"
    shown = len(results.hits)
    lines = [
        (f"1 article matches {results.query!r}" if results.total == 1 else f"{results.total} articles match {results.query!r}")
        + (f" (showing {shown})" if shown < results.total else "")
        + ":",
        "",
    ]
    for number, hit in enumerate(results.hits, 1):
        lines.append(f"{number}. {printable(hit.title)}")
        lines.append(f"   {shown_date(hit.date)} · {printable(hit.source)} · {printable(hit.source_url or hit.path)}")
        if hit.snippet:
            lines.append(f"   {_snippet(hit, bold)}")
        lines.append("")
    return "\n".join(lines)


def shown_date(when) -> str:
    """A date as the site's pages show it: 6 August 2025."""
    return f"{when.day} {when:%B %Y}"


def _snippet(hit: SearchHit, bold: bool) -> str:
    start, end = ("\033[1m", "\033[0m") if bold else ("**", "**")
    # An article's text never reaches the terminal with its control characters (ESC would be obeyed).
    return "".join(f"{start}{printable(part.text)}{end}" if part.matched else printable(part.text) for part in hit.snippet)
