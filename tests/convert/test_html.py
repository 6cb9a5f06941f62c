"""HTML captures: the Pangea adapter, the generic converter, encodings, safety and bad input."""

import dataclasses
import datetime as dt
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from newsarchive.articles import render_article
from newsarchive.captures import load_capture
from newsarchive.convert import ConversionError, ConversionSkipped, convert_capture
from newsarchive.convert.html import MAX_HTML_BYTES, decode_html
from newsarchive.records import Capture, Heading, ListBlock, Media, Paragraph, Provenance, Quote
from tests.support import FIXTURES

POLYGRAPH = FIXTURES / "polygraph-fact-check-al-tanf.html"
URL = "https://news.example/2025/03/01/floods"


def html_capture(html: str | bytes, name: str = "page.html", **provenance) -> Capture:
    data = html.encode("utf-8") if isinstance(html, str) else html
    return Capture(Path(name), data, Provenance(requested_url=URL, **provenance))


def page(body: str, head: str = "") -> str:
    return f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Floods Reach the Old Town | Example News</title>{head}</head><body>{body}</body></html>"


ARTICLE = "".join(
    f"<p>Paragraph {n} of the story tells how the river rose two metres overnight and what the town did about it.</p>" for n in range(1, 9)
)

PUBLISHED_META = '<meta property="article:published_time" content="2025-03-01T08:00:00Z">'

# ---------------------------------------------------------------- Pangea


def test_pangea_fact_check():
    article = convert_capture(load_capture(POLYGRAPH), "tests/fixtures/polygraph.html")
    assert article.title == "Russia and Syria: U.S.-backed Syrian Forces Blocking Refugee Return"
    assert article.source == "Polygraph.info"
    assert article.date == dt.datetime(2019, 11, 18, 20, 28, 55, tzinfo=dt.UTC)
    assert article.date_source == "page"
    assert article.authors == ()  # the claimant is not an author
    assert article.language == "en"
    kinds = [type(block).__name__ for block in article.body[:4]]
    assert kinds == ["Paragraph", "Quote", "Paragraph", "Paragraph"]
    assert article.body[0].text == "Claim by The Russian and Syrian defense ministries:"
    assert article.body[1].text.startswith("“A cause for serious concern is the situation in southern Syria")
    assert article.body[2].text == "Verdict: False. Information from multiple sources disputes the claims"
    assert article.body[3].text.startswith("In a joint statement published Oct. 25")
    assert Heading("The Rukban camp", level=4) in article.body
    assert Media("Video", "embedded from YouTube") in article.body
    links = [span.href for block in article.body if isinstance(block, Paragraph) for span in block.spans if span.href]
    assert "https://www.crisisgroup.org/trigger-list/iran-us-trigger-list/flashpoints/al-tanf-syria" in links
    assert article.summary.startswith("In a joint statement published Oct. 25")


@pytest.mark.parametrize(("kind", "what"), [("pg-media", "a video or audio page"), ("pg-prog", "a programme page")])
def test_pangea_media_and_programme_pages_are_skipped(kind, what):
    capture = load_capture(POLYGRAPH)
    data = capture.data.replace(b'class="nav-no-loaded pg-fc', f'class="nav-no-loaded {kind}'.encode())
    capture = dataclasses.replace(capture, data=data, provenance=dataclasses.replace(capture.provenance, sha256=None))
    with pytest.raises(ConversionSkipped, match=f"skipped: {what} of Polygraph.info \\({kind}\\), not an article"):
        convert_capture(capture, "x")


def test_a_pangea_address_whose_page_has_no_body_class_is_converted_as_any_page():
    html = page(f"<article><h1>Floods Reach the Old Town</h1>{ARTICLE}</article>", head=PUBLISHED_META)
    capture = Capture(Path("page.html"), html.encode(), Provenance(requested_url="https://www.rferl.org/a/floods/1.html"))
    article = convert_capture(capture, "x")
    assert article.title == "Floods Reach the Old Town" and len(article.body) == 8


def test_pangea_adapter_is_chosen_by_host_for_every_pangea_site():
    from newsarchive.sites import site_for_url

    for url, name in [
        ("https://www.rferl.org/a/x/1.html", "RFE/RL"),
        ("https://www.polygraph.info/a/x/1.html", "Polygraph.info"),
        ("https://www.currenttime.tv/a/x/1.html", "Current Time"),
        ("https://www.voanews.com/a/x/1.html", "VOA"),
    ]:
        site = site_for_url(url)
        assert site.name == name and site.html is not None


# ---------------------------------------------------------------- generic


def test_generic_article_with_structured_metadata():
    ld = """<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
      "headline": "Floods Reach the Old Town", "datePublished": "2025-03-01T08:30:00+01:00",
      "dateModified": "2025-03-01T10:00:00+01:00", "articleSection": "Weather", "inLanguage": "en-GB",
      "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Organization", "name": "Example News"}],
      "image": {"@type": "ImageObject", "url": "/img/flood.jpg", "caption": "The river in the square", "creditText": "Photo: AP"}}</script>
      <link rel="canonical" href="https://news.example/floods">"""
    body = f"<article><h1>Floods Reach the Old Town</h1>{ARTICLE}<h2>What Comes Next</h2>{ARTICLE}</article>"
    article = convert_capture(html_capture(page(body, ld)), "page.html")
    assert article.title == "Floods Reach the Old Town"
    assert article.date == dt.datetime(2025, 3, 1, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert article.modified == dt.datetime(2025, 3, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert article.authors == ("Jane Doe",)
    assert (article.section, article.language) == ("Weather", "en")
    assert article.source_url == "https://news.example/floods"
    assert article.source == "news.example"
    assert (article.image, article.image_caption, article.image_credit) == (
        "https://news.example/img/flood.jpg",
        "The river in the square",
        "Photo: AP",
    )
    assert Heading("What Comes Next") in article.body
    assert sum(isinstance(b, Paragraph) for b in article.body) == 16


def test_body_keeps_lists_quotes_and_links():
    body = (
        "<article><h1>Floods Reach the Old Town</h1>"
        + ARTICLE
        + "<ul><li>Sandbags on Bridge Street</li><li>Shelter at the <a href='/school'>school</a></li></ul>"
        + "<blockquote><p>We have never seen water this high, said the mayor of the town.</p></blockquote>"
        + ARTICLE
        + "</article>"
    )
    article = convert_capture(html_capture(page(body)), "page.html")
    lists = [b for b in article.body if isinstance(b, ListBlock)]
    assert lists and [item.text for item in lists[0].items] == ["Sandbags on Bridge Street", "Shelter at the school"]
    assert any(isinstance(b, Quote) and "never seen water" in b.text for b in article.body)
    markdown_text = render_article(article)
    assert "- Shelter at the [school](https://news.example/school)" in markdown_text


def test_page_furniture_is_left_out():
    furniture = (
        "<div class='share'>Share this story</div><nav><a href='/'>Home</a><a href='/news'>News</a></nav>"
        "<aside class='related'><h3>Related</h3><ul><li><a href='/a'>Other story one</a></li></ul></aside>"
        "<div class='newsletter'>Sign up for our newsletter</div><footer>© Example News</footer>"
        "<div id='comments'><h3>Comments</h3><p>First! Great article, everyone should read it now please.</p></div>"
        "<div class='cookie-banner'><p>We use cookies to improve your experience. <button>Accept</button></p></div>"
    )
    body = f"<article><h1>Floods Reach the Old Town</h1>{ARTICLE}<p><a href='/more'>Read more: another story</a></p></article>{furniture}"
    text = render_article(convert_capture(html_capture(page(body)), "page.html"))
    for junk in ("Share this story", "Home", "Other story one", "newsletter", "Example News\n", "First!", "Read more", "cookies"):
        assert junk not in text.split("---\n", 2)[2], junk


# ---------------------------------------------------------------- encodings

RUSSIAN_TITLE = "Паводок дошёл до Старого города"
RUSSIAN_TEXT = "Река поднялась на два метра за ночь, и жители города укрепляли дома мешками с песком до самого утра."


def russian_page(charset: str | None) -> str:
    meta = f"<meta charset='{charset}'>" if charset else ""
    paragraphs = "".join(f"<p>{RUSSIAN_TEXT} Абзац {n}.</p>" for n in range(6))
    return f"<html lang='ru'><head>{meta}<title>{RUSSIAN_TITLE}</title></head><body><article><h1>{RUSSIAN_TITLE}</h1>{paragraphs}</article></body></html>"


@pytest.mark.parametrize(
    ("encoding", "declared"),
    [
        ("windows-1251", "windows-1251"),
        ("koi8-r", "koi8-r"),
        ("koi8-r", "windows-1251"),  # a wrong declaration
        ("windows-1251", None),  # none at all
        ("utf-8", "windows-1251"),  # UTF-8 labelled as windows-1251
    ],
)
def test_cyrillic_pages_stay_readable(encoding, declared):
    data = russian_page(declared).encode(encoding)
    article = convert_capture(html_capture(data, given_date="2025-03-01", given_source="Example"), "page.html")
    assert article.title == RUSSIAN_TITLE
    assert article.body[0].text.startswith(RUSSIAN_TEXT)


def test_http_charset_from_the_sidecar_is_used():
    data = russian_page(None).encode("koi8-r")
    text, encoding = decode_html(data, "koi8-r")
    assert encoding == "koi8-r" and RUSSIAN_TITLE in text


# ---------------------------------------------------------------- safety

HOSTILE = (
    "<article><h1>Floods <script>alert(1)</script>Reach the Old Town</h1>"
    + ARTICLE
    + "<p onclick='alert(2)'>The mayor asked people to click <a href='javascript:alert(3)'>here</a> or <a href='data:text/html,<script>alert(4)</script>'>there</a>"
    " or <a href=' JaVaScRiPt:alert(5)'>everywhere</a> to find a shelter, <img src=x onerror=alert(6)> and said the <b>water</b> would keep rising"
    " through the night, so that everyone living near the river should leave before dark and take their papers.</p>"
    "<iframe src='https://evil.example/'></iframe><form action='/steal'><input name='q'><button>Go</button></form>"
    "<p>Raw &lt;script&gt;alert(7)&lt;/script&gt; as text, and <code>&lt;b&gt;bold&lt;/b&gt;</code>, stay text in the article body.</p>"
    + ARTICLE.replace("Paragraph", "Part")
    + "</article>"
)


def test_nothing_executable_survives():
    text = render_article(convert_capture(html_capture(page(HOSTILE)), "page.html"))
    assert_safe_markdown(text)


def test_nothing_executable_survives_an_adapter():
    """The walker that adapters use on a known container is as strict as the generic path."""
    import lxml.html

    from newsarchive.articles import render_block
    from newsarchive.convert.blocks import blocks_from

    container = lxml.html.fragment_fromstring(HOSTILE, create_parent="div")
    text = "---\n---\n" + "\n\n".join(render_block(block) for block in blocks_from(container, URL))
    assert_safe_markdown(text)


def assert_safe_markdown(text: str) -> None:
    html = markdown.markdown(text.split("---\n", 2)[2], extensions=["extra"])
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "iframe", "form", "input", "button", "img", "object", "embed"])
    assert not any(attr.startswith("on") for tag in soup.find_all(True) for attr in tag.attrs)
    for link in soup.find_all("a"):
        assert link["href"].startswith(("http://", "https://", "mailto:")), link
    assert "here" in soup.get_text() and "there" in soup.get_text()
    assert "<script>alert(7)</script>" in soup.get_text()
    assert "<" not in text.split("---\n", 2)[2].replace("&lt;", "")


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty capture"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
            "a PNG image, not a web page or a text copy of one (whatever its name says)",
        ),
        (b"\x00\x01\x02binary" + bytes(range(256)), "binary data, not an HTML page"),
        (b"just some words, no markup at all", "no HTML markup in the page"),
        (page("<div><a href='/'>Home</a> <a href='/news'>News</a></div>").encode(), "no article text found"),
        (b"<html><body>" + ARTICLE.encode() + b"</body></html>", "no title found"),
        (page("<article><h1>Floods</h1>" + ARTICLE + "<p>The river rose two metres overnight and the town").encode()[:-40], None),
    ],
    ids=["empty", "png", "binary", "not-html", "no-article", "no-title", "truncated"],
)
def test_bad_html_is_one_clear_line(data, reason):
    capture = html_capture(data, given_date="2025-03-01", given_source="Example")
    if reason is None:  # truncated, but with an article in it: converted from what is there
        assert convert_capture(capture, "page.html").title == "Floods Reach the Old Town"
        return
    with pytest.raises(ConversionError) as raised:
        convert_capture(capture, "page.html")
    assert str(raised.value) == f"page.html: {reason}"


def test_a_huge_page_is_refused_quickly():
    data = page("<p>" + "x " * (MAX_HTML_BYTES // 2) + "</p>").encode() + b" " * 5_000_000
    with pytest.raises(ConversionError, match=r"page\.html: page is \d+\.\d MB, over the 15 MB limit"):
        convert_capture(html_capture(data), "page.html")


# ---------------------------------------------------------------- pages cut off, pages nested deep


def test_a_page_cut_off_is_archived_marked_truncated_with_a_warning(tmp_path):
    from newsarchive.convert.batch import convert_all

    whole = page(ARTICLE).encode()
    cut = whole[: int(len(whole) * 0.4)]
    store = tmp_path / "captures"
    store.mkdir()
    (store / "cut.html").write_bytes(cut)
    (store / "cut.html.json").write_text('{"given_date": "2025-03-01", "given_source": "Example News"}')
    (store / "whole.html").write_bytes(whole.replace(b"Floods Reach", b"Rains Reach"))
    (store / "whole.html.json").write_text('{"given_date": "2025-03-01", "given_source": "Example News"}')
    report = convert_all(store, tmp_path / "articles", tmp_path)
    assert len(report.written) == 2
    assert report.warnings == (
        "captures/cut.html: the page stops before its end (no </body> or </html>): archived what arrived, marked 'truncated: true'",
    )
    cut_article = next(p for p in report.written if p.name.startswith("floods"))
    assert "\ntruncated: true\n" in cut_article.read_text()
    assert "truncated" not in next(p for p in report.written if p.name.startswith("rains")).read_text()


def test_ten_thousand_nested_divs_still_give_the_article():
    nested = "<div>" * 10_000 + f"<article>{ARTICLE}</article>" + "</div>" * 10_000
    article = convert_capture(html_capture(page(nested), given_date="2025-03-01"), "c")
    assert len(article.body) == 8 and article.body[0].text.startswith("Paragraph 1 of the story")


def test_a_page_of_100000_links_keeps_its_text_and_a_bounded_number_of_links():
    from newsarchive.convert import MAX_LINKS

    links = " ".join(f"<a href='https://x.example/{n}'>item {n}</a>" for n in range(100_000))
    article = convert_capture(html_capture(page(f"<article>{ARTICLE}<p>{links}</p></article>"), given_date="2025-03-01"), "c")
    spans = [span for block in article.body if isinstance(block, Paragraph) for span in block.spans]
    assert sum(1 for span in spans if span.href) == MAX_LINKS
    text = " ".join(block.text for block in article.body if isinstance(block, Paragraph))
    assert "item 0 " in text and "item 99999" in text
    markdown = render_article(article)
    assert markdown.count("](https://x.example/") == MAX_LINKS


def test_the_headline_is_not_repeated_as_the_bodys_first_heading():
    repeated = page("<article><h2>Floods  reach the old town</h2>" + ARTICLE + "<h2>What comes next</h2>" + ARTICLE + "</article>")
    article = convert_capture(html_capture(repeated, given_date="2025-03-01", given_source="Example"), "page.html")
    assert article.title == "Floods Reach the Old Town"
    headings = [block.text for block in article.body if isinstance(block, Heading)]
    assert headings == ["What comes next"]


@pytest.mark.parametrize(
    ("head", "outlet"),
    [
        ("<meta property='og:site_name' content='The Jerusalem Post | JPost.com'>", "The Jerusalem Post"),
        (
            "<meta property='og:site_name' content='usatoday'>"
            '<script type=\'application/ld+json\'>{"@type": "NewsArticle", "publisher": {"name": "USA TODAY"}}</script>',
            "USA TODAY",
        ),
        ("<meta property='og:site_name' content='Hosted'><meta name='application-name' content='AP'>", "AP"),
    ],
)
def test_the_outlet_is_named_as_it_names_itself(head, outlet):
    article = convert_capture(
        html_capture(page("<article><h1>Floods Reach the Old Town</h1>" + ARTICLE + "</article>", head), given_date="2025-03-01"),
        "page.html",
    )
    assert article.source == outlet


def test_a_section_the_page_repeats_is_named_once():
    head = "<meta property='article:section' content='Smithsonian, Smithsonian, Smithsonian'>"
    article = convert_capture(
        html_capture(
            page("<article><h1>Floods Reach the Old Town</h1>" + ARTICLE + "</article>", head),
            given_date="2025-03-01",
            given_source="Example",
        ),
        "page.html",
    )
    assert article.section == "Smithsonian"


def test_a_title_case_headline_names_no_one_its_capitals_make_up():
    # benchmarks/real_text.py's page "Republicans Are Following Trump to Nowhere" named "Are Following Trump".
    headline = "Republicans Are Following Trump to Nowhere"
    body = "<p>“He did a wonderful job,” Trump tweeted of Matt Bevin. Republicans are following him, wherever it goes.</p>" + ARTICLE
    html = page(f"<article><h1>{headline}</h1>{body}</article>").replace("Floods Reach the Old Town", headline)
    article = convert_capture(html_capture(html, given_date="2025-03-01"), "page.html")
    assert article.title == headline
    assert article.people == ("Matt Bevin",)
