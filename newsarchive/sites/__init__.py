"""The registry of sites we know: one module per outlet in this package, and the interface they implement.

Each module defines ``SITE = Site(...)``. Adding an outlet is adding one file;
nothing else needs to change, because the registry discovers the modules.
Modules whose names start with ``_`` hold what several outlets share (a CMS's
page layout, say) and define no site of their own.

A site can teach the converter two things, both declared here:

- ``Site.text``, a :class:`TextProfile`: rules (regular expressions) for its pages copied as plain text;
- ``Site.html``, an HTML adapter: ``html(page, site, tools) -> PageParts``, called with the parsed
  page (``convert.html.HtmlPage``: ``url``, ``tree``, ``encoding``), the site, and the converter's
  :class:`HtmlTools`. It returns the page's parts (``convert.parts.PageParts``), or calls
  ``tools.skip(reason)`` for a page that is not an article. The tools are passed in, so this
  package never imports the converter: sites depend on the interface, the converter on sites.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TextProfile:
    """How an outlet's article page reads when copied as plain text ("select all, copy").

    Every pattern is a regular expression matched against a whole line
    (stripped of surrounding white space), so rules are data, not code.
    """

    markers: tuple[str, ...]
    """Any line matching one of these identifies the outlet."""
    chrome: tuple[str, ...] = ()
    """Lines that are page furniture (menus, player controls), dropped wherever they stand."""
    footer: tuple[str, ...] = ()
    """The first line matching one of these starts the site footer; it and all after it are dropped."""
    media_marker: str | None = None
    """A line that an embedded player prints right after the media's title."""
    media_kind: str = "Video"
    """What to call embedded media in the article ("Video", "Audio")."""
    credits: str | None = None
    """A line naming the agencies that contributed; the group ``names`` holds them."""

    def __post_init__(self) -> None:
        # Compile once, and fail at import time on a bad pattern rather than mid-conversion.
        for pattern in (*self.markers, *self.chrome, *self.footer, self.media_marker, self.credits):
            if pattern is not None:
                _compiled(pattern)
        if self.credits is not None and "names" not in _compiled(self.credits).groupindex:
            raise ValueError(f"credits pattern needs a group named 'names': {self.credits!r}")

    def is_marker(self, line: str) -> bool:
        return _matches_any(self.markers, line)

    def is_chrome(self, line: str) -> bool:
        return _matches_any(self.chrome, line)

    def is_footer(self, line: str) -> bool:
        return _matches_any(self.footer, line)

    def is_media_marker(self, line: str) -> bool:
        return self.media_marker is not None and _compiled(self.media_marker).fullmatch(line) is not None

    def credit_names(self, line: str) -> str | None:
        """The names in a credit line, or None when the line is not one."""
        if self.credits is None:
            return None
        match = _compiled(self.credits).fullmatch(line)
        return match.group("names") if match else None


@dataclass(frozen=True)
class HtmlTools:
    """What the converter lends a site's HTML adapter; every helper an adapter may call, in one place."""

    read_metadata: Callable[..., Any]
    """``read_metadata(tree, url) -> PageMetadata``: title, dates, authors, image... from JSON-LD, OpenGraph, <meta>."""
    generic_parts: Callable[..., Any]
    """``generic_parts(page, site) -> PageParts``: the page read as any page is (for pages the adapter does not know)."""
    parts_from: Callable[..., Any]
    """``parts_from(metadata, body, site, published=..., authors=...) -> PageParts``: the parts from what the adapter found."""
    blocks_from: Callable[..., Any]
    """``blocks_from(element, base_url=..., media=...) -> tuple[Block, ...]``: an element's text as body blocks;
    ``media(element)`` may turn an element into one ``Media`` line."""
    element_text: Callable[[Any], str]
    """``element_text(element)``: an element's text, white space folded."""
    local_name: Callable[[Any], str]
    """``local_name(element)``: an element's tag without namespace, lower case."""
    parse_page_date: Callable[..., Any]
    """``parse_page_date(value, limit) -> datetime | None``: a date as pages print it, None if past ``limit``."""
    structured_authors: Callable[..., tuple[str, ...]]
    """``structured_authors(tree, organisations=...)``: the people JSON-LD names as authors, organisations left out."""
    skip: Callable[[str], Any]
    """``skip(reason)``: stop; the page is not an article (a video or programme page). Does not return."""


HtmlAdapter = Callable[[Any, "Site", HtmlTools], Any]
"""``html(page, site, tools) -> PageParts``; see the module's docstring."""


@dataclass(frozen=True)
class Site:
    """An outlet: its name as shown in the archive, its home page, and how to read its pages."""

    name: str
    homepage: str
    hosts: tuple[str, ...] = ()
    text: TextProfile | None = None
    html: HtmlAdapter | None = None
    """The outlet's HTML adapter: ``html(page, site, tools)`` returns the page's PageParts (module docstring)."""
    aliases: tuple[str, ...] = field(default=())
    """Other names a user may give for the outlet (``--source rferl``)."""


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _matches_any(patterns: tuple[str, ...], line: str) -> bool:
    return any(_compiled(p).fullmatch(line) for p in patterns)


def _fold(name: str) -> str:
    """A name as names are compared: its letters and digits, in any script, case folded ("RFE/RL" is "rferl")."""
    return re.sub(r"[\W_]", "", name.casefold())


@functools.cache
def all_sites() -> tuple[Site, ...]:
    """Every site module's ``SITE``, in module-name order."""
    sites = []
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        site = getattr(module, "SITE", None)
        if not isinstance(site, Site):
            raise TypeError(f"{module.__file__}: a site module must define SITE = Site(...)")
        sites.append(site)
    return tuple(sites)


def site_named(name: str) -> Site | None:
    """The site a user means by ``name`` ("RFE/RL", "rferl"), if we know it."""
    return _by_name().get(_fold(name))


@functools.cache
def _by_name() -> dict[str, Site]:
    """Every site by its name and aliases, folded (the first site in module order where two share one):
    a build asks it of every article."""
    named: dict[str, Site] = {}
    for site in all_sites():
        for candidate in (site.name, *site.aliases):
            if folded := _fold(candidate):
                named.setdefault(folded, site)
    return named


def site_for_text(lines: list[str]) -> Site | None:
    """The site whose plain-text markers appear in ``lines``: the one with most marker lines."""
    best, best_count = None, 0
    for site in all_sites():
        if site.text is None:
            continue
        count = sum(1 for line in lines if site.text.is_marker(line))
        if count > best_count:
            best, best_count = site, count
    return best


def site_for_url(url: str | None) -> Site | None:
    """The site serving ``url``, by host name (``www.`` or not)."""
    host = (urllib.parse.urlsplit(url or "").hostname or "").lower()
    if not host:
        return None
    bare = host.removeprefix("www.")
    return next((site for site in all_sites() if host in site.hosts or bare in site.hosts), None)
