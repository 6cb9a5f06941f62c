"""Convert a capture into an :class:`~newsarchive.records.Article`.

A capture goes to the converter for its kind (today: plain-text page copies);
the parts it finds are then joined with what the sidecar says (including what
the user gave on the command line), in one place, so every converter settles
date, source and URL the same way.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from newsarchive.captures import HTML_SUFFIXES, TEXT_SUFFIXES
from newsarchive.convert.parts import PageParts
from newsarchive.convert.plaintext import decode_text, parse_page_copy
from newsarchive.records import Article, Capture, Paragraph
from newsarchive.sites import site_named

SUMMARY_LENGTH = 300


class ConversionError(Exception):
    """A capture cannot be converted; ``str()`` names the file and the reason."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def convert_capture(capture: Capture, capture_ref: str) -> Article:
    """Convert one capture; ``capture_ref`` is how the article names it (a path relative to the project)."""
    parts = _parse(capture)
    if not parts.title:
        raise ConversionError(capture.path, "no title found: the page copy has no text before its body")
    if not any(isinstance(block, Paragraph) for block in parts.body):
        raise ConversionError(capture.path, "no article text found")
    date, date_source = _settle_date(capture, parts)
    return Article(
        title=parts.title,
        date=date,
        date_source=date_source,
        source=_settle_source(capture, parts),
        source_url=capture.url or parts.url,
        capture=capture_ref,
        authors=parts.authors,
        summary=_summary(parts),
        image_caption=parts.image_caption,
        credits=parts.credits,
        tags=capture.provenance.tags,
        body=parts.body,
    )


def _parse(capture: Capture) -> PageParts:
    kind = _kind_of(capture)
    if kind == "html":
        raise ConversionError(capture.path, "HTML captures have no converter yet; save the page as text")
    if not capture.data.strip():
        raise ConversionError(capture.path, "empty capture")
    try:
        text = decode_text(capture.data)
    except (ValueError, UnicodeDecodeError) as error:
        reason = "not UTF-8 text" if isinstance(error, UnicodeDecodeError) else str(error)
        raise ConversionError(capture.path, reason) from error
    return parse_page_copy(text)


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
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def _settle_date(capture: Capture, parts: PageParts) -> tuple[dt.datetime, str]:
    sidecar = f"{capture.path.name}.json"
    candidates = (
        (capture.provenance.given_date, "user", f"{sidecar} 'given_date' (--date)"),
        (capture.provenance.published, "sidecar", f"{sidecar} 'published'"),
    )
    for value, date_source, origin in candidates:
        if value:
            try:
                return parse_date(value), date_source
            except ValueError as error:
                raise ConversionError(capture.path, f"{origin}: {error}") from None
    if parts.published:
        return parts.published, "page"
    raise ConversionError(capture.path, "no publication date in the page: pass --date YYYY-MM-DD")


def _settle_source(capture: Capture, parts: PageParts) -> str:
    named = capture.provenance.given_source
    if named:
        site = site_named(named)
        return site.name if site else named
    if parts.site:
        return parts.site.name
    raise ConversionError(capture.path, "the page does not say which outlet it is from: pass --source NAME")


def _summary(parts: PageParts) -> str | None:
    """The first paragraph, cut at a word boundary when long."""
    first = next((block.text for block in parts.body if isinstance(block, Paragraph)), None)
    if first is None or len(first) <= SUMMARY_LENGTH:
        return first
    cut = first[:SUMMARY_LENGTH].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
