"""Queries: every spelling of a name, the same ranking as the site's search, snippets and suggestions.

``search()`` answers `invoke search`; the site's search (theme/static/js/search.js)
answers the same query language from the exported files, ranked alike.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from newsarchive.entities.resolve import entity_key
from newsarchive.entities.variants import inflected_keys, variant_key
from newsarchive.records import SearchHit, SnippetPart
from newsarchive.search.index import IndexSearcher, SearchError

_QUERY_TOKEN = re.compile(r'(\w+):("[^"]*"|\S+)|"[^"]*"|\(|\)|\S+')
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


@dataclass(frozen=True)
class SearchResults:
    query: str
    total: int
    hits: tuple[SearchHit, ...]
    suggestions: tuple[str, ...] = ()  # "did you mean", when nothing matched


def expand_query(query: str) -> str:
    """The query with every spelling of its names: a bare word also matches words of the same
    variant key, and ``person:`` / ``place:`` match the entity under any spelling."""
    parts = []
    for match in _QUERY_TOKEN.finditer(query):
        token = match.group(0)
        field, value = match.group(1), match.group(2)
        if field in ("person", "place"):
            words = value.strip('"').split()
            keys = [entity_key(value.strip('"'), "place")] if field == "place" else []
            word_keys = " ".join(f"{field}_keys:{variant_key(w)}" for w in words if variant_key(w))
            alternatives = [f"{field}_keys:{k}" for k in keys if k.startswith(("geonames:", "curated:", "iso:", "fips:"))]
            alternatives.append(f"({word_keys})" if word_keys else f"{field}s:{value}")
            parts.append("(" + " OR ".join(alternatives) + ")")
        elif field == "tag":
            parts.append(f"tags:{value}")
        elif field or token.startswith('"') or token in _OPERATORS or token in "()" or not token[0].isalpha() or token.endswith("*"):
            parts.append(token)
        else:
            key = variant_key(token)
            parts.append(f"({token} OR variants:{key})" if key else token)
    return " ".join(parts)


SORTS = ("relevance", "newest", "oldest")
"""How results may be ordered: by score (ties newest first), or by date."""
_DATE_FILTER = re.compile(r"(?<!\S)date:(\S+)")
_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def date_range(value: str) -> tuple[dt.date, dt.date]:
    """The first and last day a ``date:`` filter means: 2025, 2025-08, 2025-08-06, or FROM..TO of those."""
    first, _, last = value.partition("..")
    start, end = _days(first, value), _days(last or first, value)
    if start[0] > end[1]:
        raise SearchError(f"date:{value}: the range ends before it starts")
    return start[0], end[1]


def _days(part: str, value: str) -> tuple[dt.date, dt.date]:
    match = _DAY.match(part)
    if not match:
        raise SearchError(f"date:{value}: not a date (use date:2025, date:2025-08, date:2025-08-06 or date:2025-08-01..2025-08-31)")
    year, month, day = int(match.group(1)), match.group(2), match.group(3)
    try:
        if day:
            one = dt.date(year, int(month), int(day))
            return one, one
        if month:
            first = dt.date(year, int(month), 1)
            following = dt.date(year + (first.month == 12), first.month % 12 + 1, 1)
            return first, following - dt.timedelta(days=1)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        raise SearchError(f"date:{value}: no such day") from None


def search(index_dir: Path, query: str, limit: int = 10, sort: str = "relevance") -> SearchResults:
    """Run a query (words ANDed, "phrases", field:value, date:...) and return the best ``limit`` hits,
    by relevance (ties newest first) or by date; ``total`` counts every match."""
    with IndexSearcher(index_dir) as index:
        return search_in(index, query, limit, sort)


def search_in(index: IndexSearcher, query: str, limit: int = 10, sort: str = "relevance") -> SearchResults:
    """``search`` in an index already open: many queries in one process pay for opening it once."""
    if sort not in SORTS:
        raise SearchError(f"sort by {sort!r}? one of {', '.join(SORTS)}")
    ranges = [date_range(value) for value in _DATE_FILTER.findall(query)]
    words = _DATE_FILTER.sub(" ", query).strip()
    scored = index.matches(expand_query(words)) if words else index.everything()
    if ranges:
        scored = [(s, d) for s, d in scored if all(start <= index.date(d).date() <= end for start, end in ranges)]
    keys = {variant_key(word) for word in re.findall(r"(?<![:\w])[^\W\d_][\w'’-]*", words)} - {""}
    hits = tuple(_hit(index, document, score, keys) for score, document in ranked(index, scored, limit, sort))
    suggestions = suggest(index.names(), words) if not scored and words else ()
    return SearchResults(query=query, total=len(scored), hits=hits, suggestions=suggestions)


def ranked(index: IndexSearcher, scored: list[tuple[float, int]], limit: int, sort: str = "relevance") -> list[tuple[float, int]]:
    """The best ``limit`` of (score, document): by score, then newest first, then by article file
    (or by date alone, newest or oldest first, then by article file).

    The same order whatever order the articles were indexed in (an incremental index and
    a clean one number them differently), and the order the site's search ranks in.
    """
    if sort in ("newest", "oldest"):
        # The archive's order newest first (then by file), as meta.json gives it to the page; oldest is its reverse.
        by_date = sorted(scored, key=lambda entry: (-index.date(entry[1]).timestamp(), index.stored(entry[1])["path"]))
        return (by_date if sort == "newest" else by_date[::-1])[:limit]
    key = lambda entry: (-entry[0], -index.date(entry[1]).timestamp())  # noqa: E731
    by_score_and_date = sorted(scored, key=key)
    if len(by_score_and_date) > limit:  # ties at the cut are settled too
        end, last = limit, key(by_score_and_date[limit - 1])
        while end < len(by_score_and_date) and key(by_score_and_date[end]) == last:
            end += 1
        by_score_and_date = by_score_and_date[:end]
    return sorted(by_score_and_date, key=lambda entry: (*key(entry), index.stored(entry[1])["path"]))[:limit]


def suggest(names: set[str], query: str, limit: int = 3) -> tuple[str, ...]:
    """Names of people and places close to the query's words: offered, never merged into the search."""
    words = {w for name in names for w in name.split() if len(w) > 2} | names
    suggestions = []
    for word in re.findall(r"(?<![:\w])[^\W\d_][\w'’-]{2,}", query):
        # Names that begin as the word does: a slip is rarely in the first letter, and the
        # site's search, which offers the same, then reads only that letter's names.
        alike = sorted(w for w in words if w[0].lower() == word[0].lower())
        for close in difflib.get_close_matches(word, alike, n=limit, cutoff=0.75):
            if close.casefold() != word.casefold() and close not in suggestions:
                suggestions.append(close)
    return tuple(suggestions[:limit])


def _hit(index: IndexSearcher, document: int, score: float, keys: set[str]) -> SearchHit:
    stored = index.stored(document)
    snippet = index.snippet(document, score)
    if keys and not any(part.matched for part in snippet):
        # Matched through another spelling: mark the words of the article that spell it.
        snippet = _variant_snippet(stored["body"], keys) or snippet
    return SearchHit(
        title=stored["title"],
        date=stored["date"].replace(tzinfo=dt.UTC),
        source=stored["source"],
        path=stored["path"],
        source_url=stored.get("source_url"),
        snippet=snippet,
        score=score,
    )


def _variant_snippet(text: str, keys: set[str], around: int = 90) -> tuple[SnippetPart, ...]:
    """A stretch of ``text`` around the first words whose variant key is wanted, those words marked."""
    # Only capitalised words have variant keys (the index keys no others): the rest need no look.
    words = [m for m in re.finditer(r"[^\W\d_][\w'’-]*", text) if m.group(0)[0].isupper() and inflected_keys(m.group(0)) & keys]
    if not words:
        return ()
    start = max(0, words[0].start() - around)
    end = min(len(text), words[0].end() + around)
    end = text.find(" ", end) if text.find(" ", end) != -1 else len(text)  # a whole word at the end
    start = text.find(" ", start) + 1 if start else 0
    parts, position = [], start
    for word in words:
        if word.start() < position or word.end() > end:
            continue
        parts += [SnippetPart(text[position : word.start()]), SnippetPart(word.group(0), matched=True)]
        position = word.end()
    parts.append(SnippetPart(text[position:end]))
    return tuple(part for part in parts if part.text)
