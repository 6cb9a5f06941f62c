"""An HTML (or trafilatura XML) element's content as body blocks.

One walker serves both the generic converter (trafilatura's extracted XML) and
the site adapters (a known container such as Pangea's ``div.wsw``): each tag is
given a role, and only text, headings, lists, quotes, tables, figure captions
and safe links come out. Nothing else of the page survives, so no markup from a
capture can reach the archive.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable

from lxml import etree

from newsarchive.records import Block, Figure, Heading, ListBlock, Paragraph, Quote, Span, Table

# Elements whose content is never article text.
DROPPED = frozenset(
    """script style noscript template iframe frame frameset object embed applet form button input
    select option textarea label nav aside footer svg math canvas map area video audio source track
    dialog menu meta link title""".split()
)
INLINE = frozenset(
    """a ref b strong i em hi span font small big sup sub u abbr acronym cite code kbd samp var mark q
    time s strike del ins dfn bdi bdo wbr data tt""".split()
)
SAFE_SCHEMES = ("http", "https", "mailto")

MediaNamer = Callable[[etree._Element], Block | None]
SpanSource = Callable[[str], "tuple[Span, ...] | None"]


def local_name(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""  # a comment or processing instruction
    return tag.rsplit("}", 1)[-1].lower()


def safe_url(href: str | None, base_url: str | None) -> str | None:
    """An absolute http(s)/mailto URL, or None for anything else (``javascript:``, ``data:``, ...)."""
    if not href:
        return None
    href = "".join(ch for ch in href.strip() if ch >= " ")  # control characters can hide a scheme
    try:
        absolute = urllib.parse.urljoin(base_url or "", href)
        scheme = urllib.parse.urlsplit(absolute).scheme.lower()
    except ValueError:
        return None
    return absolute if scheme in SAFE_SCHEMES and (scheme == "mailto" or "//" in absolute) else None


def fold(text: str) -> str:
    return " ".join(text.split())


def element_text(element: etree._Element) -> str:
    """The element's visible text, dropped elements left out, white space folded."""
    return fold("".join(_texts(element)))


def quick_text(element: etree._Element) -> str:
    """The element's text as lxml serialises it, white space folded: fast, for matching.

    Unlike element_text, a line break adds no space and a script inside keeps its text.
    """
    return fold(etree.tostring(element, method="text", encoding="unicode", with_tail=False))


def _texts(element: etree._Element):
    name = local_name(element)
    if name in DROPPED:
        return
    if name in ("br", "lb"):
        yield " "
    if element.text and name:
        yield element.text
    for child in element:
        yield from _texts(child)
        if child.tail:
            yield child.tail


class BlockWalker:
    """Collects blocks from an element tree.

    ``media`` may turn an embedded player into a block; ``spans_for`` may supply
    a paragraph's links and emphasis from elsewhere (the original page, when the
    tree is an extractor's plain-text output), given the paragraph's text.
    """

    def __init__(self, base_url: str | None = None, media: MediaNamer | None = None, spans_for: SpanSource | None = None):
        self.base_url = base_url
        self.media = media
        self.spans_for = spans_for
        self.blocks: list[Block] = []
        self._loose: list[Span] = []

    def walk(self, element: etree._Element) -> tuple[Block, ...]:
        """The blocks inside ``element``."""
        self._children(element)
        self._flush()
        return tuple(self.blocks)

    def walk_one(self, element: etree._Element) -> tuple[Block, ...]:
        """The blocks ``element`` itself makes (a <p> makes one paragraph)."""
        self._visit(element)
        self._flush()
        return tuple(self.blocks)

    # ---- block level

    def _children(self, element: etree._Element) -> None:
        if element.text:
            self._loose.append(Span(element.text))
        for child in element:
            self._visit(child)
            if child.tail:
                self._loose.append(Span(child.tail))

    def _visit(self, element: etree._Element) -> None:
        name = local_name(element)
        if self.media is not None and name:
            block = self.media(element)
            if block is not None:
                self._add(block)
                return
        if not name or name in DROPPED:
            return
        if name == "hi" or name in INLINE:
            self._loose.extend(self._spans(element))
        elif name in ("br", "lb"):
            # Text separated by line breaks outside any <p> is how many pages write paragraphs.
            self._flush()
        elif name == "p":
            self._add(self._paragraph(element))
        elif re.fullmatch(r"h[1-6]", name) or name == "head":
            self._heading(element, name)
        elif name in ("ul", "ol", "list", "dl"):
            self._list(element, name)
        elif name in ("blockquote", "quote"):
            self._quote(element)
        elif name == "figure":
            self._figure(element)
        elif name in ("img", "graphic", "picture"):
            pass  # an image without a caption says nothing in a text archive
        elif name == "table":
            self._table(element)
        elif name == "hr":
            self._flush()
        else:
            self._flush()
            self._children(element)
            self._flush()

    def _add(self, block: Block | None) -> None:
        self._flush()
        if block is not None and getattr(block, "text", True):
            self.blocks.append(block)

    def _flush(self) -> None:
        if self._loose:
            spans, self._loose = tuple(self._loose), []
            paragraph = Paragraph.of(spans)
            if paragraph.text:
                self.blocks.append(paragraph)

    def _heading(self, element: etree._Element, name: str) -> None:
        level = int(name[1]) if name != "head" else int((element.get("rend") or "h2")[-1:] or 2)
        text = element_text(element)
        if text:
            self._add(Heading(text, level=min(max(level, 2), 6)))

    def _list(self, element: etree._Element, name: str) -> None:
        ordered = name == "ol" or (element.get("rend") or "").lower() == "ol"
        items = []
        for child in element:
            if local_name(child) in ("li", "item", "dd", "dt"):
                item = self._paragraph(child)
                if item.text:
                    items.append(item)
        if items:
            self._add(ListBlock(tuple(items), ordered=ordered))

    def _quote(self, element: etree._Element) -> None:
        inner = BlockWalker(self.base_url, self.media, self.spans_for).walk(element)
        paragraphs = tuple(
            block if isinstance(block, Paragraph) else Paragraph(block.text) for block in inner if getattr(block, "text", "")
        )
        if paragraphs:
            self._add(Quote(paragraphs))

    def _figure(self, element: etree._Element) -> None:
        caption_element = next((e for e in element.iter() if local_name(e) == "figcaption"), None)
        if caption_element is None:
            self._flush()
            self._children(element)  # a <figure> used as a plain wrapper
            return
        credit = next(
            (
                element_text(candidate) or None
                for candidate in caption_element.iter()
                if candidate is not caption_element and "credit" in (candidate.get("class") or "").lower()
            ),
            None,
        )
        caption = element_text(caption_element)
        if credit and caption.endswith(credit):
            caption = caption[: -len(credit)].rstrip(" -–—|·")
        if caption:
            self._add(Figure(caption, credit))

    def _table(self, element: etree._Element) -> None:
        rows = []
        header = False
        for row in element.iter():
            if local_name(row) not in ("tr", "row"):
                continue
            cells = [c for c in row if local_name(c) in ("td", "th", "cell")]
            if not rows:
                header = any(local_name(c) == "th" or c.get("role") == "head" for c in cells)
            texts = tuple(element_text(c) for c in cells)
            if any(texts):
                rows.append(texts)
        if rows:
            self._add(Table(tuple(rows), header=header and len(rows) > 1))

    # ---- inline level

    def _paragraph(self, element: etree._Element) -> Paragraph:
        paragraph = Paragraph.of(tuple(self._spans(element)))
        if self.spans_for is not None and paragraph.text and not paragraph.spans:
            richer = self.spans_for(paragraph.text)
            if richer:
                return Paragraph.of(richer)
        return paragraph

    def _spans(self, element: etree._Element, href=None, strong=False, emphasis=False) -> list[Span]:
        spans: list[Span] = []
        name = local_name(element)
        if name in ("a", "ref"):
            href = safe_url(element.get("href") or element.get("target"), self.base_url) or href
        elif name in ("b", "strong") or (name == "hi" and "b" in (element.get("rend") or "")):
            strong = True
        elif name in ("i", "em", "cite") or (name == "hi" and "i" in (element.get("rend") or "")):
            emphasis = True
        if element.text:
            spans.append(Span(element.text, href, strong, emphasis))
        for child in element:
            child_name = local_name(child)
            if child_name in ("br", "lb"):
                spans.append(Span(" ", href, strong, emphasis))
            elif child_name and child_name not in DROPPED:
                spans.extend(self._spans(child, href, strong, emphasis))
            if child.tail:
                spans.append(Span(child.tail, href, strong, emphasis))
        return spans


def blocks_from(
    element: etree._Element,
    base_url: str | None = None,
    media: MediaNamer | None = None,
    spans_for: SpanSource | None = None,
) -> tuple[Block, ...]:
    """The body blocks in ``element``."""
    return BlockWalker(base_url, media, spans_for).walk(element)


class PageSpans:
    """Links and emphasis of the page's own paragraphs, looked up by their text.

    An extractor that returns plain text loses the page's links; this finds the
    page element whose text is the paragraph's, and reads its spans.
    """

    TAGS = ("p", "li", "dd", "dt", "blockquote", "td", "figcaption", "h2", "h3", "h4")
    _WITH_INLINE = " | ".join(f"//{tag}[.//a or .//b or .//strong or .//i or .//em]" for tag in TAGS)

    def __init__(self, tree: etree._Element, base_url: str | None):
        self.tree = tree
        self.base_url = base_url
        self._by_text: dict[str, etree._Element] | None = None

    def __call__(self, text: str) -> tuple[Span, ...] | None:
        if self._by_text is None:
            self._by_text = {}
            # Only paragraphs with a link or emphasis in them have anything to add.
            # In page order, so that of two equal paragraphs the first is used.
            for element in self.tree.xpath(self._WITH_INLINE):
                # A rare mismatch of quick_text only means no spans.
                self._by_text.setdefault(quick_text(element), element)
        element = self._by_text.get(text)
        if element is None:
            return None
        spans = tuple(BlockWalker(self.base_url)._spans(element))
        return spans if fold(spans_text_of(spans)) == text else None


def spans_text_of(spans: tuple[Span, ...]) -> str:
    return "".join(span.text for span in spans)
