"""The published pages minified: fewer bytes, the same text and links for a reader."""

from bs4 import BeautifulSoup

from newsarchive.build import build_archive
from newsarchive.minify import minify_page
from tests.support import make_project


def reading(html: str) -> tuple[str, list]:
    """What a reader gets from a page: its words, in order, and its elements with their links, names and roles
    (the minifier may drop an attribute's default value: a form's method="get", a button's type="submit")."""
    soup = BeautifulSoup(html, "html.parser")
    kept = ("href", "src", "id", "class", "lang", "role", "datetime", "aria-label", "aria-hidden", "for", "name", "rel")
    return soup.get_text(" ").split(), [(tag.name, [(a, tag.get(a)) for a in kept if tag.has_attr(a)]) for tag in soup.find_all(True)]


def test_a_minified_page_reads_the_same(tmp_path):
    page = tmp_path / "index.html"
    html = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>A &amp; B</title>
</head>
<body>
  <p class="original">
    Original: <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener">RFE/RL</a>, <em>fetched</em> <time datetime="2025-08-06T10:00:00+00:00">6 August</time>
  </p>
  <pre>two  spaces
kept</pre>
</body>
</html>
"""
    page.write_text(html, encoding="utf-8")
    minify_page(page)
    minified = page.read_text(encoding="utf-8")
    assert len(minified) < len(html) * 0.9
    assert reading(minified) == reading(html)
    assert "<pre>two  spaces\nkept</pre>" in minified
    assert "Original: <a" in minified and "</a>, <em>fetched</em> <time" in minified  # the spaces a reader sees stay


def test_the_published_site_is_minified_and_the_one_you_work_on_is_not(tmp_path, monkeypatch):
    project = make_project(tmp_path)
    monkeypatch.setenv("SITEURL", "https://user.github.io/archive")

    def pages():
        return {p.relative_to(project / "output"): p.read_text(encoding="utf-8") for p in (project / "output").rglob("*.html")}

    build_archive(project / "pelicanconf.py")
    assert all("\n  <" in html for html in pages().values())
    build_archive(project / "publishconf.py", {"MINIFY_HTML": False})
    written = pages()
    build_archive(project / "publishconf.py")
    published = pages()
    assert set(published) == set(written) and len(published) > 10
    for path, html in published.items():
        assert "\n  <" not in html and len(html) < len(written[path]), path
        assert reading(html) == reading(written[path]), path
