"""Typed records passed between the pipeline's stages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from newsarchive.addresses import web_address

DATE_SOURCES = ("page", "sidecar", "text", "user")


@dataclass(frozen=True)
class Provenance:
    """What is known about a capture, as stored in its JSON sidecar."""

    requested_url: str | None = None
    final_url: str | None = None
    fetched_at: str | None = None  # UTC, ISO 8601
    http_status: int | None = None
    content_type: str | None = None
    declared_encoding: str | None = None
    detected_encoding: str | None = None
    sha256: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    url_key: str | None = None  # the canonical URL that every capture of one article shares
    published: str | None = None  # ISO 8601, when known at capture time (a feed's date, say)
    language: str | None = None  # a feed's language, when the page does not say
    # What the user said of the capture (`invoke convert --url/--date/--source/--tag`);
    # it beats what the page says, and is kept here so every later conversion agrees.
    given_url: str | None = None
    given_date: str | None = None
    given_source: str | None = None
    tags: tuple[str, ...] = ()
    # When a capture dropped in by hand entered the store (UTC, ISO 8601): of two articles
    # with one slug in one month, the one archived first keeps the plain address.
    added_at: str | None = None

    @property
    def captured_at(self) -> str:
        """When the capture was made: fetched, else added by hand ("" when neither is known)."""
        return self.fetched_at or self.added_at or ""


@dataclass(frozen=True)
class Capture:
    """One original as received, byte for byte, with its provenance."""

    path: Path
    data: bytes
    provenance: Provenance

    @property
    def url(self) -> str | None:
        p = self.provenance
        return p.given_url or p.final_url or p.requested_url


@dataclass(frozen=True)
class Span:
    """A run of text inside a block, perhaps a link or emphasised."""

    text: str
    href: str | None = None  # an absolute http(s) or mailto URL; never anything that runs
    strong: bool = False
    emphasis: bool = False


def spans_text(spans: tuple[Span, ...]) -> str:
    return "".join(span.text for span in spans)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph: ``text`` is its plain text; ``spans``, when present, carry links and emphasis."""

    text: str
    spans: tuple[Span, ...] = ()

    @classmethod
    def of(cls, spans: tuple[Span, ...]) -> Paragraph:
        plain = all(not (s.href or s.strong or s.emphasis) for s in spans)
        return cls(" ".join(spans_text(spans).split()), () if plain else spans)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Media:
    """An embedded player or media item, kept as one line that names it."""

    kind: str  # "Video", "Audio", ...
    title: str


@dataclass(frozen=True)
class Quote:
    """A block quote: one or more paragraphs."""

    paragraphs: tuple[Paragraph, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class ListBlock:
    items: tuple[Paragraph, ...]
    ordered: bool = False

    @property
    def text(self) -> str:
        return "\n".join(item.text for item in self.items)


@dataclass(frozen=True)
class Figure:
    """An image, kept as its caption and credit (the archive does not hotlink images)."""

    caption: str
    credit: str | None = None

    @property
    def text(self) -> str:
        return self.caption


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]
    header: bool = False  # the first row is a header row

    @property
    def text(self) -> str:
        return "\n".join(" ".join(row) for row in self.rows)


Block = Paragraph | Heading | Media | Quote | ListBlock | Figure | Table


@dataclass(frozen=True)
class Article:
    """A converted article: the converter's output, the writer's input."""

    title: str
    date: dt.datetime
    date_source: str
    source: str
    body: tuple[Block, ...]
    source_url: str | None = None
    capture: str | None = None  # capture path relative to the project root
    captured: tuple[str, ...] = ()  # when each capture of the article was fetched, oldest first
    versions: tuple[str, ...] = ()  # every capture of the article (project-relative paths), oldest first, when several
    modified: dt.datetime | None = None
    authors: tuple[str, ...] = ()
    section: str | None = None
    language: str | None = None  # ISO 639 code ("en", "ru")
    summary: str | None = None
    image: str | None = None  # the lead image's original URL (recorded, not shown: the archive does not hotlink)
    image_caption: str | None = None
    image_credit: str | None = None
    credits: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    truncated: bool = False  # the capture stops before the page's end (a download or save cut off)

    def __post_init__(self) -> None:
        if self.date_source not in DATE_SOURCES:
            raise ValueError(f"date_source must be one of {DATE_SOURCES}, not {self.date_source!r}")
        if self.date.tzinfo is None:
            raise ValueError("Article.date must carry a time zone")
        for name in ("source_url", "image"):
            value = getattr(self, name)
            if value is not None and web_address(value) != value:
                raise ValueError(f"Article.{name} must be an http(s) address, not {value!r}")


@dataclass(frozen=True)
class SnippetPart:
    text: str
    matched: bool = False


@dataclass(frozen=True)
class SearchHit:
    """One search result, ready to print or render."""

    title: str
    date: dt.datetime
    source: str
    path: str  # article file, relative to the articles folder
    source_url: str | None
    snippet: tuple[SnippetPart, ...] = field(default=())
    score: float = 0.0
