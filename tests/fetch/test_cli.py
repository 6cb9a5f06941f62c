"""`invoke fetch` and `invoke update`, run as a user runs them, against a local server."""

from tests.fetch.test_fetch import ATOM, page
from tests.support import make_project, run_invoke


def project_with(tmp_path, feeds_yml: str = "feeds: []\n"):
    project = make_project(tmp_path, captures={})
    with (project / "pelicanconf.py").open("a") as conf:
        conf.write("\nFETCH_DELAY = 0\nFETCH_CONTACT_URL = 'https://tests.example/contact'\nFETCH_ALLOWED_NETWORKS = ['127.0.0.1']\n")
    (project / "feeds.yml").write_text(feeds_yml)
    return project


def test_fetch_urls_and_a_list(site, tmp_path):
    for name in ("one", "two", "three"):
        site.expect_request(f"/news/{name}").respond_with_data(page(name.title()), content_type="text/html")
    site.expect_request("/news/missing").respond_with_data("gone", status=404)
    project = project_with(tmp_path)
    (tmp_path / "urls.txt").write_text(f"# my list\n{site.url_for('/news/two')}\n\n{site.url_for('/news/missing')}\n")
    result = run_invoke(
        project,
        "fetch",
        "--url",
        site.url_for("/news/one"),
        "--list",
        str(tmp_path / "urls.txt"),
        "--",
        site.url_for("/news/three"),
        check=False,
    )
    assert result.returncode == 1
    assert "Fetched: 3 new, 0 unchanged, 0 skipped, 1 failed" in result.stdout
    assert f"error: {site.url_for('/news/missing')}: HTTP 404" in result.stderr
    # A line a URL as it is fetched (no progress bar off a terminal): never minutes of silence.
    for name in ("one", "two", "three"):
        assert f"new: {site.url_for('/news/' + name)}\n" in result.stderr
    assert f"failed: {site.url_for('/news/missing')} (HTTP 404)\n" in result.stderr
    user_agents = {request.headers["User-Agent"] for request, _ in site.log}
    assert user_agents == {"newsarchive/0.1.0 (news archiver; +https://tests.example/contact)"}
    assert "Converted captures: 3 written" in run_invoke(project, "build").stdout


def test_update_follows_the_feeds_and_rebuilds(site, tmp_path):
    base = site.url_for("").rstrip("/")
    site.expect_request("/feeds/atom.xml").respond_with_data(ATOM.format(base=base), content_type="application/atom+xml")
    site.expect_request("/news/three").respond_with_data(page("Three"), content_type="text/html")
    project = project_with(tmp_path, f"feeds:\n  - url: {site.url_for('/feeds/atom.xml')}\n    source: Example News\n    tags: [floods]\n")
    out = run_invoke(project, "update").stdout
    assert "Fetched: 1 new, 0 unchanged, 0 skipped, 0 failed" in out
    assert "Converted captures: 1 written" in out
    assert list((project / "output" / "sources" / "example-news").glob("index.html"))
    again = run_invoke(project, "update").stdout
    assert "Fetched: 0 new, 0 unchanged, 1 skipped, 0 failed" in again


def test_a_bad_feeds_file_is_a_clear_error(tmp_path):
    project = project_with(tmp_path, "feeds:\n  - url: https://example.com/rss\n    sorce: Typo\n")
    result = run_invoke(project, "update", check=False)
    assert result.returncode == 1
    assert result.stderr.strip().endswith("feeds.yml: feed 1: unknown key(s) sorce (known: language, source, tags, url)")


def test_a_scheduled_update_exits_0_when_only_a_known_gone_item_fails(site, tmp_path):
    base = site.url_for("").rstrip("/")
    site.expect_request("/feeds/atom.xml").respond_with_data(ATOM.format(base=base), content_type="application/atom+xml")
    site.expect_request("/news/three").respond_with_data("gone", status=404)
    project = project_with(tmp_path, f"feeds:\n  - url: {site.url_for('/feeds/atom.xml')}\n    source: Example News\n")
    first = run_invoke(project, "update", check=False)
    assert first.returncode == 1 and "Fetched: 0 new, 0 unchanged, 0 skipped, 1 failed" in first.stdout
    again = run_invoke(project, "update", check=False)
    assert again.returncode == 0 and "Fetched: 0 new, 0 unchanged, 1 skipped, 0 failed" in again.stdout
    assert "gone: HTTP 404 since" in again.stderr
