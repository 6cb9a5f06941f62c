"""Control characters and noncharacters from captures never reach front matter, feeds or the terminal."""

from pathlib import Path

import pytest
import yaml

from newsarchive.articles import read_article, render_article
from newsarchive.convert import convert_capture
from newsarchive.records import Capture, Provenance
from newsarchive.text import html_text, printable
from tests.support import make_project, run_invoke

UNSAFE = "\x1b[31m \x07 \x01 \x7f \x85 \x9b \ufffe \uffff \ufdd0 \U0010ffff"


def test_printable_drops_controls_and_noncharacters_only():
    assert printable(f"Kyiv{UNSAFE}Київ\tand\nZürich") == "Kyiv[31m" + " " * 9 + "Київ\tand\nZürich"


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("<p>Hello <em>world</em>!</p>\n<p>Kyiv &amp; Odesa&nbsp;today</p>", "Hello world ! Kyiv & Odesa\xa0today"),
        ("<p>a <!-- note --> b <script>alert(1)</script> c</p><style>p {}</style>tail", "a b c tail"),
        ("plain text<br>more", "plain text more"),
        ("  \n ", ""),
    ],
)
def test_html_text_is_what_a_reader_sees(fragment, text):
    from bs4 import BeautifulSoup

    assert html_text(fragment) == text
    assert html_text(fragment) == BeautifulSoup(fragment, "html.parser").get_text(" ", strip=True)


def text_copy(title: str, extra: str = "") -> bytes:
    paragraph = "Officials in the region said the river rose two metres overnight and the town moved people to safety."
    return f"{title}\n\n{paragraph}{extra}\n\nIt was the worst flood in a century. {paragraph}\n".encode()


@pytest.mark.parametrize("character", ["\x1b", "\x07", "\x7f", "\x85", "\ufffe", "\x01"])
def test_a_text_copy_with_a_control_character_makes_valid_front_matter(character):
    capture = Capture(
        Path("copy.txt"),
        text_copy(f"Floods{character} in the Old Town", character),
        Provenance(given_date="2025-03-01", given_source="Example News"),
    )
    article = convert_capture(capture, "captures/copy.txt")
    assert article.title == "Floods in the Old Town"
    markdown = render_article(article)
    assert printable(markdown) == markdown
    yaml.safe_load(markdown.split("---\n")[1])


@pytest.mark.parametrize("character", ["\x1b", "\x01"])
def test_an_html_page_with_a_control_character_still_has_its_text(character):
    paragraphs = [f"<p>Officials said the river rose {n} metres overnight and the town moved people to safety.</p>" for n in range(8)]
    html = f"<html><head><title>Floods{character} in Town</title></head><body><article>{''.join(paragraphs[:4])}{character}{''.join(paragraphs[4:])}</article></body></html>"
    capture = Capture(Path("page.html"), html.encode(), Provenance(given_date="2025-03-01", given_source="Example News"))
    article = convert_capture(capture, "captures/page.html")
    assert article.title == "Floods in Town" and len(article.body) >= 4


def test_controls_in_captures_stop_no_build_feed_or_terminal(tmp_path):
    project = make_project(tmp_path, captures={})
    copy = project / "captures" / "manual" / "copy.txt"
    copy.parent.mkdir(parents=True)
    copy.write_bytes(text_copy(f"Witkoff Floods{UNSAFE} Report", " Witkoff\x1b[2J visited\x07."))
    (project / "captures" / "manual" / "copy.txt.json").write_text(
        '{"given_date": "2025-03-01", "given_source": "Example News"}', encoding="utf-8"
    )
    run_invoke(project, "build")
    run_invoke(project, "preview", env={"SITEURL": "https://user.example/news"})
    feeds = list((project / "output").rglob("*.atom.xml"))
    assert feeds and all("Witkoff Floods" in f.read_text(encoding="utf-8") for f in feeds if "example-news" in f.name)
    found = run_invoke(project, "search", "Witkoff")
    assert "Witkoff Floods" in found.stdout and "\x1b" not in found.stdout and "\x07" not in found.stdout
    article = next((project / "content" / "articles").rglob("*.md"))
    assert read_article(article).title.startswith("Witkoff Floods")
