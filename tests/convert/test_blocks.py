import lxml.html
import pytest

from newsarchive.convert.blocks import PageSpans, blocks_from, safe_url
from newsarchive.records import Figure, Heading, ListBlock, Paragraph, Quote, Span, Table

BASE = "https://news.example/a/story.html"


def blocks(html: str, **options):
    return blocks_from(lxml.html.fragment_fromstring(html, create_parent="div"), BASE, **options)


def test_structure():
    result = blocks(
        "<h1>Title</h1><p>First <b>bold</b> and <i>slanted</i> and <a href='/x'>linked</a>.</p>"
        "<h3>Section</h3><ol><li>one</li><li>two</li></ol>"
        "<blockquote><p>Quoted one.</p><p>Quoted two.</p></blockquote>"
        "<figure><img src='a.jpg'><figcaption>A flooded street <span class='credit'>AP</span></figcaption></figure>"
        "<table><tr><th>City</th><th>Rain</th></tr><tr><td>Kyiv</td><td>12 mm</td></tr></table>"
        "loose text<br><br>more loose text"
    )
    assert result == (
        Heading("Title"),
        Paragraph(
            "First bold and slanted and linked.",
            (
                Span("First "),
                Span("bold", strong=True),
                Span(" and "),
                Span("slanted", emphasis=True),
                Span(" and "),
                Span("linked", href="https://news.example/x"),
                Span("."),
            ),
        ),
        Heading("Section", level=3),
        ListBlock((Paragraph("one"), Paragraph("two")), ordered=True),
        Quote((Paragraph("Quoted one."), Paragraph("Quoted two."))),
        Figure("A flooded street", "AP"),
        Table((("City", "Rain"), ("Kyiv", "12 mm")), header=True),
        Paragraph("loose text"),
        Paragraph("more loose text"),
    )


def test_trafilatura_vocabulary():
    from lxml import etree

    body = etree.fromstring(
        "<body><head rend='h2'>Section</head><p>Text with <hi rend='#b'>bold</hi> and <ref target='https://e.example/'>a link</ref>.</p>"
        "<list rend='ul'><item>a</item><item>b</item></list><quote><p>q</p></quote></body>"
    )
    result = blocks_from(body, BASE)
    assert result[0] == Heading("Section")
    assert result[1].spans[1] == Span("bold", strong=True) and result[1].spans[3] == Span("a link", href="https://e.example/")
    assert result[2] == ListBlock((Paragraph("a"), Paragraph("b")))
    assert result[3] == Quote((Paragraph("q"),))


def test_dropped_elements_leave_no_text():
    result = blocks(
        "<p>Kept<script>alert(1)</script><style>p{}</style></p><nav>Menu</nav><form><button>Go</button></form><iframe></iframe>"
    )
    assert result == (Paragraph("Kept"),)


@pytest.mark.parametrize(
    ("href", "safe"),
    [
        ("/x", "https://news.example/x"),
        ("https://other.example/y", "https://other.example/y"),
        ("mailto:desk@news.example", "mailto:desk@news.example"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<script>x</script>", None),
        ("vbscript:msgbox", None),
        ("", None),
    ],
)
def test_only_safe_links(href, safe):
    assert safe_url(href, BASE) == safe


def test_page_spans_restore_links_an_extractor_dropped():
    tree = lxml.html.document_fromstring("<html><body><p>Read <a href='/r'>the report</a> today.</p></body></html>")
    spans = PageSpans(tree, BASE)
    assert spans("Read the report today.") == (Span("Read "), Span("the report", href="https://news.example/r"), Span(" today."))
    assert spans("Some other text.") is None
