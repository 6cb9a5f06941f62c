"""Publish: the built site to GitHub Pages, and the checks that it works where it will live.

- ``publish_branch`` commits the output folder to the ``gh-pages`` branch with
  ghp-import's library call (``.nojekyll``, the source commit in the message, an
  optional CNAME) and pushes it;
- ``write_sitemap`` and ``write_robots`` give search engines the site's pages;
- ``measure_site`` reports the size GitHub Pages will see (it publishes up to 1 GB);
- ``check_links`` crawls a served site (``check_output``: the built files) and lists
  every internal link, asset, feed entry or sitemap entry that does not resolve
  under the site's address.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import mimetypes
import os
import subprocess
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from newsarchive.errors import NewsarchiveError
from newsarchive.files import atomic_write_bytes, walk_files

PAGES_LIMIT_BYTES = 1_000_000_000
"""GitHub Pages: "Published GitHub Pages sites may be no larger than 1 GB"."""
WARN_FRACTION = 0.8
PERIOD_HINT = "SITE_PERIOD publishes the articles of one period as a site of its own (README: A large archive)"


class PublishError(NewsarchiveError):
    """Publishing could not be done; the message says why and what to do."""


# ---------------------------------------------------------------- size


@dataclass(frozen=True)
class SiteSize:
    files: int
    bytes: int
    limit: int = PAGES_LIMIT_BYTES

    def summary(self) -> str:
        return f"{self.files:,} files, {_megabytes(self.bytes)} (GitHub Pages publishes up to {_megabytes(self.limit)})"

    def warning(self) -> str | None:
        """A warning when the site nears or passes GitHub Pages' limit, else None."""
        if self.bytes > self.limit:
            return (
                f"the site is {_megabytes(self.bytes)}, over GitHub Pages' limit of {_megabytes(self.limit)}: it will not publish; "
                f"{PERIOD_HINT}"
            )
        if self.bytes >= WARN_FRACTION * self.limit:
            return (
                f"the site is {_megabytes(self.bytes)}, {self.bytes / self.limit:.0%} of GitHub Pages' limit of {_megabytes(self.limit)}; "
                f"{PERIOD_HINT}"
            )
        return None


def measure_site(output_dir: Path, limit: int = PAGES_LIMIT_BYTES) -> SiteSize:
    """How many files the built site has and how many bytes they take."""
    sizes = [stat.st_size for _, stat in walk_files(output_dir)] if output_dir.is_dir() else []
    return SiteSize(files=len(sizes), bytes=sum(sizes), limit=limit)


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000_000:.3g} GB" if size >= 1_000_000_000 else f"{size / 1_000_000:.1f} MB"


# ---------------------------------------------------------------- sitemap and robots.txt

NOT_IN_SITEMAP = ("search/",)  # a search page has no content of its own to index


def write_sitemap(output_dir: Path, siteurl: str, modified: dict[str, dt.datetime]) -> Path:
    """sitemap.xml: every page of the site, absolute, with the articles' last changes.

    ``modified`` maps a page's URL (relative to the site, as Pelican's ``article.url``) to its date.
    """
    urls = []
    pages = (page.parent.relative_to(output_dir).as_posix() for page in output_dir.rglob("index.html"))
    for url in sorted("" if relative == "." else f"{relative}/" for relative in pages):
        if url.startswith(NOT_IN_SITEMAP):
            continue
        entry = f"  <url><loc>{escape(siteurl + '/' + url)}</loc>"
        if url in modified:
            entry += f"<lastmod>{modified[url].astimezone(dt.UTC):%Y-%m-%d}</lastmod>"
        urls.append(entry + "</url>")
    text = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    text += "\n".join(urls) + "\n</urlset>\n"
    path = output_dir / "sitemap.xml"
    atomic_write_bytes(path, text.encode("utf-8"))
    return path


def write_robots(output_dir: Path, siteurl: str) -> Path:
    """robots.txt: the archive may be crawled; names the sitemap when the site's address is known."""
    text = "User-agent: *\nAllow: /\n"
    if is_absolute_url(siteurl):
        text += f"Sitemap: {siteurl}/sitemap.xml\n"
    path = output_dir / "robots.txt"
    atomic_write_bytes(path, text.encode("utf-8"))
    return path


def is_absolute_url(url: str) -> bool:
    """Whether ``url`` is an http(s) address with a host (a site that knows where it lives)."""
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


# ---------------------------------------------------------------- the gh-pages branch


def check_site_address(siteurl: str, task: str) -> None:
    """Stop before building a site to publish (`invoke TASK`) without the address its links need."""
    if not is_absolute_url(siteurl):
        raise PublishError(
            "SITEURL is not set: the published site needs its address for its links, feeds and sitemap; "
            f"run e.g. `SITEURL=https://USER.github.io/REPO invoke {task}`, or set SITEURL in publishconf.py"
        )
    if siteurl.endswith("/"):
        raise PublishError(f"SITEURL must not end with '/': {siteurl!r}")


def check_publishable(siteurl: str, output_dir: Path | None = None, limit: int = PAGES_LIMIT_BYTES) -> None:
    """Stop before publishing a site whose links would break where it lives, that is not
    built, or that is larger than GitHub Pages publishes."""
    check_site_address(siteurl, "gh-pages")
    if output_dir is not None and not (output_dir / "index.html").exists():
        raise PublishError(f"{output_dir}: no built site to publish")
    if output_dir is not None and (size := measure_site(output_dir, limit)).bytes > size.limit:
        raise PublishError(f"{output_dir}: {size.warning()}, or host it elsewhere")


def publish_branch(
    output_dir: Path,
    repo_dir: Path,
    branch: str = "gh-pages",
    remote: str = "origin",
    push: bool = True,
    cname: str = "",
) -> str:
    """Commit ``output_dir`` as the whole of ``branch`` in the git repository ``repo_dir``
    (ghp-import: a .nojekyll file so GitHub serves it as it is, a CNAME when given), push it
    to ``remote`` unless ``push`` is False, and return the new commit's hash."""
    import ghp_import

    source = _git(repo_dir, "rev-parse", "--short", "HEAD", what="the project's commit")
    dirty = " (with uncommitted changes)" if _git(repo_dir, "status", "--porcelain", what="the project's state") else ""
    before = _git(repo_dir, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}", check=False)
    # ghp-import reads the committer from git's config; a machine without one (CI) gets ours.
    identity = {
        variable: default
        for variable, key, default in (
            ("GIT_COMMITTER_NAME", "user.name", "newsarchive"),
            ("GIT_COMMITTER_EMAIL", "user.email", "newsarchive@localhost"),
        )
        if not os.environ.get(variable) and not _git(repo_dir, "config", key, check=False)
    }
    # ghp-import commits to a staging branch, and the real one moves only once that commit holds
    # the whole site: a run killed halfway (ghp-import streams files to git) leaves the branch as it was.
    staging = f"{branch}-staging"
    if before:
        _git(repo_dir, "update-ref", f"refs/heads/{staging}", before, what="starting the staging branch")
    else:
        _git(repo_dir, "update-ref", "-d", f"refs/heads/{staging}", check=False)
    with contextlib.chdir(repo_dir), _environment(identity):
        try:
            ghp_import.ghp_import(
                str(output_dir.resolve()),
                mesg=f"Publish the archive, built from {source}{dirty}",
                branch=staging,
                remote=remote,
                push=False,
                nojekyll=True,
                cname=cname or None,
            )
        except ghp_import.GhpError as error:
            raise PublishError(f"{repo_dir}: {error}") from None
    after = _git(repo_dir, "rev-parse", "--verify", "--quiet", f"refs/heads/{staging}", check=False)
    if not after or after == before:
        raise PublishError(f"{repo_dir}: ghp-import did not commit the site to {branch}")
    committed = len(_git(repo_dir, "ls-tree", "-r", "--name-only", after, what="the committed site").splitlines())
    expected = sum(1 for path in output_dir.rglob("*") if path.is_file()) + 1 + bool(cname)  # .nojekyll, CNAME
    if committed != expected:
        raise PublishError(f"{repo_dir}: the commit holds {committed} files, the site {expected}; {branch} left as it was")
    _git(repo_dir, "update-ref", f"refs/heads/{branch}", after, before or "0" * 40, what=f"moving {branch} to the new site")
    _git(repo_dir, "update-ref", "-d", f"refs/heads/{staging}", check=False)
    if push:
        _git(repo_dir, "push", remote, branch, what=f"pushing {branch} to {remote}")
    return after


def _git(repo_dir: Path, *args: str, what: str = "", check: bool = True) -> str:
    done = subprocess.run(["git", *args], cwd=repo_dir, capture_output=True, text=True)
    if done.returncode and check:
        raise PublishError(f"{repo_dir}: git {' '.join(args)} failed ({what}): {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout.strip() if not done.returncode else ""


@contextlib.contextmanager
def _environment(values: dict[str, str]):
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# ---------------------------------------------------------------- link checking


@dataclass
class LinkReport:
    pages: int = 0  # HTML pages, feeds and sitemaps read
    links: int = 0  # distinct internal addresses checked
    external: int = 0  # links that leave the site (not followed: no network beyond the site)
    broken: list[tuple[str, str, str]] = field(default_factory=list)  # (where, link, why)


_HTML_LINKS = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src", "form": "action"}


def check_links(site_url: str, get=None, extra: tuple[str, ...] = ("robots.txt",)) -> LinkReport:
    """Crawl the site served at ``site_url`` (ending in '/') from its home page and ``extra``
    (robots.txt, which names the sitemap): every link, asset, feed and sitemap entry inside
    it must answer 200; a link to the same host outside the site's path (``/archives/``
    for a site at ``/repo/``) is broken too."""
    from bs4 import BeautifulSoup

    if get is None:
        import httpx

        client = httpx.Client(follow_redirects=True, timeout=30)
        get = client.get
    report = LinkReport()
    base = urllib.parse.urlsplit(site_url)
    status: dict[str, int] = {}
    queue = [(site_url, "(start)")] + [(urllib.parse.urljoin(site_url, name), "(start)") for name in extra]
    while queue:
        url, found_on = queue.pop()
        if url in status:
            if status[url] != 200:
                report.broken.append((found_on, url, f"HTTP {status[url]}"))
            continue
        response = get(url)
        status[url] = response.status_code
        report.links += 1
        if response.status_code != 200:
            report.broken.append((found_on, url, f"HTTP {response.status_code}"))
            continue
        kind = response.headers.get("content-type", "").split(";")[0]
        path = urllib.parse.urlsplit(url).path
        links: list[str] = []
        if kind == "text/html":
            report.pages += 1
            soup = BeautifulSoup(response.text, "html.parser")
            links = [tag.get(attr) for name, attr in _HTML_LINKS.items() for tag in soup.find_all(name) if tag.get(attr)]
        elif path.endswith(".xml"):
            report.pages += 1
            links = _xml_links(response.content)
            # Feeds and sitemaps are read by other programs: their links must be absolute.
            report.broken += [(url, link, "not an absolute URL") for link in links if not is_absolute_url(link)]
        elif path.endswith("robots.txt"):
            links = [line.split(":", 1)[1].strip() for line in response.text.splitlines() if line.lower().startswith("sitemap:")]
        for link in links:
            target = urllib.parse.urljoin(url, link)
            parts = urllib.parse.urlsplit(target)
            if parts.scheme not in ("http", "https"):
                if parts.scheme in ("javascript", "data"):
                    report.broken.append((url, link, f"a {parts.scheme}: link"))
                continue
            if parts.netloc != base.netloc:
                report.external += 1
                continue
            if not parts.path.startswith(base.path):
                report.broken.append((url, link, f"outside the site's path {base.path}"))
                continue
            queue.append((urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, "")), url))
    return report


def check_output(output_dir: Path, siteurl: str = "", extra: tuple[str, ...] = ("robots.txt", "404.html")) -> LinkReport:
    """``check_links`` over the built files in ``output_dir``, read as if served at ``siteurl``
    (a local address when empty), from the home page and ``extra``: no server, no network."""
    base = (siteurl or "http://localhost").rstrip("/") + "/"
    base_path = urllib.parse.urlsplit(base).path

    def get(url: str) -> _FileResponse:
        path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
        file = output_dir / path[len(base_path) :] if path.startswith(base_path) else None
        if file is not None and file.is_dir():
            file = file / "index.html"
        if file is None or not file.is_file():
            return _FileResponse(404, "", b"")
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return _FileResponse(200, kind, file.read_bytes())

    return check_links(base, get, extra)


@dataclass(frozen=True)
class _FileResponse:
    """What check_links reads of an HTTP response, for a file on disk."""

    status_code: int
    content_type: str
    content: bytes

    @property
    def headers(self) -> dict[str, str]:
        return {"content-type": self.content_type}

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


def _xml_links(data: bytes) -> list[str]:
    """Links of an Atom or RSS feed or a sitemap: <link href>, <link>text, <loc>."""
    links = []
    for element in ET.fromstring(data).iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "link" and element.get("href"):
            links.append(element.get("href"))
        elif tag in ("link", "loc") and (element.text or "").strip():
            links.append(element.text.strip())
    return links
