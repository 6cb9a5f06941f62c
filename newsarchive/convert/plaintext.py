"""Plain-text page copies ("select all, copy" of an article page) to an article's parts.

A copy from an outlet with a :class:`TextProfile` (which lines are chrome, where the
footer starts, how a player prints itself: data in its site's file) is read by
that profile; any other copy by the general rules of ``convert.textcopy``, which
tell the article's lines from the page's.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from newsarchive.convert import textcopy
from newsarchive.convert.metadata import clean_authors
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
    """Decode a text capture: UTF-8 (with or without a byte-order mark) or UTF-16 with one (as
    Notepad saves "Unicode"); raises ValueError for bytes that are not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return printable(data.decode("utf-16"))
    if b"\x00" in data:
        raise ValueError("binary data, not a text page copy")
    return printable(data.decode("utf-8-sig"))


def normalise_line(line: str) -> str:
    """NFC, no-break and other odd spaces as plain spaces, runs of spaces folded."""
    line = unicodedata.normalize("NFC", line)
    line = "".join(" " if unicodedata.category(ch) == "Zs" else ch for ch in line)
    return re.sub(r"[ \t]+", " ", line).strip()


def parse_page_copy(text: str, site: Site | None = None, url: str | None = None) -> PageParts:
    """Split a page copy into title, caption, body blocks, credits, byline and date.

    ``site`` defaults to the site whose markers the text carries; a copy of no known
    site is read by the general rules, which use the page's address (``url``) too.
    """
    lines = [line for line in (normalise_line(raw) for raw in text.splitlines()) if line]
    if site is None:
        site = site_for_text(lines)
    if site is None or site.text is None:
        return _general_copy(lines, site, url)
    profile = site.text
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

    published = next((when for line in lines[: max(title_at, 0) + 8] if (when := textcopy.printed_date(line))), None)
    return PageParts(
        title=title,
        site=site,
        body=tuple(body),
        image_caption=image_caption,
        credits=credits,
        published=published,
        published_from="text",
    )


def _general_copy(texts: list[str], site: Site | None, url: str | None) -> PageParts:
    """A copy of any outlet: the article's stretch of prose, the headline, byline, date and
    lead image above it, and what became of every line (for ``--explain``)."""
    lines = textcopy.lines_of(texts)
    counts = Counter(texts)
    repeated = {text for text, n in counts.items() if n > 1}
    url_words = textcopy.address_words(url)
    if not any(line.long for line in lines):
        # No line of a page's prose anywhere: a short text the reader typed or trimmed, all article.
        body = tuple(Heading(t) if looks_like_heading(t) else Paragraph(t) for t in texts[1:])
        explained = tuple(zip(texts, ["the headline", *["article"] * (len(texts) - 1)], strict=True))
        return PageParts(title=texts[0] if texts else None, site=site, body=body, explained=explained)
    start, end = textcopy.article_span(lines, repeated)
    why: dict[int, str] = {}
    if end < start:
        return PageParts(title=None, site=site, body=(), explained=tuple((t, "page: no prose anywhere") for t in texts))
    title_at = textcopy.headline(lines, start, url_words)
    title = textcopy.as_headline(texts[title_at]) if title_at is not None else None
    if title_at is not None and title_at >= start:
        start = title_at + 1  # the prose began with the headline
    above = range(title_at + 1 if title_at is not None else start, start)
    names = next((found for i in above if (found := textcopy.byline(texts[i]))), None)
    authors = clean_authors([names]) if names else ()
    # The date near the headline, else the first one printed above the article's end.
    near = range(max(0, (title_at if title_at is not None else start) - 3), min(start + 3, end + 1))
    dated = [i for i in near if textcopy.printed_date(texts[i])]
    if not dated:
        first = next((i for i in range(end + 1) if textcopy.printed_date(texts[i])), None)
        dated = [first] if first is not None else []
    published = textcopy.printed_date(texts[dated[0]]) if dated else None
    if not authors and dated:
        named = textcopy.name_before_date(texts[dated[0]])
        authors = clean_authors([named]) if named else ()
    caption = credit = None
    for i in above:
        found = textcopy.image_credit(texts[i])
        if found and i not in dated:
            caption, credit = found[0] or None, found[1]
            why[i] = "the lead image's caption and credit"
            break
    if title_at is not None:
        why[title_at] = "the headline"
    for i in dated[:1]:
        why.setdefault(i, "the date")
    for i in above:
        if textcopy.byline(texts[i]):
            why.setdefault(i, "the byline")
    lists = textcopy.link_lists(lines, start, end)
    body: list[Block] = []
    for line in lines[start : end + 1]:
        reason = why.get(line.index) or textcopy.keep_in_article(line, repeated)
        if reason is None and line.index in lists:
            reason = "a list of short lines (links, tags)"
        if reason is None and title_at is not None and line.text == texts[title_at]:
            reason = "the headline again"
        if reason is None and line.index < start + 3 and (textcopy.byline(line.text) or (line.index in dated and line.short)):
            reason = "the byline" if textcopy.byline(line.text) else "the date"
        if reason:
            why.setdefault(line.index, reason if reason.startswith("the ") else f"page: {reason}")
            continue
        body.append(Heading(line.text) if line.short and looks_like_heading(line.text) else Paragraph(line.text))
        why[line.index] = "article"
    for line in lines:
        why.setdefault(line.index, "page: above the article" if line.index < start else "page: below the article")
    return PageParts(
        title=title,
        site=site,
        body=tuple(body),
        image_caption=caption,
        image_credit=credit,
        authors=authors,
        published=published,
        published_from="text",
        site_name=textcopy.copyright_holder(texts),
        explained=tuple((texts[i], why[i]) for i in range(len(texts))),
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
