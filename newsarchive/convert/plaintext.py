"""Plain-text page copies ("select all, copy" of an article page) to an article's parts.

The outlet-specific rules (which lines are chrome, where the footer starts, how
a player prints itself) are data in each site's :class:`TextProfile`; this module
holds only the rules that hold for any page copy.
"""

from __future__ import annotations

import re
import unicodedata

from newsarchive.convert.parts import PageParts
from newsarchive.records import Block, Heading, Media, Paragraph
from newsarchive.sites import Site, TextProfile, site_for_text
from newsarchive.text import printable

# Words that stay lower case in a headline-style line ("Killed In Kyiv" and "Killed in Kyiv" both count).
_MINOR_WORDS = frozenset("a an and as at but by for from in into of on or per the to vs via with".split())
_SENTENCE_END = tuple(".,;:\"'”’»)")
_QUOTES = tuple("\"'“‘«")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*|\d[\w'’.-]*")


def decode_text(data: bytes) -> str:
    """Decode a text capture; raises ValueError for bytes that are not text."""
    if b"\x00" in data:
        raise ValueError("binary data, not a text page copy")
    return printable(data.decode("utf-8-sig"))


def normalise_line(line: str) -> str:
    """NFC, no-break and other odd spaces as plain spaces, runs of spaces folded."""
    line = unicodedata.normalize("NFC", line)
    line = "".join(" " if unicodedata.category(ch) == "Zs" else ch for ch in line)
    return re.sub(r"[ \t]+", " ", line).strip()


def parse_page_copy(text: str, site: Site | None = None) -> PageParts:
    """Split a page copy into title, caption, body blocks and credits.

    ``site`` defaults to the site whose markers the text carries; with no known
    site only the generic rules apply.
    """
    lines = [line for line in (normalise_line(raw) for raw in text.splitlines()) if line]
    if site is None:
        site = site_for_text(lines)
    profile = site.text if site and site.text else TextProfile(markers=())
    lines = [line for line in _before_footer(lines, profile) if not profile.is_chrome(line)]
    entries = _collapse_repeats(_media_and_lines(lines, profile))

    title = None
    title_at = -1
    image_caption = None
    credits: tuple[str, ...] = ()
    body: list[Block] = []
    for position, (item, repeated) in enumerate(entries):
        if isinstance(item, Media):
            body.append(item)
        elif title is None:
            title, title_at = item, position
        elif repeated and position == title_at + 1:
            # Page copies print the photo caption twice, right under the headline.
            image_caption = item
        elif (names := profile.credit_names(item)) is not None:
            credits = split_credits(names)
        else:
            body.append(Heading(item) if looks_like_heading(item) else Paragraph(item))

    return PageParts(
        title=title,
        site=site,
        body=tuple(body),
        image_caption=image_caption,
        credits=credits,
    )


def _collapse_repeats(items: list[str | Media]) -> list[tuple[str | Media, bool]]:
    """Keep a line printed twice in a row once, noting that it was repeated."""
    entries: list[tuple[str | Media, bool]] = []
    for item in items:
        if entries and isinstance(item, str) and entries[-1][0] == item:
            entries[-1] = (item, True)
        else:
            entries.append((item, False))
    return entries


def _before_footer(lines: list[str], profile: TextProfile) -> list[str]:
    for index, line in enumerate(lines):
        if profile.is_footer(line):
            return lines[:index]
    return lines


def _media_and_lines(lines: list[str], profile: TextProfile) -> list[str | Media]:
    """Replace each embedded player (title, marker, title again) by one Media item."""
    items: list[str | Media] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else None
        if following is not None and profile.is_media_marker(following) and not profile.is_chrome(line):
            items.append(Media(kind=profile.media_kind, title=line))
            index += 2
            if index < len(lines) and lines[index] == line:
                index += 1
            continue
        if profile.is_media_marker(line):
            index += 1
            continue
        items.append(line)
        index += 1
    return items


def looks_like_heading(line: str) -> bool:
    """A short headline-style line: capitalised words, no sentence-ending punctuation."""
    if len(line) > 120 or line.endswith(_SENTENCE_END) or line.startswith(_QUOTES):
        return False
    words = _WORD.findall(line)
    if not 2 <= len(words) <= 14:
        return False
    if not words[0][0].isupper() and not words[0][0].isdigit():
        return False
    content_words = [w for w in words[1:] if w.casefold() not in _MINOR_WORDS and w[0].isalpha()]
    if not content_words:
        return False
    capitalised = sum(1 for w in content_words if w[0].isupper())
    return capitalised / len(content_words) >= 0.85


def split_credits(names: str) -> tuple[str, ...]:
    """``"Reuters, AP and AFP"`` → ``("Reuters", "AP", "AFP")``."""
    parts = re.split(r",\s*|\s+and\s+|\s*;\s*", names.strip().rstrip("."))
    return tuple(part.strip() for part in parts if part.strip())
