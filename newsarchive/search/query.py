"""Queries: every spelling of a name, the same ranking as the site's search, snippets and suggestions.

``search()`` answers `invoke search`; the site's search (theme/static/js/search.js)
answers the same query language from the exported files, ranked alike.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import os
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsarchive.entities.resolve import entity_key
from newsarchive.entities.variants import compound_key, inflected_keys, key_beginnings, search_keys
from newsarchive.periods import Period, PeriodError, parse_period
from newsarchive.records import SearchHit, SnippetPart
from newsarchive.search.format import SCORE_STEPS, fold, ranking_score
from newsarchive.search.index import IndexSearcher, SearchError, analyse
from newsarchive.search.matches import Matches

_QUERY_TOKEN = re.compile(r'([A-Za-z0-9_]+):("[^"]*"|[^\s()]+)|"([^"]*)"|([()])|([^\s()]+)')
"""A query's tokens: field:value, "phrase", a parenthesis, a word or operator (search.js reads them alike)."""
OPERATORS = ("NOT", "AND", "OR", "ANDNOT", "ANDMAYBE")
"""Whoosh's operators, in the order its parser joins them: NOT takes the node after it, then each of
the others joins its neighbours, left to right; what is left side by side is ANDed."""
FILTERS = ("person", "place", "source", "tag", "year", "date")


@dataclass(frozen=True)
class SearchResults:
    query: str
    total: int
    hits: tuple[SearchHit, ...]
    suggestions: tuple[str, ...] = ()  # "did you mean", when nothing matched


def query_tree(query: str) -> dict | None:
    """The query's words, phrases and filters (not ``date:``) as a tree, grouped as Whoosh's parser
    groups them: ``{"and": [...]}``, ``{"or": [...]}``, ``{"not": node}``, ``{"andnot": [a, b]}``,
    ``{"andmaybe": [a, b]}`` and leaves ``{"word": w}``, ``{"phrase": p}``, ``{"field": f, "value": v}``.
    A word or phrase the analysis drops (a stop word) is left out, with what it alone made; None if
    nothing is left. search.js's ``queryTree`` is the same (a test runs both on the same queries)."""
    stack: list[list[dict]] = [[]]
    for token in _QUERY_TOKEN.finditer(query):
        field, value, phrase, parenthesis, word = token.groups()
        nodes = stack[-1]
        if field:
            field = field.lower()
            if field not in FILTERS:
                raise SearchError(f"{field}:{value}: no such filter (use {', '.join(f + ':' for f in FILTERS)})")
            if field != "date":
                nodes.append({"field": field, "value": value.replace('"', "")})
        elif phrase is not None:
            nodes.append({"phrase": phrase})
        elif parenthesis == "(":
            stack.append([])
            nodes.append({"group": stack[-1]})
        elif parenthesis == ")":
            if len(stack) > 1:  # (one too many is left alone)
                stack.pop()
        elif word in OPERATORS:
            nodes.append({"operator": word})
        elif word := _as_word(word):
            nodes.append({"word": word})
    return _kept(_grouped(stack[0]))


def _as_word(word: str) -> str:
    """A query's word as the language reads it: "?" is punctuation ("Trump?" is Trump), "*" a wildcard
    for any letters (Rus*, Zaporizh*ya); before a wildcard, two letters at least (the site's search
    looks a wildcard's words up by their first two letters)."""
    word = word.replace("?", "")
    if is_wildcard(word) and len(word.split("*", 1)[0]) < 2:
        raise SearchError(f"{word}: a wildcard needs two letters before it (Zaporizh*ya)")
    return word


def is_wildcard(word: str) -> bool:
    """Whether a query's word has a wildcard before its end (Zaporizh*ya; Rus* is a prefix)."""
    return "*" in word.replace("?", "").rstrip("*")


def _grouped(nodes: list[dict]) -> dict:
    nodes = [_grouped(node["group"]) if "group" in node else node for node in nodes]
    at = len(nodes) - 1
    while at >= 0:  # NOT takes the node after it, right to left: NOT NOT a is NOT (NOT a)
        if nodes[at].get("operator") == "NOT":
            if at + 1 < len(nodes) and "operator" not in nodes[at + 1]:
                nodes[at : at + 2] = [{"not": nodes[at + 1]}]
            else:
                del nodes[at]
        at -= 1
    for operator in OPERATORS[1:]:
        at = 0
        while at < len(nodes):
            if nodes[at].get("operator") != operator:
                at += 1
            elif 0 < at < len(nodes) - 1 and "operator" not in nodes[at - 1] and "operator" not in nodes[at + 1]:
                nodes[at - 1 : at + 2] = [{operator.lower(): [nodes[at - 1], nodes[at + 1]]}]
            else:  # with nothing to join on one side
                del nodes[at]
    return {"and": [node for node in nodes if "operator" not in node]}


def _kept(node: dict) -> dict | None:
    """The node without what the analysis drops, its groups of one unwrapped, ANDs in ANDs and ORs in ORs merged."""
    if "word" in node:  # (a wildcard is matched against the words, not analysed itself)
        return node if is_wildcard(node["word"]) or analyse(node["word"].removesuffix("*")) else None
    if "phrase" in node:
        return node if analyse(node["phrase"]) else None
    if "not" in node:
        inner = _kept(node["not"])
        return inner["not"] if inner and "not" in inner else {"not": inner} if inner else None
    for kind in ("andnot", "andmaybe"):
        if kind in node:
            first, second = (_kept(part) for part in node[kind])
            return {kind: [first, second]} if first and second else first
    for kind in ("and", "or"):
        if kind in node:
            parts = []
            for part in filter(None, map(_kept, node[kind])):
                parts += part[kind] if kind in part else [part]
            return None if not parts else parts[0] if len(parts) == 1 else {kind: parts}
    return node  # a filter


def expand_query(query: str, written_as_name: Callable[[str], bool] = lambda term: True) -> dict | None:
    """The query's tree (``query_tree``) with every spelling of its names, for the index to answer: a
    bare word also matches words of the same search key (``{"field": "variants", ...}``) if the archive
    writes it as a name (``written_as_name`` of its first word as analysed: ``format.NAME_SHARE``; by default every word), and
    ``person:`` / ``place:`` match the entity under any spelling (its ``person_keys`` or ``place_keys``).
    A hyphenated word is a phrase of its parts, and its other spellings are found by its compound key
    (Kilroy-Silk). A ``field`` leaf names the index's field; None if the query has nothing to look for."""
    tree = query_tree(query)
    return _expanded(tree, written_as_name) if tree else None


def _expanded(node: dict, written_as_name: Callable[[str], bool]) -> dict:
    for kind in ("and", "or", "andnot", "andmaybe"):
        if kind in node:
            return {kind: [_expanded(part, written_as_name) for part in node[kind]]}
    if "not" in node:
        return {"not": _expanded(node["not"], written_as_name)}
    if "phrase" in node:
        return node
    if "field" in node:
        field, value = node["field"], node["value"]
        if field in ("person", "place"):
            keys = [entity_key(value, "place")] if field == "place" else []
            word_keys = [{"field": f"{field}_keys", "value": key} for key in search_keys(value)]
            alternatives = [
                {"field": f"{field}_keys", "value": k} for k in keys if k.startswith(("geonames:", "curated:", "iso:", "fips:"))
            ]
            alternatives.append({"and": word_keys} if word_keys else {"field": f"{field}s", "value": value})
            return {"or": alternatives}
        return {"field": "tags" if field == "tag" else field, "value": value}
    word = node["word"]
    if not word[0].isalpha() or "*" in word:
        return node
    keys = search_keys(word)
    if len(keys) == 1 and not written_as_name(analyse(word)[0]):  # (a hyphenated word's parts are a name's)
        return node
    written = {"phrase": word.replace('"', "")} if len(keys) > 1 else node
    return {"or": [written, {"field": "variants", "value": compound_key(keys)}]} if keys else written


SORTS = ("relevance", "newest", "oldest")
"""How results may be ordered: by score (ties newest first), or by date."""


def date_range(value: str) -> Period:
    """The days a ``date:`` filter means: 2025, 2025-08, 2025-08-06, or FROM..TO of those."""
    try:
        return parse_period(value)
    except PeriodError as error:
        raise SearchError(f"date:{value}: {error}") from None


def search(index_dir: Path, query: str, limit: int = 10, sort: str = "relevance") -> SearchResults:
    """Run a query (words ANDed, "phrases", field:value, date:...) and return the best ``limit`` hits,
    by relevance (ties newest first) or by date; ``total`` counts every match."""
    with IndexSearcher(index_dir) as index:
        return search_in(index, query, limit, sort)


def search_in(index: IndexSearcher, query: str, limit: int = 10, sort: str = "relevance") -> SearchResults:
    """``search`` in an index already open: many queries in one process pay for opening it once."""
    words, scored, looked_for, best = _answered(index, query, limit, sort)
    hits = tuple(_hit(index, document, score, looked_for) for score, document in best)
    suggestions = suggest(index, words) if not scored and words else ()
    return SearchResults(query=query, total=len(scored), hits=hits, suggestions=suggestions)


def first_page(index: IndexSearcher, query: str, limit: int = 10) -> list[tuple[int, str]]:
    """The best ``limit`` results of ``query`` by relevance, each as its document and its snippet's text as shown
    (the page marks its words): what the export's ``top/`` files hold of a name's query."""
    _, _, looked_for, best = _answered(index, query, limit, "relevance")
    return [(document, "".join(part.text for part in snippet(index.shown(document).body, looked_for))) for _, document in best]


def _answered(index: IndexSearcher, query: str, limit: int, sort: str) -> tuple[str, Matches, _Words, list[tuple[float, int]]]:
    """The query's words (less its dates), its matches, what its snippets look for, and its best ``limit`` as (score, document)."""
    if sort not in SORTS:
        raise SearchError(f"sort by {sort!r}? one of {', '.join(SORTS)}")
    tokens = list(_QUERY_TOKEN.finditer(query))
    dated = [token for token in tokens if (token.group(1) or "").lower() == "date"]
    periods = [date_range(token.group(2).replace('"', "")) for token in dated]
    words = " ".join(token.group(0) for token in tokens if token not in dated)  # (a query of date: alone lists every article they keep)
    written_as_name = functools.cache(index.written_as_name)  # (asked again below for the marks: once a query)
    scored = index.matches(expand_query(words, written_as_name)) if words else index.everything()
    for period in periods:
        scored = index.dated(scored, period.first, period.last)
    # The names' keys a snippet marks: of the query's words as analysed (no stop word) that the archive writes as
    # names, not of a filter (as search.js marks them).
    unfiltered = " ".join(token.group(0) for token in tokens if not token.group(1) and not is_wildcard(token.group(5) or ""))
    keys = {key for word in analyse(unfiltered) if written_as_name(word) for key in search_keys(word)}
    return words, scored, _Words(index.words if words else frozenset(), frozenset(keys)), ranked(index, scored, limit, sort)


def ranked(index: IndexSearcher, scored: Matches, limit: int, sort: str = "relevance") -> list[tuple[float, int]]:
    """The best ``limit`` of the matches as (score, document): by score, then newest first, then by article
    file (or by date alone, newest or oldest first, then by article file).

    The same order whatever order the articles were indexed in (an incremental index and
    a clean one number them differently), and the order the site's search ranks in.
    """
    if not len(scored) or limit <= 0:
        return []
    newest = sort != "oldest"
    entries, ranks = _best_ranks(scored, limit) if sort == "relevance" else (scored, np.zeros(len(scored)))
    dates = np.asarray(index.date_order())[entries.documents]
    entries, ranks, dates = _cut_by_date(entries, ranks, dates, limit, newest)
    # One sort of the few left, by rank, then date (numpy's lexsort: its last key first).
    order = np.lexsort((-dates if newest else dates, -ranks))
    chosen = list(zip(entries.scores[order].tolist(), entries.documents[order].tolist(), strict=True))
    return _ties_by_file(index, chosen, list(zip(ranks[order].tolist(), dates[order].tolist(), strict=True)), limit, newest)


def _best_ranks(scored: Matches, limit: int) -> tuple[Matches, np.ndarray]:
    """Those of ``scored`` whose ranking score (``ranking_score``) is at least the ``limit``-th best's, and
    their ranking scores.

    Only scores near the ``limit``-th best raw score are ranked: a ranking score at least that one's
    is a raw score less than a step below it at most (``SCORE_STEPS``), so the matches chosen so (by
    raw score) hold every one of them, and few others.
    """
    scores = scored.scores
    cut = float(_kth_largest(scores, limit) if limit < len(scores) else scores.min())
    chosen = scored.where(scores >= cut - 2 / SCORE_STEPS)  # (one step, and one more for the float arithmetic)
    ranks = np.floor(chosen.scores * SCORE_STEPS + 0.5)  # (``ranking_score``, each an IEEE double as Python's)
    kept = ranks >= ranking_score(cut)
    return chosen.where(kept), ranks[kept]


_SORTED_BELOW = 256
"""Scores few enough to sort whole for their ``k``-th largest."""


def _kth_largest(values: np.ndarray, k: int):
    """The ``k``-th largest of ``values`` (``k`` at most their number), as numpy's number.

    A query's scores are a few distinct values, most matches at the lowest (a common word: "drones", 3,978
    of its 4,127 at 100,000 generated articles score alike), where numpy's partition took 380 µs and a sort
    of all 3,491 of Zelensky's 37. So a sample narrows them first: the ``k``-th largest of every so many is
    a value ``k`` of them reach at least. If fewer than ``k`` are above it, it is the answer; else the answer
    is the ``k``-th largest of those above it, a sixteenth of them or so. Each step leaves fewer.
    """
    while len(values) > max(_SORTED_BELOW, 16 * k):
        floor = np.sort(values[:: len(values) // (16 * k)])[-k]
        above = values[values > floor]
        if len(above) < k:
            return floor
        values = above
    return np.sort(values)[len(values) - k]


def _cut_by_date(entries: Matches, ranks: np.ndarray, dates: np.ndarray, limit: int, newest: bool):
    """``entries`` (with their ranks and dates) less those of the lowest rank that come after the ``limit``-th
    by date: those of a higher rank are fewer than ``limit``, and the lowest's are all of a filter's matches
    (year:2023, 25,000 of them at 100,000 articles) that no sort need see. Ties at the cut are kept."""
    lowest = ranks == ranks.min()
    wanted = limit - (len(ranks) - int(np.count_nonzero(lowest)))
    among = dates[lowest]
    if wanted >= len(among):
        return entries, ranks, dates
    cut = _kth_largest(among, wanted) if newest else -_kth_largest(-among, wanted)
    kept = ~lowest | (dates >= cut if newest else dates <= cut)
    return entries.where(kept), ranks[kept], dates[kept]


def _ties_by_file(index: IndexSearcher, chosen: list, keys: list, limit: int, newest: bool) -> list[tuple[float, int]]:
    """The first ``limit`` of ``chosen`` (sorted by ``keys``, rank and date, each entry's), where entries of equal
    keys are ordered by article file (newest first: A to Z; oldest first: Z to A). A file is read only for those
    (a result is two reads)."""
    start = 0
    while start < min(limit, len(chosen)):
        end = start + 1
        while end < len(chosen) and keys[end] == keys[start]:
            end += 1
        if end - start > 1:
            chosen[start:end] = sorted(chosen[start:end], key=lambda entry: index.shown(entry[1]).path, reverse=not newest)
        start = end
    return chosen[:limit]


_CLOSE = 0.75
"""How alike a name must be to a query's word to be offered (difflib's ratio)."""


def suggest(index: IndexSearcher, query: str, limit: int = 3) -> tuple[str, ...]:
    """Names of people and places close to the query's words: offered, never merged into the search."""
    suggestions: list[str] = []
    for word in re.findall(r"(?<![:\w])[^\W\d_][\w'’-]{2,}", query):
        # Names that begin as the word does: a slip is rarely in the first letter, and the
        # site's search, which offers the same, then reads only that letter's names.
        folded = word.lower()
        names = _of_letter(index.names, folded[0])
        for close in difflib.get_close_matches(folded, names.within_reach(folded), n=limit, cutoff=_CLOSE):
            written = _as_written(index, names.names_with, close)
            if close != folded and written and written not in suggestions:
                suggestions.append(written)
    return tuple(suggestions[:limit])


@dataclass(frozen=True)
class _LetterNames:
    """The names, and their words of three letters or more, that begin with one letter (``entries``), each
    entry's length and how many times it has each character (``counts``, a column a character of
    ``characters``); and the names with each such word, in order (``names_with``)."""

    entries: list[str]
    lengths: np.ndarray
    characters: dict[str, int]
    counts: np.ndarray
    names_with: dict[str, list[str]]

    def within_reach(self, word: str) -> list[str]:
        """The entries whose quick_ratio with ``word`` reaches ``_CLOSE`` (twice the characters they share, counted,
        over their lengths: the bound difflib checks before its ratio), found in one numpy pass: difflib finds
        the same among these as among all. Asking it about each of a letter's 1,358 names of a length near
        enough (Zelenksy, 100,000 generated articles) took 7 ms."""
        wanted = np.zeros(len(self.characters), dtype=self.counts.dtype)
        for character in word:
            if (column := self.characters.get(character)) is not None:
                wanted[column] += 1
        shared = np.minimum(self.counts, wanted).sum(axis=1)
        # (As difflib works it out: 2.0 * matches / length, in floats.)
        reach = 2.0 * shared / (self.lengths + len(word)) >= _CLOSE
        return [self.entries[at] for at in np.flatnonzero(reach).tolist()]


@functools.lru_cache(maxsize=8)  # (a query's few letters)
def _of_letter(names: frozenset[str], letter: str) -> _LetterNames:
    """``names`` and their words that begin with ``letter`` (``_LetterNames``). Made only for a letter asked, once
    for an opened index's names: every letter's at once took 0.9 s for the 131,598 names of 100,000 generated articles."""
    entries: set[str] = set()
    names_with: dict[str, list[str]] = {}
    for name in names:
        if name[0] == letter:
            entries.add(name)
        for word in set(name.split()) if letter in name else ():
            if word[0] == letter and len(word) > 2:
                entries.add(word)
                names_with.setdefault(word, []).append(name)
    ordered = sorted(entries)
    characters = {character: column for column, character in enumerate(sorted(set().union(*ordered)))}
    rows = np.repeat(np.arange(len(ordered)), [len(entry) for entry in ordered])
    columns = np.array([characters[character] for entry in ordered for character in entry], dtype=np.int64)
    counts = np.bincount(rows * len(characters) + columns, minlength=len(ordered) * len(characters)).reshape(len(ordered), len(characters))
    return _LetterNames(
        entries=ordered,
        lengths=counts.sum(axis=1),  # (each entry's characters, counted)
        characters=characters,
        counts=counts.astype(np.uint16),
        names_with={word: sorted(them) for word, them in names_with.items()},
    )


def _as_written(index: IndexSearcher, names_with: dict[str, list[str]], name: str) -> str | None:
    """A lowercased name, or a word of one (of ``names_with``), as the articles write it (None: no article has it now)."""
    if name in index.names:
        return index.as_written(name)
    for whole in names_with.get(name, ()):
        if written := index.as_written(whole):
            return next((w for w in written.split() if w.lower() == name), name)
    return None


@dataclass(frozen=True)
class _Words:
    """What a query looked for: its title and body words as indexed, and its names' variant keys."""

    indexed: frozenset[str]
    keys: frozenset[str]

    @functools.cached_property
    def candidates(self) -> re.Pattern:
        """A word that may match, whole: one that begins, in either case, with the first letter of one of the
        words and then what all those of that letter go on with (Witk for witkoff and witkof); as another
        spelling of one of the names may begin (``key_beginnings``); with a letter other than ASCII's, or
        that has one (Éclair and Zürich fold to eclair and zurich; Київ, a capital of another alphabet).

        Every word ``match`` accepts begins so (folding leaves ASCII's letters as they are, but for their
        case). The pattern begins with one class of characters, which re skips to in C, and asks what
        follows in C too: a snippet asks Python about a word or two (was, with and When are passed over).
        """
        # (A word with a letter other than ASCII's: its ASCII characters and apostrophes, taken without giving any
        # back, then one. Where those stop, the word has one or has ended.)
        alternatives = [r"(?<=[^\x00-\x7f])|(?=[A-Za-z0-9_'’]*+[^\W\x00-\x7f])"]
        by_letter: dict[str, list[str]] = {}
        for word in self.indexed:
            by_letter.setdefault(word[0], []).append(word)
        for letter, words in sorted(by_letter.items()):
            then = os.path.commonprefix(words)[1:]
            alternatives.append(f"(?<=[{re.escape(letter.lower() + letter.upper())}])(?i:{re.escape(then)})")
        beginnings = sorted({beginning for key in self.keys for beginning in key_beginnings(key)})
        alternatives += [f"(?<=[{capitals}])(?i:{then})" for capitals, then in beginnings]
        wanted = {case for letter in by_letter for case in (letter.lower(), letter.upper())} | {
            c for capitals, _ in beginnings for c in capitals
        }
        unwanted = "".join(sorted(set(string.ascii_letters + string.digits + "_") - wanted))  # (none needs escaping)
        # (What follows the first letter is looked ahead at, not taken: u.s's ".s" is no part of the word "U".)
        return re.compile(rf"[^\W{unwanted}](?<![{_WORD_CHARACTERS}][\s\S])(?={'|'.join(alternatives)})[{_WORD_CHARACTERS}]*")

    def earliest(self, text: str) -> int:
        """Where the first word of ``text`` the query found may begin, at the earliest (the text's length:
        nowhere): where one of its words is first met in the text lowered, if the text is ASCII's and
        the query looks for no names (str.find reads a text ten times as fast as re); else its start."""
        if self.keys or not text.isascii():  # (another spelling, or a word that folds to one, may come first)
            return 0
        lowered = text.lower()
        return min((at for word in self.indexed if (at := lowered.find(word)) >= 0), default=len(text))

    @functools.cached_property
    def _seen(self) -> dict[str, bool]:
        return {}  # word -> match: a query's ten snippets meet the same words again and again

    def match(self, word: str) -> bool:
        """Whether ``word`` of an article is one the query found, as the site's search page marks it: one of
        its words as the index has it (Zelensky's is zelensky; "He" does not mark "her"), or another spelling of a name."""
        found = self._seen.get(word)
        if found is None:
            folded = fold(word).lower()
            found = _APOSTROPHE.split(folded, 1)[0] in self.indexed or (
                bool(self.keys) and word[0].isupper() and bool(inflected_keys(word) & self.keys)
            )
            self._seen[word] = found
        return found


_WORD_CHARACTERS = r"\w'’"
"""A word as a snippet marks it is a run of these: a hyphen parts words, as the index parts them
("Russia-backed" is found by ``backed``, and its ``backed`` is marked)."""
_APOSTROPHE = re.compile("['’]")
"""Where the index's words end within a snippet's word (Zelensky’s: zelensky)."""


def snippet(text: str, words: _Words, length: int = 240, before: int = 80) -> tuple[SnippetPart, ...]:
    """About ``length`` characters of ``text`` from shortly before the first word the query found (from
    the start if it found none: a query of filters alone, say), on word boundaries, those words marked:
    the rule of the site's search page (search.js)."""
    looks = bool(words.indexed or words.keys)  # (source:VOA looks for no word)
    first = next(_found_words(text, words, words.earliest(text)), None) if looks else None
    at = first.start() if first else 0
    start = max(0, at - before)
    if start:
        start = text.find(" ", start) + 1 or start  # begin at a word
    end = text.find(" ", start + length) if start + length < len(text) else -1  # end at a word too
    if end < 0:
        end = len(text)
    parts = [SnippetPart("… ")] if start else []
    position = start
    if first:
        # (None is found before the first: the rest are found going on from it to the snippet's end, a space.)
        for word in itertools.chain([first], _found_words(text, words, first.end(), end)):
            if word.start() < start:  # (a text with no space in the 80 characters before its first word begins after it)
                continue
            if word.start() > position:
                parts.append(SnippetPart(text[position : word.start()]))
            parts.append(SnippetPart(word.group(), matched=True))
            position = word.end()
    if rest := text[position:end] + (" …" if end < len(text) else ""):
        parts.append(SnippetPart(rest))
    return tuple(parts)


def _found_words(text: str, words: _Words, start: int = 0, end: int | None = None):
    """The words of ``text`` the query found, in order, as matches, that begin from ``start`` on and end by
    ``end`` (where no word goes on): only the ``candidates`` are asked about."""
    match = words.match
    return (word for word in words.candidates.finditer(text, start, len(text) if end is None else end) if match(word.group()))


def _hit(index: IndexSearcher, document: int, score: float, words: _Words) -> SearchHit:
    shown = index.shown(document)
    return SearchHit(
        title=shown.title,
        date=shown.date,
        source=shown.source,
        path=shown.path,
        source_url=shown.source_url,
        snippet=snippet(shown.body, words),
        score=score,
    )
