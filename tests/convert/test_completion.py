import lxml.html

from newsarchive.convert.completion import complete, is_furniture
from newsarchive.records import Heading, Paragraph, Quote, Span

BASE = "https://news.example/a"
TEXT = "The river rose two metres overnight and the town woke up to water in every street near the old bridge"


def paragraph(n: int) -> Paragraph:
    return Paragraph(f"{TEXT} ({n}).")


def test_a_body_split_into_chunks_is_completed_in_page_order():
    chunk = lambda numbers: "".join(f"<p>{TEXT} ({n}).</p>" for n in numbers)  # noqa: E731
    page = lxml.html.document_fromstring(
        f"<html><body><div class='body chunk'>{chunk([1, 2, 3])}</div><aside class='ad'><p>{TEXT} (ad).</p></aside>"
        f"<div class='body chunk'><h2>After the Flood</h2>{chunk([4, 5])}</div></body></html>"
    )
    extracted = tuple(paragraph(n) for n in (1, 2, 3))
    result = complete(extracted, page, BASE)
    assert result == (*extracted, Heading("After the Flood"), paragraph(4), paragraph(5))


def test_embedded_posts_in_the_body_are_kept_as_quotes():
    page = lxml.html.document_fromstring(
        f"<html><body><div class='story'><p>{TEXT} (1).</p><p>{TEXT} (2).</p>"
        "<blockquote class='twitter-tweet'><p>Water everywhere this morning</p>— Jane (@jane) "
        "<a href='https://twitter.com/jane/status/1'>March 1, 2025</a></blockquote>"
        f"<p>{TEXT} (3).</p></div></body></html>"
    )
    extracted = tuple(paragraph(n) for n in (1, 2, 3))
    result = complete(extracted, page, BASE)
    assert isinstance(result[2], Quote) and result[2].paragraphs[0].text == "Water everywhere this morning"
    assert result[3] == paragraph(3)


def test_nothing_is_added_before_the_article_starts():
    page = lxml.html.document_fromstring(
        f"<html><body><div class='story'><h2>A deck that repeats the headline in other words</h2><p>{TEXT} (1).</p>"
        f"<p>{TEXT} (2).</p><p>{TEXT} (3).</p></div></body></html>"
    )
    extracted = tuple(paragraph(n) for n in (1, 2, 3))
    assert complete(extracted, page, BASE) == extracted


def test_furniture():
    assert is_furniture(Paragraph("Like this story? Share it with a friend!"))
    assert is_furniture(Paragraph("Also on rt.com Journalists threatened with arrest"))
    assert is_furniture(Heading("Comments"))
    assert is_furniture(Paragraph("Other story", (Span("Other story", href="https://news.example/other"),)))
    assert not is_furniture(Paragraph("Read the statement in full, the mayor said."))
    assert not is_furniture(
        Paragraph(f"{TEXT}, as the report says.", (Span(f"{TEXT}, as "), Span("the report", href="https://x.example/"), Span(" says.")))
    )
