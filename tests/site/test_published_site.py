"""The published site where it lives: `invoke gh-pages` into a local bare repository, the
gh-pages branch served under /repo/ (a project site) and the same site at / (a user site),
checked by the link checker and searched in Chromium."""

import functools
import http.server
import subprocess
import threading
import urllib.parse

import pytest

from newsarchive.publish import check_links, check_output
from tests.support import FIXTURES, SAMPLE, make_project, run_invoke


def git(folder, *args):
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, text=True).stdout.strip()


class Server:
    """A folder served on 127.0.0.1 under ``prefix`` ("/repo/" or "/"); the folder may be filled later."""

    def __init__(self, folder, prefix):
        self.folder = folder
        self.requests = []
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def translate_path(self, path):
                server.requests.append(path)
                if not path.startswith(prefix):
                    return str(folder / "no such file")
                return super().translate_path("/" + path[len(prefix) :])

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}{prefix}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def publish(tmp, layout, prefix, cname=""):
    """A project in a git repository with a bare "origin", published by `invoke gh-pages --no-push` and a
    push; the remote's gh-pages branch checked out and served under ``prefix``."""
    project = make_project(
        tmp / layout / "project",
        captures={"rferl/sample.txt": SAMPLE, "polygraph/page.html": FIXTURES / "polygraph-fact-check-al-tanf.html"},
    )
    if cname:
        with open(project / "publishconf.py", "a") as settings:
            settings.write(f"\nGITHUB_PAGES_CNAME = {cname!r}\n")
    remote = tmp / layout / "remote.git"
    git(tmp, "init", "--quiet", "--bare", str(remote))
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "-c", "user.name=Test", "-c", "user.email=test@localhost", "add", ".")
    git(project, "-c", "user.name=Test", "-c", "user.email=test@localhost", "commit", "--quiet", "-m", "The archive")
    git(project, "remote", "add", "origin", remote.as_uri())
    served = tmp / layout / "served"
    served.mkdir()
    server = Server(served, prefix)
    result = run_invoke(project, "gh-pages", "--no-push", env={"SITEURL": server.url.rstrip("/")})
    assert "not pushed" in result.stdout
    with pytest.raises(subprocess.CalledProcessError):
        git(remote, "rev-parse", "--verify", "gh-pages")  # --no-push: the remote has nothing yet
    git(project, "push", "--quiet", "origin", "gh-pages")
    git(served.parent, "clone", "--quiet", "--branch", "gh-pages", remote.as_uri(), str(served))
    return project, remote, server, result


@pytest.fixture(scope="module")
def project_site(tmp_path_factory):
    project, remote, server, result = publish(tmp_path_factory.mktemp("published"), "project", "/repo/")
    yield project, remote, server, result
    server.close()


@pytest.fixture(scope="module")
def user_site(tmp_path_factory):
    project, remote, server, result = publish(tmp_path_factory.mktemp("published"), "user", "/", cname="news.example.org")
    yield project, remote, server, result
    server.close()


def test_the_branch_holds_the_site(project_site):
    project, remote, server, result = project_site
    files = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert {".nojekyll", "index.html", "404.html", "robots.txt", "sitemap.xml", "search/meta.json.gz", "theme/js/search.js"} <= set(files)
    assert any(name.startswith("search/terms/") for name in files)
    source = git(project, "rev-parse", "--short", "HEAD")
    assert f"built from {source}" in git(remote, "log", "-1", "--format=%s", "gh-pages")
    assert "CNAME" not in files
    assert "Site: " in result.stdout and "GitHub Pages publishes up to 1 GB" in result.stdout


def test_the_theme_script_is_published_minified(project_site):
    """search.js without its comments and spaces (the page still works: test_search_works_where_the_site_lives)."""
    project, remote, server, result = project_site
    published = git(remote, "show", "gh-pages:theme/js/search.js")
    written = (project / "theme" / "static" / "js" / "search.js").read_text(encoding="utf-8")
    assert len(published) < 0.7 * len(written)
    assert "// " not in published and "\n  " not in published


def test_a_custom_domain_gets_its_cname(user_site):
    _, remote, _, _ = user_site
    assert git(remote, "show", "gh-pages:CNAME").strip() == "news.example.org"


@pytest.mark.parametrize("site", ["project_site", "user_site"])
def test_no_broken_link_in_either_layout(site, request):
    _, _, server, _ = request.getfixturevalue(site)
    report = check_links(server.url, extra=("robots.txt", "404.html"))  # GitHub shows 404.html for any missing address
    assert report.broken == []
    assert report.pages > 20 and report.links > 60  # (a person's or place's feed is for ten articles or more: none here)
    # Every request stayed inside the site's path: /repo/ for a project site.
    prefix = urllib.parse.urlsplit(server.url).path
    assert all(path.startswith(prefix) for path in server.requests)
    # `invoke check-links` reads the files instead, and finds what the crawl over HTTP found.
    from_files = check_output(server.folder, server.url.rstrip("/"))
    assert (from_files.broken, from_files.pages, from_files.links) == ([], report.pages, report.links)


@pytest.mark.parametrize("site", ["project_site", "user_site"])
def test_the_404_page_links_into_the_site_from_any_address(site, request):
    """GitHub Pages shows 404.html at any missing address (/repo/2025/08/gone/): its links are the
    site's address, where the other pages' are relative to them."""
    from bs4 import BeautifulSoup

    _, _, server, _ = request.getfixturevalue(site)
    missing = BeautifulSoup((server.folder / "404.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [element["href"] for element in missing.select("a[href], link[href]") if not element["href"].startswith("#")]
    inside = [href for href in hrefs if not href.startswith("https://www.geonames.org/")]  # (the footer's credit)
    assert len(inside) > 10 and all(href.startswith(server.url) for href in inside)
    home = BeautifulSoup((server.folder / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one(".site-nav a")["href"] == "./archives/"


@pytest.mark.parametrize("site", ["project_site", "user_site"])
def test_feeds_and_sitemap_are_absolute(site, request):
    import xml.etree.ElementTree as ET

    _, _, server, _ = request.getfixturevalue(site)
    served = server.folder
    feed = ET.parse(served / "feeds" / "all.atom.xml").getroot()
    hrefs = [link.get("href") for link in feed.iter("{http://www.w3.org/2005/Atom}link")]
    assert hrefs and all(href.startswith(server.url) for href in hrefs)
    locations = [loc.text for loc in ET.parse(served / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert server.url in locations and all(loc.startswith(server.url) for loc in locations)
    assert not any("/search/" in loc for loc in locations)
    assert f"Sitemap: {server.url}sitemap.xml" in (served / "robots.txt").read_text()


@pytest.mark.parametrize("site", ["project_site", "user_site"])
def test_search_works_where_the_site_lives(site, request, browser):
    _, _, server, _ = request.getfixturevalue(site)
    context = browser.new_context()
    page = context.new_page()
    asked = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto(server.url)
    page.get_by_label("Search the archive").fill("Witkoff")
    page.get_by_label("Search the archive").press("Enter")
    page.wait_for_selector("#search-results h2 a")
    link = page.locator("#search-results h2 a").first
    assert link.inner_text().startswith("Trump Says 'Good Chance'")
    link.click()
    page.wait_for_load_state()
    assert page.url.startswith(server.url + "2025/08/") and page.locator("h1").inner_text().startswith("Trump Says")
    assert asked and all(url.startswith(server.url) for url in asked)
    context.close()


def test_publishing_needs_the_sites_address(tmp_path):
    project = make_project(tmp_path / "project")
    result = run_invoke(project, "gh-pages", "--no-push", check=False, env={"SITEURL": ""})
    assert result.returncode == 1
    assert "SITEURL is not set" in result.stderr and "Traceback" not in result.stderr


def test_pushing_to_the_remote(tmp_path):
    project = make_project(tmp_path / "project")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    git(project, "init", "--quiet")
    git(project, "remote", "add", "origin", remote.as_uri())
    # Not a commit yet: publishing says so instead of failing inside git.
    failed = run_invoke(project, "gh-pages", check=False, env={"SITEURL": "https://user.github.io/repo"})
    assert failed.returncode == 1 and "the project's commit" in failed.stderr
    git(project, "-c", "user.name=Test", "-c", "user.email=test@localhost", "commit", "--quiet", "--allow-empty", "-m", "Start")
    run_invoke(project, "gh-pages", env={"SITEURL": "https://user.github.io/repo"})
    assert "index.html" in git(remote, "ls-tree", "--name-only", "gh-pages").splitlines()
    assert "(with uncommitted changes)" in git(remote, "log", "-1", "--format=%s", "gh-pages")
