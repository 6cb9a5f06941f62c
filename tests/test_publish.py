"""Publishing's parts without Pelican: size report, sitemap, robots.txt, link checker, the workflow."""

import datetime as dt
import functools
import http.server
import re
import subprocess
import sys
import threading

import pytest
import yaml

from newsarchive.publish import (
    PublishError,
    SiteSize,
    check_links,
    check_output,
    check_publishable,
    measure_site,
    write_robots,
    write_sitemap,
)
from tests.support import REPO

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"


def test_size_is_reported_and_warned_before_the_limit(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_bytes(b"x" * 700)
    (tmp_path / "b.css").write_bytes(b"y" * 100)
    size = measure_site(tmp_path, limit=1000)
    assert (size.files, size.bytes) == (2, 800)
    assert "80%" in size.warning()
    assert SiteSize(files=1, bytes=799, limit=1000).warning() is None
    assert "will not publish" in SiteSize(files=1, bytes=1001, limit=1000).warning()
    assert "SITE_PERIOD" in SiteSize(files=1, bytes=1001, limit=1000).warning()
    assert SiteSize(files=3, bytes=2_500_000).summary() == "3 files, 2.5 MB (GitHub Pages publishes up to 1 GB)"


def test_sitemap_lists_every_page_but_search(tmp_path):
    for page in ("", "2025/08/story/", "search/", "people/"):
        (tmp_path / page).mkdir(parents=True, exist_ok=True)
        (tmp_path / page / "index.html").write_text("<p>")
    write_sitemap(
        tmp_path, "https://user.github.io/repo", {"2025/08/story/": dt.datetime(2025, 8, 6, 23, tzinfo=dt.timezone(dt.timedelta(hours=-3)))}
    )
    text = (tmp_path / "sitemap.xml").read_text()
    assert re.findall(r"<loc>(.*?)</loc>", text) == [
        "https://user.github.io/repo/",
        "https://user.github.io/repo/2025/08/story/",
        "https://user.github.io/repo/people/",
    ]
    assert "<lastmod>2025-08-07</lastmod>" in text  # in UTC


def test_robots_names_the_sitemap_only_with_an_address(tmp_path):
    write_robots(tmp_path, "https://news.example.org")
    assert (tmp_path / "robots.txt").read_text() == "User-agent: *\nAllow: /\nSitemap: https://news.example.org/sitemap.xml\n"
    write_robots(tmp_path, "")
    assert "Sitemap" not in (tmp_path / "robots.txt").read_text()


@pytest.mark.parametrize(
    "siteurl, message", [("", "SITEURL is not set"), ("/repo", "SITEURL is not set"), ("https://u.github.io/repo/", "must not end")]
)
def test_publishing_needs_an_address(siteurl, message):
    with pytest.raises(PublishError, match=message):
        check_publishable(siteurl)


def test_a_site_over_the_limit_is_not_published(tmp_path):
    (tmp_path / "index.html").write_bytes(b"x" * 2000)
    check_publishable("https://user.github.io/repo", tmp_path, limit=2000)
    with pytest.raises(PublishError, match="over GitHub Pages' limit"):
        check_publishable("https://user.github.io/repo", tmp_path, limit=1999)
    with pytest.raises(PublishError, match="no built site"):
        check_publishable("https://user.github.io/repo", tmp_path / "nothing")


@pytest.fixture
def served(tmp_path):
    """A small site at /repo/ with one of each kind of broken link."""
    site = tmp_path / "repo"
    (site / "about").mkdir(parents=True)
    (site / "index.html").write_text(
        '<a href="about/">About</a> <a href="missing/">Gone</a> <a href="/archives/">Root</a>'
        ' <a href="javascript:alert(1)">Bad</a> <a href="https://example.org/">Away</a> <a href="#top">Top</a>'
        ' <link rel="stylesheet" href="style.css"> <img src="about/photo.jpg">'
    )
    (site / "about" / "index.html").write_text('<a href="../">Home</a> <link href="feed.xml">')
    (site / "about" / "feed.xml").write_text('<feed xmlns="http://www.w3.org/2005/Atom"><link href="/repo/about/"/></feed>')
    (site / "style.css").write_text("p {}")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/repo/"
    server.shutdown()
    server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_the_link_checker_finds_each_kind_of_broken_link(served):
    report = check_links(served, extra=())
    found = sorted((link, why) for _, link, why in report.broken)
    assert found == [
        ("/archives/", "outside the site's path /repo/"),
        ("/repo/about/", "not an absolute URL"),
        (served + "about/photo.jpg", "HTTP 404"),
        (served + "missing/", "HTTP 404"),
        ("javascript:alert(1)", "a javascript: link"),
    ]
    assert report.external == 1 and report.pages == 3


def test_the_built_files_are_checked_as_if_served(tmp_path):
    (tmp_path / "about").mkdir()
    (tmp_path / "index.html").write_text('<a href="https://u.github.io/repo/about/">About</a> <a href="missing/">Gone</a>')
    (tmp_path / "about" / "index.html").write_text('<a href="../">Home</a> <a href="/elsewhere/">Out</a>')
    (tmp_path / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    report = check_output(tmp_path, "https://u.github.io/repo", extra=("robots.txt",))
    assert sorted((link, why) for _, link, why in report.broken) == [
        ("/elsewhere/", "outside the site's path /repo/"),
        ("https://u.github.io/repo/missing/", "HTTP 404"),
    ]
    assert report.pages == 2


def test_the_workflow_is_valid_for_github():
    """Validated against GitHub's workflow schema as check-jsonschema ships it (no download)."""
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_workflow_installs_and_builds_as_the_readme_says():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    readme = (REPO / "README.md").read_text()
    install = "python3.11 -m venv .venv && .venv/bin/pip install -e ."
    assert install in runs and install in readme
    build = next(step for step in steps if step.get("run") == ".venv/bin/invoke preview")
    assert build["env"]["SITEURL"] == "${{ steps.pages.outputs.base_url }}"
    uses = [step.get("uses", "").split("@")[0] for step in steps] + [
        s.get("uses", "").split("@")[0] for s in workflow["jobs"]["deploy"]["steps"]
    ]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages", "actions/cache"} <= set(uses)
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache"))
    assert "hashFiles(" in cache["with"]["key"] and "search-index" in cache["with"]["path"]
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML reads the key `on` as True


def test_a_publish_killed_halfway_leaves_the_branch_as_it_was(tmp_path):
    from benchmarks.reliability import GH_PAGES, _branch_files, _git_project
    from tests.support import kill_during, make_project, run_invoke

    project = make_project(tmp_path)
    _git_project(project)
    run_invoke(project, "gh-pages", "--no-push", env={"SITEURL": "https://user.example/news"})
    published = _branch_files(project)
    assert len(published) > 100 and ".nojekyll" in published
    # ghp-import streams the files to git: killed after ten of them.
    assert kill_during("ghp_import:add_file", GH_PAGES, "after", 10, cwd=project) == -9
    assert _branch_files(project) == published
    run_invoke(project, "gh-pages", "--no-push", env={"SITEURL": "https://user.example/news"})
    assert _branch_files(project).keys() == published.keys()
