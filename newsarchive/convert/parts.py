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
    credits: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    published: dt.datetime | None = None
    url: str | None = None
