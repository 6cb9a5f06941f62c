"""Convert a capture into an :class:`~newsarchive.records.Article`.

A capture goes to the converter for its kind (today: plain-text page copies);
the parts it finds are then joined with what the sidecar says (including what
the user gave on the command line), in one place, so every converter settles
date, source and URL the same way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import urllib.parse
from pathlib import Path

from newsarchive.addresses import web_address
from newsarchive.captures import HTML_SUFFIXES, TEXT_SUFFIXES
from newsarchive.convert.html import HTML_TOOLS, HtmlError, HtmlPage, SkipPage, generic_parts, load_html, looks_truncated
from newsarchive.convert.metadata import date_in_text
from newsarchive.convert.parts import PageParts
from newsarchive.convert.plaintext import decode_text, parse_page_copy, split_credits
from newsarchive.entities import cyrillic
from newsarchive.entities.corrections import NO_CORRECTIONS, Corrections
from newsarchive.entities.extract import extract as extract_entities
from newsarchive.errors import NewsarchiveError
from newsarchive.records import Article, Block, Capture, Heading, ListBlock, Paragraph, Quote
from newsarchive.sites import site_for_url, site_named

SUMMARY_LENGTH = 300
MIN_ARTICLE_WORDS = 10
"""Fewer words of running text than this is a menu or an error page, not an article."""


class ConversionError(NewsarchiveError):
    """A capture cannot be converted; ``str()`` names the file and the reason."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ConversionSkipped(ConversionError):
    """The capture is not an article (a video or programme page); nothing is made of it."""


def convert_capture(
    capture: Capture,
    capture_ref: str,
    captured: tuple[str, ...] = (),
    corrections: Corrections = NO_CORRECTIONS,
    corrections_used: set | None = None,
) -> Article:
    """Convert one capture; ``capture_ref`` is how the article names it (a path relative to the
    project), ``captured`` when each capture of the same article was fetched, ``corrections``
    the user's corrections to the people and places found, ``corrections_used`` gathers those that matched."""
    parts = _parse(capture)
    if not parts.title:
        raise ConversionError(capture.path, "no title found")
    words = sum(len(block.text.split()) for block in parts.body if isinstance(block, Paragraph))
    if words < MIN_ARTICLE_WORDS:
        raise ConversionError(capture.path, "no article text found")
    date, date_source = _settle_date(capture, parts)
    parts = dataclasses.replace(parts, body=bounded_links(_without_repeated_headline(parts.body, parts.title)))
    contributors = _contributors(parts.body)
    parts = dataclasses.replace(parts, credits=tuple(dict.fromkeys([*parts.credits, *contributors])))
    text = _plain_text(parts, without=contributors)
    entities = corrections.apply(extract_entities(text), text, corrections_used)
    return Article(
        title=parts.title,
        date=date,
        date_source=date_source,
        modified=parts.modified if parts.modified and parts.modified > date else None,
        source=_settle_source(capture, parts),
        # A page's own address (rel=canonical, og:url) is hostile input like the rest of it.
        source_url=web_address(capture.provenance.given_url) or web_address(parts.url) or web_address(capture.url),
        capture=capture_ref,
        captured=captured,
        authors=parts.authors,
        section=parts.section,
        language=parts.language or capture.provenance.language or cyrillic.language_of(text),
        summary=_summary(parts),
        image=web_address(parts.image_url),
        image_caption=parts.image_caption,
        image_credit=parts.image_credit,
        credits=parts.credits,
        people=entities.people,
        places=entities.places,
        tags=capture.provenance.tags,
        body=parts.body,
        truncated=_kind_of(capture) == "html" and looks_truncated(capture.data),
    )


MAX_LINKS = 1_000
"""Links kept in one article; past them, a link's text stays and its address goes. A page of 100,000
links (a list of the site's every page) would otherwise cost a build minutes and hundreds of MB."""


def bounded_links(body: tuple[Block, ...], limit: int = MAX_LINKS) -> tuple[Block, ...]:
    """The body with no more than ``limit`` links: later links become plain text."""
    kept = 0

    def spans(paragraph: Paragraph) -> Paragraph:
        nonlocal kept
        if not paragraph.spans:
            return paragraph
        out = []
        for span in paragraph.spans:
            if span.href:
                kept += 1
                if kept > limit:
                    span = dataclasses.replace(span, href=None)
            out.append(span)
        return Paragraph.of(tuple(out))

    def block(item: Block) -> Block:
        if isinstance(item, Paragraph):
            return spans(item)
        if isinstance(item, Quote):
            return Quote(tuple(spans(p) for p in item.paragraphs))
        if isinstance(item, ListBlock):
            return dataclasses.replace(item, items=tuple(spans(p) for p in item.items))
        return item

    return tuple(block(item) for item in body)


def _without_repeated_headline(body: tuple[Block, ...], title: str) -> tuple[Block, ...]:
    """The body without a first heading that only repeats the headline (the page shows the headline once)."""
    if body and isinstance(body[0], Heading) and " ".join(body[0].text.split()).casefold() == " ".join(title.split()).casefold():
        return body[1:]
    return body


def _plain_text(parts: PageParts, without: tuple[str, ...] = ()) -> str:
    """The headline and body as text, a block a paragraph, for finding names in; a credit line
    naming any of ``without`` is left out (they made the report; they are not in the story)."""
    blocks = [getattr(block, "text", None) or getattr(block, "title", "") for block in parts.body]
    if without:
        blocks = [text for text in blocks if not (_credit_names(text) and set(_credit_names(text)) & set(without))]
    return "\n\n".join([parts.title or "", *blocks])


# Lines news pages end with to credit who reported, wrote and edited: "Jane Roe contributed to this
# report.", "(Reporting by Jane Roe in Kyiv; Editing by John Doe)".
_CONTRIBUTED = re.compile(
    r"(?P<names>[A-Z][^.;:()]{2,200}?)\s+(?:also\s+)?contributed(?:\s+reporting)?\s+(?:to|for)\s+(?:this|the)\s+(?:report|story|article)\.?"
)
_REPORTING_BY = re.compile(r"(?i:(?:additional\s+)?reporting|writing|editing|compiled)(?:\s+and\s+\w+)?\s+by\s+(?P<names>[^;()]+)")
_ROLE_BEFORE = re.compile(r"^.*?\b(?:writers?|reporters?|correspondents?|journalists?|producers?)\s+")


def _credit_names(text: str) -> tuple[str, ...]:
    """The people a credit line names (none if ``text`` is not a credit line)."""
    text = text.strip()
    if len(text) > 300:
        return ()
    found: list[str] = []
    if match := _CONTRIBUTED.fullmatch(text):
        found += split_credits(match.group("names"))
    elif text.startswith("(") and text.endswith((")", ").")) or _REPORTING_BY.match(text):
        for match in _REPORTING_BY.finditer(text):
            found += split_credits(match.group("names"))
    # "AP writer Jane Roe in Kyiv": the reporter, not her outlet, role or where she was.
    names = [_ROLE_BEFORE.sub("", re.sub(r"\s+(?:in|from|at)\s+[A-Z].*$", "", name)).strip() for name in found]
    return tuple(name for name in names if 2 <= len(name.split()) <= 4 and all(_name_word(w) for w in name.split()))


def _name_word(word: str) -> bool:
    return word[0].isupper() or word in ("de", "van", "von", "der", "da", "al", "bin") or word.startswith("al-")


def _contributors(body: tuple[Block, ...]) -> tuple[str, ...]:
    """Everyone the article's credit lines name, in order."""
    names: list[str] = []
    for block in body:
        if isinstance(block, Paragraph):
            names += [name for name in _credit_names(block.text) if name not in names]
    return tuple(names)


def explain_copy(capture: Capture) -> tuple[tuple[str, str], ...]:
    """What became of each line of a page copy, and why (``invoke convert --stdout --explain``);
    empty for a copy an outlet's profile reads (its rules are in the outlet's site file)."""
    if _kind_of(capture) != "text":
        raise ConversionError(capture.path, "--explain tells the lines of a page copy (.txt) apart; this is an HTML page")
    return _parse(capture).explained


# What is sometimes saved under a page's name: told by its first bytes.
_NOT_PAGES = (
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a ZIP archive (or a Word or EPUB file)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)


def _parse(capture: Capture) -> PageParts:
    if not capture.data.strip():
        raise ConversionError(capture.path, "empty capture")
    for signature, what in _NOT_PAGES:
        if capture.data.lstrip()[: len(signature)] == signature:
            raise ConversionError(capture.path, f"{what}, not a web page or a text copy of one (whatever its name says)")
    kind = _kind_of(capture)
    if kind == "html":
        return _parse_html(capture)
    try:
        text = decode_text(capture.data)
    except (ValueError, UnicodeDecodeError) as error:
        reason = "not UTF-8 text" if isinstance(error, UnicodeDecodeError) else str(error)
        raise ConversionError(capture.path, reason) from error
    return parse_page_copy(text, url=capture.url)


def _parse_html(capture: Capture) -> PageParts:
    content_type = capture.provenance.content_type or ""
    charset = content_type.partition("charset=")[2].strip(" \"';") or capture.provenance.declared_encoding
    try:
        page = load_html(capture.data, capture.url, charset)
        site = site_for_url(page.url) or site_for_url(_canonical_url(page))
        if site is not None and site.html is not None:
            parts = site.html(page, site, HTML_TOOLS)
        else:
            parts = generic_parts(page, site)
        if parts.published is None and not capture.provenance.given_date:
            found = date_in_text(page.tree, page.url)
            if found:
                parts = dataclasses.replace(parts, published=found, published_from="text")
        return parts
    except SkipPage as skip:
        raise ConversionSkipped(capture.path, f"skipped: {skip}") from None
    except HtmlError as error:
        raise ConversionError(capture.path, str(error)) from None


def _canonical_url(page: HtmlPage) -> str | None:
    link = page.tree.find(".//link[@rel='canonical']")
    return link.get("href") if link is not None else None


def _kind_of(capture: Capture) -> str:
    content_type = (capture.provenance.content_type or "").split(";")[0].strip().lower()
    suffix = capture.path.suffix.lower()
    if content_type in ("text/html", "application/xhtml+xml") or suffix in HTML_SUFFIXES:
        return "html"
    if content_type == "text/plain" or suffix in TEXT_SUFFIXES:
        return "text"
    raise ConversionError(capture.path, f"unknown capture type (suffix {suffix or 'none'!r}); expected .txt or .html")


def parse_date(value: str) -> dt.datetime:
    """An ISO 8601 date or datetime; a bare date is midnight UTC, a naive time is UTC."""
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"not an ISO 8601 date: {value!r} (use YYYY-MM-DD)") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _settle_date(capture: Capture, parts: PageParts) -> tuple[dt.datetime, str]:
    """The user's date, else the page's own, else one known at capture time (a feed's)."""
    sidecar = f"{capture.path.name}.json"
    given = _parsed(capture, capture.provenance.given_date, f"{sidecar} 'given_date' (--date)")
    if given:
        return given, "user"
    if parts.published:
        return parts.published, parts.published_from
    published = _parsed(capture, capture.provenance.published, f"{sidecar} 'published'")
    if published:
        return published, "sidecar"
    raise ConversionError(capture.path, "no publication date in the page: pass --date YYYY-MM-DD")


def _parsed(capture: Capture, value: str | None, origin: str) -> dt.datetime | None:
    if not value:
        return None
    try:
        return parse_date(value)
    except ValueError as error:
        raise ConversionError(capture.path, f"{origin}: {error}") from None


def _settle_source(capture: Capture, parts: PageParts) -> str:
    named = capture.provenance.given_source
    if named:
        site = site_named(named)
        return site.name if site else named
    if parts.site:
        return parts.site.name
    if parts.site_name:
        return parts.site_name
    host = urllib.parse.urlsplit(capture.url or parts.url or "").hostname
    if host:
        return host.removeprefix("www.")
    raise ConversionError(capture.path, "the page does not say which outlet it is from: pass --source NAME")


def _summary(parts: PageParts) -> str | None:
    """The first paragraph of some length (else the page's description), cut at a word boundary when long."""
    paragraphs = [block.text for block in parts.body if isinstance(block, Paragraph) and block.text]
    first = next((text for text in paragraphs if len(text.split()) >= 12), None)
    first = first or parts.description or (paragraphs[0] if paragraphs else None)
    if first is None or len(first) <= SUMMARY_LENGTH:
        return first
    cut = first[:SUMMARY_LENGTH].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
