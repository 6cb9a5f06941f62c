"""A query's matches as two arrays, and the set algebra that joins them: AND, OR, NOT, ANDNOT, ANDMAYBE, phrases.

At 100,000 articles a common word is in tens of thousands of them; a query of two ("oil prices") or a
filter (year:2023) joined and ranked them as dicts and lists of tuples, a Python object a match, at 20
to 30 ms a query. As numpy's arrays each step is one call over all of them.

Scores are summed in the order the searcher summed them before (a group's parts left to right), each an
IEEE double as Python's own: the same scores to the last bit, so the ranking is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DOCUMENTS = np.int64
SCORES = np.float64


@dataclass(frozen=True)
class Matches:
    """Matching documents (ascending, each once) and their scores, index for index."""

    documents: np.ndarray
    scores: np.ndarray

    @classmethod
    def of(cls, scored) -> Matches:
        """From (score, document) pairs in any order, each document once."""
        pairs = sorted(scored, key=lambda entry: entry[1])
        return cls(np.array([d for _, d in pairs], dtype=DOCUMENTS), np.array([s for s, _ in pairs], dtype=SCORES))

    @classmethod
    def none(cls) -> Matches:
        return cls(np.empty(0, dtype=DOCUMENTS), np.empty(0, dtype=SCORES))

    def __len__(self) -> int:
        return len(self.documents)

    def pairs(self) -> list[tuple[float, int]]:
        """(score, document) of each match, by document."""
        return list(zip(self.scores.tolist(), self.documents.tolist(), strict=True))

    def where(self, keep: np.ndarray) -> Matches:
        """Those where ``keep`` (booleans, match for match) is true."""
        return Matches(self.documents[keep], self.scores[keep])


def concatenated(parts: list[Matches]) -> Matches:
    """Matches of disjoint, ascending runs of documents (a term's, segment after segment) as one."""
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return Matches.none()
    return Matches(np.concatenate([part.documents for part in parts]), np.concatenate([part.scores for part in parts]))


def member(documents: np.ndarray, among: np.ndarray) -> np.ndarray:
    """For each of ``documents``, whether it is one of ``among`` (both ascending): booleans."""
    if not len(among):
        return np.zeros(len(documents), dtype=bool)
    at = np.searchsorted(among, documents)
    return among[np.minimum(at, len(among) - 1)] == documents


def among(matches: Matches, documents: np.ndarray | None) -> Matches:
    """Those of ``matches`` whose documents are of ``documents`` (ascending; None: all of them). The fewer
    are looked up in the more."""
    if documents is None:
        return matches
    if len(documents) >= len(matches):
        return matches.where(member(matches.documents, documents))
    at = np.searchsorted(matches.documents, documents)
    found = matches.documents[np.minimum(at, len(matches) - 1)] == documents
    return Matches(documents[found], matches.scores[at[found]])


def all_of(parts: list[Matches]) -> Matches:
    """The documents in every part, scored as the sum of their scores (the parts' in order)."""
    fewest, *others = sorted(parts, key=len)
    common = fewest.documents
    for part in others:
        common = common[member(common, part.documents)]
    scores = np.zeros(len(common), dtype=SCORES)
    for part in parts:
        scores += part.scores[np.searchsorted(part.documents, common)]
    return Matches(common, scores)


def any_of(parts: list[Matches]) -> Matches:
    """The documents in any part, scored as the sum of the scores they have (the parts' in order)."""
    parts = [part for part in parts if len(part)]
    if len(parts) <= 1:
        return parts[0] if parts else Matches.none()
    if all(np.array_equal(part.documents, parts[0].documents) for part in parts[1:]):  # (a name's word and its key, mostly)
        return Matches(parts[0].documents, _summed(parts, [slice(None)] * len(parts), len(parts[0])))
    # A name's key is in every article its word is in, and in its title's mostly: the most's documents are all of them.
    most = max(parts, key=len)
    places = [slice(None) if part is most else np.searchsorted(most.documents, part.documents) for part in parts]
    if all(
        part is most or np.array_equal(most.documents[np.minimum(at, len(most) - 1)], part.documents)
        for part, at in zip(parts, places, strict=True)
    ):
        return Matches(most.documents, _summed(parts, places, len(most)))
    # Else the runs merged (a stable sort finds them), each document numbered once, and each part's scores added
    # where its documents are, in order. (Looking each part up in the merged documents took 400 µs for body:oil's 25,293.)
    documents = np.concatenate([part.documents for part in parts])
    order = np.argsort(documents, kind="stable")
    documents = documents[order]
    first = np.empty(len(documents), dtype=bool)
    first[0] = True
    np.not_equal(documents[1:], documents[:-1], out=first[1:])
    numbers = np.empty(len(documents), dtype=np.intp)
    numbers[order] = np.cumsum(first) - 1
    # (bincount adds each weight in turn to its bin, from 0.0: a document's scores in the parts' order, as above.)
    scores = np.bincount(numbers, weights=np.concatenate([part.scores for part in parts]))
    return Matches(documents[first], scores)


def _summed(parts: list[Matches], places: list, count: int) -> np.ndarray:
    """``count`` scores, 0 each, with each part's scores added at its ``places`` (an index of them), part after part."""
    scores = np.zeros(count, dtype=SCORES)
    for part, at in zip(parts, places, strict=True):
        scores[at] += part.scores  # (a part has each document once)
    return scores


def without(first: Matches, second: Matches) -> Matches:
    """``first``'s matches that are not ``second``'s (a ANDNOT b; a AND NOT b)."""
    return first.where(~member(first.documents, second.documents))


def maybe(first: Matches, second: Matches) -> Matches:
    """``first``'s matches, ``second``'s score added where it has one (a ANDMAYBE b)."""
    added = np.zeros(len(first), dtype=SCORES)
    found = member(first.documents, second.documents)
    added[found] = second.scores[np.searchsorted(second.documents, first.documents[found])]
    return Matches(first.documents, first.scores + added)


def phrase_documents(places: list[tuple[np.ndarray, int]]) -> np.ndarray:
    """The documents where a phrase's words stand one after another, ascending, from each word's places in a
    segment (``document << shift | position``, ascending, and the shift): the places of the word with the
    fewest, less its distance from the first word, that every other word has at its own distance."""
    if not all(len(found) for found, _ in places):
        return np.empty(0, dtype=DOCUMENTS)
    shift = max(each for _, each in places)
    # (A term of a long article or a large segment: 64 bits, its document shifted 32; the others widened alike.)
    widened = [_widened(found.astype(np.int64), each, shift) for found, each in places]
    fewest, *others = sorted(range(len(widened)), key=lambda at: len(widened[at]))
    starts = widened[fewest] - fewest  # (a start before the first place is negative: no word has it)
    for distance in others:
        starts = starts[member(starts + distance, widened[distance])]
        if not len(starts):
            break
    return _once(starts >> shift)


def _once(ascending: np.ndarray) -> np.ndarray:
    """An ascending array without its repeats."""
    if len(ascending) < 2:
        return ascending
    return ascending[np.concatenate(([True], ascending[1:] != ascending[:-1]))]


def _widened(places: np.ndarray, shift: int, to: int) -> np.ndarray:
    return places if shift == to else (places >> shift << to) | (places & ((1 << shift) - 1))
