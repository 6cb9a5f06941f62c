"""What a converter reads off a page, before the article's metadata is settled."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from newsarchive.records import Block
from newsarchive.sites import Site


@dataclass(frozen=True)
class PageParts:
    """The parts a converter found in one capture; None where the page did not say."""

    title: str | None
    site: Site | None
    body: tuple[Block, ...]
    image_caption: str | None = None
    image_credit: str | None = None
    image_url: str | None = None
    credits: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    published: dt.datetime | None = None
    published_from: str = "page"  # "page" (structured data) or "text" (found in the visible text)
    modified: dt.datetime | None = None
    section: str | None = None
    language: str | None = None
    url: str | None = None  # the page's canonical URL
    site_name: str | None = None  # the outlet's name as the page gives it
    description: str | None = None
    explained: tuple[tuple[str, str], ...] = ()  # a text copy's lines, each with what became of it (--explain)
