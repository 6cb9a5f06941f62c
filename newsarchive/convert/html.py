"""HTML article pages: decode, parse, and hand to the site's adapter or the generic extractor.

The generic extractor uses trafilatura for the article body (measured against
readability-lxml and markdownify on the extraction benchmark: see
``benchmarks/extraction.py``) and our own metadata reader; its output is turned
into our blocks, so no markup from the page survives.
"""

from __future__ import annotations

import codecs
import copy
import logging
import re
from dataclasses import dataclass

import charset_normalizer
import lxml.html
import trafilatura
from lxml import etree

from newsarchive.convert.blocks import PageSpans, blocks_from, element_text, local_name
from newsarchive.convert.completion import complete
from newsarchive.convert.metadata import PageMetadata, parse_page_date, read_metadata, structured_authors
from newsarchive.convert.parts import PageParts
from newsarchive.errors import NewsarchiveError
from newsarchive.records import Block
from newsarchive.sites import HtmlTools
from newsarchive.text import printable

MAX_HTML_BYTES = 15 * 1024 * 1024
"""Larger pages are refused: no article needs them, and parsing them costs seconds and memory."""

# Parsed as trafilatura parses, so that its extraction from our tree equals its extraction from the page.
HTML_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False)
MIN_ARTICLE_WORDS = 100
"""Below this many words the precise extraction probably caught a teaser or a sidebar; the thorough one is tried too."""
# trafilatura logs each page it finds nothing in; our converter reports that itself, naming the file.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class HtmlError(NewsarchiveError):
    """The bytes are not an HTML page we can read; the message says why."""


class SkipPage(ValueError):
    """The page is not an article (a programme listing, a video page); the message says what it is."""


@dataclass(frozen=True)
class HtmlPage:
    """A decoded, parsed page and where it came from."""

    url: str | None
    tree: etree._Element
    encoding: str


def decode_html(data: bytes, http_charset: str | None = None) -> tuple[str, str]:
    """The page as text and the encoding used.

    Valid UTF-8 is taken as UTF-8 whatever the page declares (a page that is
    valid UTF-8 by accident in another encoding is vanishingly rare). Otherwise
    the declared charset is used unless a detector finds the text reads far
    better in another one, which catches a wrong declaration (KOI8-R labelled
    windows-1251, say).
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _known_codec(http_charset) or _known_codec(_sniffed_charset(data))
    detected = charset_normalizer.from_bytes(data, explain=False).best()
    if declared and declared != "utf-8":
        if detected is None or detected.encoding == declared:
            return data.decode(declared, "replace"), declared
        declared_match = charset_normalizer.from_bytes(data, cp_isolation=[declared], explain=False).best()
        if declared_match is not None and declared_match.chaos <= detected.chaos + 0.05:
            return data.decode(declared, "replace"), declared
    if detected is not None:
        return str(detected), detected.encoding
    return data.decode("windows-1252", "replace"), "windows-1252"


def _sniffed_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:8192])
    return match.group(1).decode("ascii") if match else None


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    # charset_normalizer and Python spell codecs alike after lookup ("cp1251", "koi8-r", "utf-8").
    return codec


def load_html(data: bytes, url: str | None, http_charset: str | None = None) -> HtmlPage:
    """Decode and parse a page; HtmlError for bytes that are not a readable page."""
    if len(data) > MAX_HTML_BYTES:
        raise HtmlError(f"page is {len(data) / 1e6:.1f} MB, over the {MAX_HTML_BYTES // 1e6:.0f} MB limit for an article")
    head = data[:2048]
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise HtmlError("binary data, not an HTML page")
    text, encoding = decode_html(data, http_charset)
    text = printable(text)  # one stray ESC or U+0001 would make libxml2 give up on the page
    if not text.strip():
        raise HtmlError("empty page")
    if "<" not in text[:4096]:
        raise HtmlError("no HTML markup in the page")
    text = _XML_DECLARATION.sub("", text, count=1)
    text = without_excess_links(text)
    try:
        tree = lxml.html.document_fromstring(text, parser=HTML_PARSER)
        if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in HTML_PARSER.error_log):
            # libxml2 drops everything nested deeper than 256 elements: flatten the excess and parse again.
            tree = lxml.html.document_fromstring(flatten_deep_nesting(text), parser=HTML_PARSER)
    except (etree.ParserError, ValueError) as error:
        raise HtmlError(f"cannot parse the HTML ({error})") from None
    return HtmlPage(url=url, tree=tree, encoding=encoding)


MAX_DEPTH = 120
"""Elements nested deeper than this lose their tags (not their text) before parsing."""
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)(?:\s[^>]*)?(/?)>")
_WRAPPERS = frozenset("div span section article main aside header footer nav font center".split())
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def flatten_deep_nesting(text: str, limit: int = MAX_DEPTH) -> str:
    """The page with the tags of wrapper elements (div, span, ...) nested deeper than ``limit``
    left out, their text kept; any element deeper than twice the limit loses its tags too."""
    open_tags: list[str] = []
    dropped: dict[str, int] = {}
    pieces, position = [], 0
    for match in _TAG.finditer(text):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        keep = True
        if name in _VOID or self_closing:
            pass
        elif not closing:
            # Past the limit wrappers go; paragraphs, headings and lists keep their tags a while longer.
            if len(open_tags) >= (limit if name in _WRAPPERS else 2 * limit):
                dropped[name] = dropped.get(name, 0) + 1
                keep = False
            else:
                open_tags.append(name)
        elif dropped.get(name):
            dropped[name] -= 1
            keep = False
        elif name in open_tags:
            while open_tags and open_tags.pop() != name:
                pass
        if not keep:
            pieces.append(text[position : match.start()])
            position = match.end()
    pieces.append(text[position:])
    return "".join(pieces)


MAX_PAGE_LINKS = 5_000
"""Links parsed in one page; the tags of later ones are left out before parsing (their text stays), so a page
listing 100,000 links costs seconds and tens of MB, not minutes and hundreds (an article keeps fewer still)."""
_LINK_TAG = re.compile(r"<(/?)a(?=[\s>/])[^>]*>", re.IGNORECASE)


def without_excess_links(text: str, limit: int = MAX_PAGE_LINKS) -> str:
    """The page with the ``<a>`` tags after the first ``limit`` links left out."""
    seen = 0
    found = None
    for found in _LINK_TAG.finditer(text):
        if not found.group(1):
            seen += 1
            if seen > limit:
                break
    else:
        return text
    head, tail = text[: found.start()], text[found.start() :]
    return head + _LINK_TAG.sub("", tail)


def looks_truncated(data: bytes) -> bool:
    """Whether the page stops before its end: neither ``</body>`` nor ``</html>`` arrived."""
    return _PAGE_END.search(data) is None


_PAGE_END = re.compile(rb"</(?:body|html)\s*>", re.IGNORECASE)


def generic_parts(page: HtmlPage, site=None) -> PageParts:
    """The article in any page: trafilatura finds the body, our metadata reader the rest."""
    metadata = read_metadata(page.tree, page.url)
    body = extract_body(page)
    return parts_from(metadata, body, site)


def extract_body(page: HtmlPage) -> tuple[Block, ...]:
    """The main text's blocks, as trafilatura finds them (comments, navigation and the like left out).

    trafilatura chooses the text (asked for plain text: asking it for links or
    formatting changes which text it chooses, for the worse on the benchmark);
    the links and emphasis are then read back from the page's own paragraphs.
    """
    body = _trafilatura_body(page, favor_precision=True)
    if body is None or _words(body) < MIN_ARTICLE_WORDS:
        thorough = _trafilatura_body(page, favor_recall=True)
        # Headings alone (the headline, a deck) do not make the thorough result better.
        if thorough is not None and (body is None or _words(thorough) > 1.5 * _words(body)):
            body = thorough
    if body is None:
        return ()
    blocks = blocks_from(body, base_url=page.url, spans_for=PageSpans(page.tree, page.url))
    return complete(blocks, page.tree, page.url)


def _trafilatura_body(page: HtmlPage, **preference: bool) -> etree._Element | None:
    document = trafilatura.bare_extraction(
        copy.deepcopy(page.tree),
        url=page.url,
        fast=True,
        include_comments=False,
        include_tables=True,
        with_metadata=False,
        **preference,
    )
    return document.body if document is not None else None


def _words(body: etree._Element) -> int:
    """Words of running text in an extracted body: paragraphs, lists, quotes, tables; not headings."""
    return sum(len(" ".join(child.itertext()).split()) for child in body if child.tag != "head")


def parts_from(metadata: PageMetadata, body: tuple[Block, ...], site=None, **overrides) -> PageParts:
    """PageParts from metadata and body; ``overrides`` (an adapter's findings) beat the metadata."""
    body = _without_repeated_title(body, metadata.title)
    fields = dict(
        title=metadata.title,
        site=site,
        body=body,
        image_caption=metadata.image_caption,
        image_credit=metadata.image_credit,
        image_url=metadata.image_url,
        authors=metadata.authors,
        published=metadata.published,
        modified=metadata.modified,
        section=metadata.section,
        language=metadata.language,
        url=metadata.canonical_url,
        site_name=metadata.site_name,
        description=metadata.description,
    )
    fields.update(overrides)
    return PageParts(**fields)


def _without_repeated_title(body: tuple[Block, ...], title: str | None) -> tuple[Block, ...]:
    if body and title and getattr(body[0], "text", None) == title:
        return body[1:]
    return body


def _skip(reason: str):
    raise SkipPage(reason)


HTML_TOOLS = HtmlTools(
    read_metadata=read_metadata,
    generic_parts=generic_parts,
    parts_from=parts_from,
    blocks_from=blocks_from,
    element_text=element_text,
    local_name=local_name,
    parse_page_date=parse_page_date,
    structured_authors=structured_authors,
    skip=_skip,
)
"""What a site's HTML adapter is lent (the interface is declared in newsarchive.sites)."""
