"""Versions of an article (newsarchive.versions): a served article edited between two fetches."""

import re
import time

from bs4 import BeautifulSoup

from newsarchive.versions import word_diff
from tests.fetch.test_cli import project_with
from tests.support import run_invoke

BODY = [
    "The river rose two metres overnight and flooded the lower streets of the old town, officials said on Monday.",
    "Shops along the embankment stayed shut, and their owners said the water had reached the counters by dawn.",
    "Insurers said claims would take weeks to settle, and the mayor asked the national government for help.",
]


def served(title, paragraphs):
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    date = "<meta property='article:published_time' content='2025-03-01T08:00:00Z'>"
    return f"<html><head><meta charset='utf-8'><title>{title}</title>{date}</head><body><article><h1>{title}</h1>{text}</article></body></html>"


def test_an_article_edited_between_two_fetches_shows_what_changed(site, tmp_path):
    project = project_with(tmp_path / "project")
    url = site.url_for("/news/flood")
    site.expect_oneshot_request("/news/flood").respond_with_data(served("Floods reach the old town", BODY), content_type="text/html")
    run_invoke(project, "fetch", "--url", url)
    run_invoke(project, "build")
    time.sleep(1.1)  # the second capture is of a later second
    edited = [BODY[0].replace("two metres", "three metres"), BODY[1], BODY[2] + " The army was sent in on Tuesday."]
    site.expect_oneshot_request("/news/flood").respond_with_data(served("Floods drown the old town", edited), content_type="text/html")
    refetched = run_invoke(project, "refetch").stdout
    assert "Fetched: 1 new" in refetched and "Converted captures: 1 written" in refetched

    page = BeautifulSoup((project / "output" / "2025" / "03" / "floods-drown-the-old-town" / "index.html").read_text(), "html.parser")
    versions = page.select_one("#versions")
    assert [" ".join(li.get_text(" ", strip=True).split()).split(": ", 1)[1] for li in versions.select("ol li")] == [
        "HTML page, fetched",
        "HTML page, fetched (shown above)",
    ]
    assert [d.get_text() for d in versions.select(".diff-title del")] == ["reach"]
    assert [i.get_text() for i in versions.select(".diff-title ins")] == ["drown"]
    assert [d.get_text() for d in versions.select(".diff-body del")] == ["two"]
    assert [i.get_text() for i in versions.select(".diff-body ins")] == ["three", " The army was sent in on Tuesday."]
    assert "+9 −2 words, new title" in versions.get_text()
    print(versions.prettify())  # shown in the closing note

    changes_page = BeautifulSoup((project / "output" / "changes" / "index.html").read_text(), "html.parser")
    (item,) = changes_page.select("ol.changes li")
    assert item.a.get_text() == "Floods drown the old town" and item.a["href"].endswith("/2025/03/floods-drown-the-old-town/#versions")
    listed = run_invoke(project, "changes").stdout
    assert re.search(
        r"^\d{4}-\d\d-\d\dT[\d:]+Z  Floods drown the old town  \+9 −2 words, new title  \(2025/03/floods-drown-the-old-town\.md\)$",
        listed,
        re.M,
    )
    assert "No article has changed" in run_invoke(project, "changes", "--since", "2999-01-01").stdout
    run_invoke(project, "preview", env={"SITEURL": "https://user.github.io/repo"})
    feed = (project / "output" / "feeds" / "changes.atom.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 1 and "Floods drown the old town: +9 −2 words, new title" in feed
    assert "https://user.github.io/repo/2025/03/floods-drown-the-old-town/" in feed
    # Nothing was overwritten: both captures are in the store; a third fetch of the same bytes is no version.
    assert len(list((project / "captures").rglob("*.html"))) == 2
    site.expect_oneshot_request("/news/flood").respond_with_data(served("Floods drown the old town", edited), content_type="text/html")
    assert "Fetched: 0 new, 1 unchanged" in run_invoke(project, "refetch", "--source", "127.0.0.1").stdout


def test_the_same_text_from_different_bytes_is_no_change(site, tmp_path):
    project = project_with(tmp_path / "project")
    url = site.url_for("/news/flood")
    site.expect_oneshot_request("/news/flood").respond_with_data(served("Floods", BODY), content_type="text/html")
    run_invoke(project, "fetch", "--url", url)
    run_invoke(project, "build")
    time.sleep(1.1)
    again = served("Floods", BODY).replace("</body>", "<!-- served at 08:01 --></body>")
    site.expect_oneshot_request("/news/flood").respond_with_data(again, content_type="text/html")
    run_invoke(project, "refetch")
    page = (project / "output" / "2025" / "03" / "floods" / "index.html").read_text()
    assert "The text is the same in every version." in page
    assert "No article has changed" in run_invoke(project, "changes").stdout


def test_word_diff_keeps_spaces_and_marks_only_what_changed():
    assert word_diff("a b c", "a x c") == (("same", "a "), ("del", "b"), ("ins", "x"), ("same", " c"))
    assert word_diff("same", "same") == (("same", "same"),)


def test_refetch_wants_a_number_of_days(tmp_path):
    project = project_with(tmp_path / "project")
    result = run_invoke(project, "refetch", "--older-than", "soon", check=False)
    assert result.returncode != 0 and "--older-than is a number of days" in result.stderr
