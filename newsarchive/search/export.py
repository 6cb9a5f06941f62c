"""The site's search files: the Whoosh index exported as static, gzipped JSON.

`theme/static/js/search.js` queries these in the browser, fetching only what a
query needs. Everything it ranks and matches with is read from Whoosh's own
postings, weights, positions and statistics, never from a second analysis of the
text. The format (README, "Search in the published site"), in ``out_dir``:

- ``meta.json``: the format's declaration (``search.format``: searched fields, stop words, minimum
  word length, where each value sits in ``doc/`` files), the document count (for idf), the export's
  generation, which groups of terms are split (``split``), so a term's file is found in one request,
  and the article numbers newest first (``newest``, delta-coded) that rank equal scores;
- ``terms/<hex prefix>.json``: ``{field: {term: [df, [number, weight, ...]]}}`` for the terms
  that begin with the prefix (the article numbers delta-coded: the first, then each one's difference
  from the one before, as every list of postings in the files); a large group is split by one more
  character, its file then keeping its exact terms and naming its children in ``_children``;
- ``positions/<hex prefix>.json``: the same tree for phrases: ``{field: {term: [number, [positions], ...]}}``
  (numbers and positions delta-coded);
- ``doc/<number>.json``: what a result shows, in ``format.DOC_FIELDS`` order (title, date, source, URL, people, places,
  and the article's text, for its snippet): one request a result;
- ``top/<hex key>.json``: the first page of results of a query for a name in at least ``PageOptions.first_pages``
  articles, its key its words as analysed (``format.first_page_key``): a word written as a name
  (``name_words``, ``format.written_as_name``), the words of a person's or place's name (Donald Trump),
  a hyphenated name the articles write (rose-lynn: ``_hyphenated_names``), or a ``person:`` or ``place:`` filter.
  Best first, each result its number, then its ``doc/`` fields with the text cut to its snippet as shown.
  meta.json's ``firstPageFilter`` (``format.first_page_filter``) tells the page which keys have one, so it
  asks for it beside the query's term files, and for a ``doc/`` file only for a result it lacks: a name's
  first page is one wave of requests after meta.json, not two, and three or four requests, not twelve.
  Not written for a period's site (its ranking counts the period's articles alone);
- ``dates.json``: each article's day (days since 1970-01-01, by article number), for ``date:`` filters;
- ``facets.json``: source and year names, and each article's source and year as indexes into them;
  and ``entities``: ``{kind: {spelling: entity}}``, the entity each spelling of a person or place
  belongs to, where that is another name (resolved across the archive as its entity pages are);
- ``facets/person/<n>.json``, ``facets/place/<n>.json``: ``{name: numbers}``, the articles naming each
  person or place (the entity's name, lowercased) under any of its spellings, about ``FACET_FILE_BYTES``
  of them a file: a name is in file ``format.facet_file_number(name, count)``, the count (``facetFileCount``
  in meta.json) a power of two (``_facet_file_count``); and ``facets/<kind>/common.json``:
  the same of the most-named ones (``COMMON_FACET_NUMBERS`` numbers in all), so that the names a
  page of results offers cost one request, not one each;
- ``names/<hex letter>.json``: the people's and places' names, and their words, that begin with
  the letter, for "Did you mean" (offered for words with the same first letter).

After the first export, an export rewrites only what the index's journal of changes
(``search.IndexChanges``) touches. The articles added, changed or removed since the files
of the terms they had or have were last written are the "recent" ones: meta.json holds
their postings (``recent``: ``stale``, the numbers whose postings in the term files no longer
count; ``terms`` and ``positions``, each such term's entry over the recent articles, with its
document frequency now), and those terms' files stay as they are; the browser reads a term's
entry as its file's, less the stale numbers, plus the recent ones (a term not in ``recent``:
as its file holds it). Past ``RECENT_BYTES`` (gzipped), the export writes some of those terms
into their files, those whose files are fewest bytes for what they take out of meta.json first,
until they fit again; an update's articles leave ``stale`` once every term they had or
have is written. A rare word's file is small and is written soon; a common word's holds most
of the archive, and is written once it has gathered many articles' postings (at 100,000
articles, adding one at a time, rewriting every changed term's file each time meta.json was
full took 39 s every third or fourth article). Adding one article to 10,000 writes its own
file and the small summaries, and once meta.json is full about its own article's worth of
term files; adding fifty writes every term file they touch.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import functools
import gzip
import hashlib
import itertools
import json
import multiprocessing
import operator
import os
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import msgspec

from newsarchive.collector import rarer_collections
from newsarchive.entities.gazetteer import default_gazetteer
from newsarchive.entities.registry import family_key, resolve_names
from newsarchive.entities.variants import compound_key, search_keys
from newsarchive.files import atomic_write_bytes, package_fingerprint
from newsarchive.periods import Period
from newsarchive.progress import progress_bar, progress_over
from newsarchive.search.format import (
    DOC_FIELDS,
    EXPORTED_FIELDS,
    FACET_FIELDS,
    FORMAT,
    SEARCHED_FIELDS,
    declaration,
    facet_file_number,
    first_page_filter,
    first_page_key,
    written_as_name,
)
from newsarchive.search.index import EXPORT_STATE_FILE as STATE_FILE
from newsarchive.search.index import IndexChanges, IndexReader, IndexSearcher, analyse, name_spellings, parallel_processes
from newsarchive.search.query import first_page

RECENT_BYTES = 16_000
"""The most the recent articles' postings may take in meta.json (gzipped; two or three articles of news text)
before an export writes some of them into their term files: every search fetches meta.json first."""
TERM_SHARD_BYTES = 24_000
"""A terms file larger than this (its JSON's bytes, before gzip) is split by one more character."""
POSITION_SHARD_BYTES = 48_000
FIRST_PAGE_KEY_BYTES = 100
"""The longest query (its key's UTF-8 bytes) with a first page: its file's name is the key in hex, and a file
system takes names of 255 bytes."""
TAIL_POSTINGS = 256
"""A term with this many postings or more has its entries' ends kept in the export's state (``_Export.ends``):
an update of newer articles alone appends their postings to those entries as written, undecoded (at 100,000
articles, decoding the common words' entries of the files it rewrote was a fifth of an update)."""
FACET_FILE_BYTES = 500
"""About how much JSON a facet file holds (before gzip): its names and their articles' numbers. A file a
name was 31,649 files for the people of 10,000 generated articles; the files of a page's names are fetched."""


@dataclass(frozen=True)
class ExportReport:
    written: int  # files written or removed in this export
    incremental: bool


@dataclass(frozen=True)
class PageOptions:
    """What the search page is told in meta.json: results shown at a time, facet values offered per kind, and
    from how many articles naming it a name's first page of results is a file of its own (0: none is)."""

    results: int = 10
    facets: int = 8
    first_pages: int = 50


@rarer_collections()
def export_static(
    index_dir: Path,
    out_dir: Path,
    urls: dict[str, str],
    whole: bool = False,
    page: PageOptions = PageOptions(),
    period: Period | None = None,
) -> ExportReport:
    """Write (or bring up to date) the site's search files in ``out_dir`` from the index in ``index_dir``.

    ``urls`` maps each article file (as indexed) to its URL in the site; ``period``: only the
    articles of those days are exported (SITE_PERIOD), their statistics counted among themselves.
    The export is made whole the first time, when ``out_dir`` no longer holds the last export
    (Pelican deleted it, say), when the period changes, or when asked; else only what the
    index's journal of changes touches.
    """
    state = None if whole else _read_state(index_dir, out_dir, period)
    with IndexReader(index_dir, period, mapped=state is None) as reader:
        export = _Export(reader, out_dir, urls, page)
        changes = IndexChanges.read(index_dir) or IndexChanges()
        if state is not None and not export.knows_every_article(state, changes):
            state = None  # the index holds articles neither the last export nor the journal names: made whole
        if state is not None:
            export.update(state, changes)
        else:
            export.full()
    _write_state(index_dir, export.state(out_dir))
    IndexChanges.clear(index_dir)
    return ExportReport(written=export.written, incremental=export.incremental)


def facet_file(kind: str, number: int) -> str:
    """A kind's facet file ``number`` (``format.facet_file_number``)."""
    return f"facets/{kind}/{number}.json"


COMMON_FACET_NUMBERS = 4000
"""How many article numbers ``facets/<kind>/common.json`` holds at most (about 10 KB gzipped)."""


def common_facet_file(kind: str) -> str:
    """The file of the most-named people's (or places') lists; no hex-encoded name is "common"."""
    return f"facets/{kind}/common.json"


def shard_name(prefix: str) -> str:
    """A shard's file name: its terms' prefix, hex-encoded (safe on any file system)."""
    return prefix.encode("utf-8").hex()


class _Export:
    def __init__(self, reader: IndexReader, out_dir: Path, urls: dict[str, str], page: PageOptions = PageOptions()):
        self.reader = reader
        self.page = page
        self.out_dir = out_dir
        self.urls = urls
        self.written = 0
        self.incremental = False
        self.kept: set[str] = set()  # in a whole export: every file written
        self.grouped_by: str | None = None  # the package (code, gazetteer) that grouped the last export's names
        self.numbers = reader.numbers  # the index's documents -> the articles' own numbers
        self.terms = _ShardTree("terms", TERM_SHARD_BYTES, EXPORTED_FIELDS, self._terms_under, functools.partial(self._entries, "terms"))
        self.positions = _ShardTree(
            "positions", POSITION_SHARD_BYTES, SEARCHED_FIELDS, self._terms_under, functools.partial(self._entries, "positions")
        )
        self.documents: dict[int, list] = {}  # number -> [source, year, url]
        # (field, term) -> its flat postings, without and with positions, of the root being written
        self._read_both: dict[tuple[str, str], tuple[list, list]] = {}
        self._read_root = ""
        self.names: dict[str, dict[str, str]] = {"person": {}, "place": {}}  # kind -> term -> name as written
        self.named_in: dict[str, dict[str, int]] = {"person": {}, "place": {}}  # kind -> term -> articles naming it
        self.entities: dict[str, dict[str, list[str]]] = {"person": {}, "place": {}}  # kind -> entity's name -> its terms
        self.facet_files: dict[str, int] = {}  # kind -> how many facet files its names are shared among
        self._named_by: dict[tuple[str, str], list[int]] = {}  # (field, name) -> the articles naming it (``_naming``)
        self.forgotten: dict[str, str] = {}  # a person's term no article has any more -> its name as written
        self.recent: dict | None = None  # meta.json's "recent" postings, when the term files were left as they were
        self.pending: dict | None = None  # the recent articles' numbers and terms, by field, for the next export
        # folder (terms, positions) -> field -> term -> [its entry's last article number, CRC-32 of the entry as
        # written], for the terms of TAIL_POSTINGS postings or more (``_appended``)
        self.ends: dict[str, dict[str, dict[str, list[int]]]] = {"terms": {}, "positions": {}}
        self.first_pages: dict[str, list[int]] = {}  # query key (format.first_page_key) -> the numbers its top/ file holds
        self.rewritten: set[int] = set()  # in an update: the numbers whose doc/ files it rewrites or removes
        self._rows: dict[int, list] = {}  # document -> its doc/ file's fields, but the text, as this export wrote them

    # ---- whole, or by the journal

    def full(self) -> None:
        self.kept = set()
        self._write_trees(while_waiting=self._write_documents_and_entities)
        self.first_pages = {}
        self._write_first_pages(self._first_page_candidates(), [term for term in self.reader.lexicon("variants") if "-" in term])
        self._write_summaries()
        # Files of an earlier export that this one did not write (files that did not change were kept as they were).
        for path in self.out_dir.rglob("*.json.gz"):
            if path.relative_to(self.out_dir).as_posix()[: -len(".gz")] not in self.kept:
                path.unlink()
                self.written += 1

    def _write_documents_and_entities(self) -> None:
        """Every article's file, then every person's and place's (their names as the articles write them)."""
        for docnum in progress_over(sorted(self.numbers, key=self.numbers.get), "Exporting articles for search"):
            self._write_document(docnum)
        for kind, field in FACET_FIELDS.items():
            self._count_names(kind, field, self.reader.lexicon(field))
            self._write_entities(kind, field, None)

    def _write_trees(self, while_waiting) -> None:
        """Every terms and positions file: a group of terms (its first two characters) at a time, by a
        process a core for a large archive (a group's files depend on nothing but the index), while
        this process does ``while_waiting``."""
        trees = (self.terms, self.positions)
        groups = sorted({(root, tree.folder) for tree in trees for root in tree.roots(self.reader.lexicon)})
        for tree in trees:
            tree.children = {}
        self.ends = {"terms": {}, "positions": {}}
        processes = parallel_processes(len(self.numbers))
        if processes == 1:
            while_waiting()
            for root, folder in progress_over(groups, "Exporting search terms"):
                self._write_group(root, folder)
            return
        # Roots dealt round-robin into many small batches (the largest, common first letters, do not all land in
        # one), a root's groups kept together.
        roots = sorted({root for root, _ in groups})
        dealt = {root: n % (processes * 16) for n, root in enumerate(roots)}
        batches = [[group for group in groups if dealt[group[0]] == batch] for batch in range(processes * 16)]
        context = multiprocessing.get_context("fork")  # the workers open the index again: nothing to pickle
        with context.Pool(processes, _start_worker, (self.reader.index_dir, self.reader.period, self.out_dir)) as pool:
            done = pool.imap_unordered(_export_groups, batches)
            while_waiting()
            with progress_bar(len(batches), "Exporting search terms") as advance:
                for children, ends, kept, written in done:
                    for tree in trees:
                        tree.children.update(children[tree.folder])
                        for field, found in ends[tree.folder].items():
                            self.ends[tree.folder].setdefault(field, {}).update(found)
                    self.kept.update(kept)
                    self.written += written
                    advance()
        for tree in trees:
            tree.children = dict(sorted(tree.children.items()))

    def _write_group(self, root: str, folder: str) -> None:
        """The files of the terms under ``root`` in ``folder`` (terms or positions). Groups come by root, its
        terms and positions files one after the other: its words' postings are read once for both (``_postings``)."""
        if root != self._read_root:  # the last root's files are written: its postings are done with
            self._read_both.clear()
            self._read_root = root
        self._write((self.terms if folder == self.terms.folder else self.positions).build(root))

    def knows_every_article(self, state: dict, changes: IndexChanges) -> bool:
        """Whether every article in the index is in the last export (``state``) or in the journal of changes."""
        return set(self.numbers.values()) <= {int(n) for n in state["documents"]} | changes.numbers

    def update(self, state: dict, changes: IndexChanges) -> None:
        self.incremental = True
        self.documents = {int(n): row for n, row in state["documents"].items()}
        self.names = state["names"]
        self.named_in = state["named_in"]
        self.entities = state["entities"]
        self.facet_files = state["facet_files"]
        self.grouped_by = state.get("grouped_by")
        self.terms.children = state["trees"]["terms"]
        self.positions.children = state["trees"]["positions"]
        self.ends = state.get("ends") or {"terms": {}, "positions": {}}  # (an older export kept none)
        live = {number: docnum for docnum, number in self.numbers.items()}
        moved = {n for n, row in self.documents.items() if n in live and row[2] != self.urls.get(row[4], "")}
        gone = set(self.documents) - set(live)
        for number in sorted(changes.numbers | moved | gone):
            if number in live:
                self._write_document(live[number])
            else:
                self.documents.pop(number, None)
                self._remove(f"doc/{number}.json")
        self.first_pages = state.get("first_pages") or {}
        self.rewritten = changes.numbers | moved | gone  # (their rows in first pages too)
        # The articles changed since their terms' files were written, and the terms they had or have (a batch an update).
        batches = _Batch.all_of(state.get("recent"))
        batch = _Batch(changes.numbers | gone, {f: set(changes.terms.get(f, ())) for f in EXPORTED_FIELDS})
        batches = [*batches, batch] if batch.numbers or batch.has_terms() else batches
        numbers, terms = _Batch.union(batches)
        # What those articles hold now (read from them, not from a term's postings over the archive).
        self.added = {}
        for number in sorted(numbers):
            if number in live:
                for field, found_terms in self.reader.analysed(live[number]).items():
                    for term, found in found_terms.items():
                        self.added.setdefault(field, {}).setdefault(term, []).append((number, *found))
        self.changed_numbers = numbers
        # (A period's export counts its own document frequencies; fifty articles' postings are never small enough.)
        if self.reader.period or not numbers or len(batch.numbers) >= 50:
            # A changed term's postings: its file's, less the changed articles', plus what those articles hold now.
            self._write_terms(terms)
            return self._write_names_and_summaries(changes)
        recent = self._recent(numbers, terms)
        while len(_gzipped(recent)) > RECENT_BYTES:
            # The terms whose files cost least to rewrite for what they take out of meta.json are written
            # into their files, until the rest fits again: a common word's file, which holds most
            # of the archive, is rewritten only when it has gathered many articles' postings.
            written = self._cheapest_to_write(recent, len(_gzipped(recent)))
            self._write_terms({f: terms[f] & written for f in EXPORTED_FIELDS})
            batches = [kept for b in batches if (kept := b.without(written)).has_terms()]
            numbers, terms = _Batch.union(batches)
            if not numbers:
                return self._write_names_and_summaries(changes)
            recent = self._recent(numbers, terms)
        self.recent = recent
        self.pending = {"batches": [b.as_json() for b in batches]}
        self._write_names_and_summaries(changes)

    def _write_terms(self, terms: dict[str, set[str]]) -> None:
        """Write ``terms`` (by field) into their terms and positions files: each file's entries, less the changed
        articles' (``changed_numbers``), plus what those articles hold now (``added``)."""
        self._write(self.terms.rebuild(sorted({t for f in EXPORTED_FIELDS for t in terms[f]}), self._existing))
        self._write(self.positions.rebuild(sorted({t for f in SEARCHED_FIELDS for t in terms[f]}), self._existing))

    def _cheapest_to_write(self, recent: dict, gzipped: int) -> set[str]:
        """The recent terms to write into their files: those whose files (as last written) are fewest bytes
        for the bytes of meta.json's recent postings they take out, first, a terms file's together (one writing
        serves them all), until what is left would fit in ``RECENT_BYTES`` (``gzipped``: the recent postings' now).

        Just enough, not more: each update past the room then writes about its own article's worth of
        files (at 100,000 articles, writing down to half every other update took 3.5-5.5 s of those updates)."""
        taking: Counter[str] = Counter()  # term -> its JSON in the recent postings
        for tree in ("terms", "positions"):
            for entries in recent[tree].values():
                for term, entry in entries.items():
                    taking[term] += len(_JSON.encode([term, entry]))
        by_file: dict[str, set[str]] = {}
        for term in taking:
            by_file.setdefault(self.terms.file_of(term), set()).add(term)

        def cost(terms: set[str]) -> int:
            files = {self.terms.file_of(t) for t in terms} | {self.positions.file_of(t) for t in terms}
            return sum(self._size(name) for name in files)

        order = sorted(by_file.items(), key=lambda item: (cost(item[1]) / sum(taking[t] for t in item[1]), item[0]))
        goal = sum(taking.values()) * (1 - RECENT_BYTES / gzipped)
        chosen: set[str] = set()
        taken = 0
        for _, terms in order:
            if taken >= goal:
                break
            chosen |= terms
            taken += sum(taking[t] for t in terms)
        return chosen

    def _write_names_and_summaries(self, changes: IndexChanges) -> None:
        """The facet files of the names ``changes`` touch, and the summaries."""
        for kind, field in FACET_FIELDS.items():
            changed_names = set(changes.terms.get(field, ()))
            self._count_names(kind, field, sorted(changed_names))
            self._write_entities(kind, field, changed_names)
        self._write_first_pages(self._first_pages_touched(changes), [term for term in changes.terms.get("variants", ()) if "-" in term])
        self._write_summaries()

    def _recent(self, numbers: set[int], terms: dict[str, set[str]]) -> dict:
        """meta.json's "recent": the changed ``terms``' entries over the changed articles (``numbers``, stale in the
        term files), with each term's document frequency now; a term no recent article has keeps an empty list."""
        recent: dict = {"stale": sorted(numbers), "terms": {}, "positions": {}}
        for field in EXPORTED_FIELDS:
            for term in sorted(terms[field]):
                found = [posting for posting in self.added.get(field, {}).get(term, ()) if posting[0] in numbers]
                flat = [value for number, weight, _ in found for value in (number, _weight(weight))]
                recent["terms"].setdefault(field, {})[term] = [self.reader.doc_frequency(field, term), _delta_numbers(flat)]
                if field in SEARCHED_FIELDS:
                    positions = [v for number, _, at in found for v in (number, _deltas(at))]
                    recent["positions"].setdefault(field, {})[term] = _delta_numbers(positions)
        return recent

    def state(self, out_dir: Path) -> dict:
        return {
            "format": FORMAT,
            "out_dir": str(out_dir.resolve()),
            "period": self.reader.period.text if self.reader.period else "",
            "generation": self.generation,
            "documents": {str(n): row for n, row in sorted(self.documents.items())},
            "names": self.names,
            "named_in": self.named_in,
            "entities": self.entities,
            "facet_files": self.facet_files,
            "grouped_by": package_fingerprint(),
            "trees": {"terms": self.terms.children, "positions": self.positions.children},
            "ends": self.ends,
            "recent": self.pending,  # (None: the term files hold every article)
            "first_pages": self.first_pages,
        }

    # ---- the files

    def _write_document(self, docnum: int) -> None:
        stored = self.reader.stored(docnum)
        number = stored["number"]
        url = self.urls.get(stored["path"], "")
        row = self._shown(stored, stored["body"])
        self._write({f"doc/{number}.json": row})
        self._rows[docnum] = row[:-1]
        self.documents[number] = [stored["source"], stored["date"].strftime("%Y"), url, stored["date"].isoformat(), stored["path"]]
        for kind, field in FACET_FIELDS.items():
            for name in _split(stored.get(field)):
                self.names[kind].setdefault(name.lower(), name)

    def _shown_row(self, docnum: int, text: str) -> list:
        """An article's ``doc/`` fields with ``text``: as this export wrote them, or read again."""
        row = self._rows.get(docnum)
        return [*row, text] if row is not None else self._shown(self.reader.stored(docnum), text)  # (the text is DOC_FIELDS' last)

    def _shown(self, stored: dict, text: str) -> list:
        """An article's fields as a result shows them (``DOC_FIELDS``), with ``text``: its own, or its snippet."""
        shown = {
            "title": stored["title"],
            "date": stored["date"].strftime("%Y-%m-%d"),
            "source": stored["source"],
            "url": self.urls.get(stored["path"], ""),
            "people": _split(stored.get("people")),
            "places": _split(stored.get("places")),
            "text": text,
        }
        return [shown[name] for name in DOC_FIELDS]

    def _write_first_pages(self, candidates: Iterable[str], compounds: Iterable[str]) -> None:
        """The ``top/`` file of each of ``candidates`` (queries' keys: a word, or a name's words), and of the
        hyphenated names of ``compounds`` (``_hyphenated_names``), that has one now (``_has_first_page``); the
        others' are removed."""
        if not self._first_pages_from():
            return
        with contextlib.ExitStack() as stack:
            # One searcher, opened once something needs it: an update that touches no name's page or hyphenated
            # name opens none (every build runs one; opening it takes 3 to 24 ms at 100,000 articles).
            searcher = functools.cache(lambda: stack.enter_context(IndexSearcher(self.reader.index_dir)))
            candidates = set(candidates) | self._hyphenated_names(compounds, searcher)
            filtered = self._filtered_counts()
            having = sorted(key for key in candidates if self._has_first_page(key, filtered))
            files: dict[str, object] = {
                f"top/{shard_name(key)}.json": None for key in candidates - set(having) if self.first_pages.pop(key, None)
            }
            for key in progress_over(having, "Exporting names' first pages"):
                page = first_page(searcher(), _first_page_query(key), self.page.results)  # (none: deleted ones Whoosh still counts)
                rows = [[self.numbers[document], *self._shown_row(document, text)] for document, text in page]
                if rows or self.first_pages.pop(key, None) is not None:
                    files[f"top/{shard_name(key)}.json"] = rows or None
                if rows:
                    self.first_pages[key] = [row[0] for row in rows]
        self._write(files)

    def _hyphenated_names(self, compounds: Iterable[str], searcher: Callable[[], IndexSearcher]) -> set[str]:
        """The queries' keys of the hyphenated names of ``compounds`` (``variants``' keys of them: ro_rsV-li_ln) in
        ``first_pages`` articles or more: each spelling those articles write, lowercased (Rose-Lynn: rose-lynn).
        Every article of the key is read (through ``searcher()``), so a whole export and an update find the same."""
        found: set[str] = set()
        for compound in sorted(compounds):
            if self.reader.doc_frequency("variants", compound) >= self._first_pages_from():
                index = searcher()
                for document in index.matches({"field": "variants", "value": compound}).documents.tolist():
                    shown = index.shown(document)
                    found |= {spelling.lower() for spelling in name_spellings(shown.title, shown.body, compound)}
        return found

    def _first_pages_from(self) -> int:
        """From how many articles naming it a name has its first page in a file (0: none has; a period's site: its
        ranking counts its own articles)."""
        return 0 if self.reader.period else self.page.first_pages

    def _has_first_page(self, key: str, filtered: dict[str, int]) -> bool:
        """Whether the query ``key`` (``format.first_page_key``) has its first page in a file: one word, written as a
        name in ``first_pages`` articles or more (``name_words``, deleted ones counted, as the page counts
        them); the words of a person's or place's name named in that many (a spelling: Donald Trump); a
        hyphenated name whose key (``variants``) is in that many, each part written as a name (rose-lynn,
        not anti-government, which starts sentences); or a ``person:`` or ``place:``
        filter of such a name or of its last word (``_filtered_counts``). Each word (each part of a hyphenated
        one) analysed as itself, and none a hyphenated one's part elsewhere (the page asks for neither else)."""
        kind, _, name = key.rpartition(":")  # (the counts first: most candidates fail them, and the analysis costs more)
        if len(key.encode("utf-8")) > FIRST_PAGE_KEY_BYTES:
            return False
        if "-" in key and not kind and " " not in key:  # a hyphenated name's spelling: its compound key's articles
            named = self.reader.doc_frequency("variants", compound_key(search_keys(key)))
            parts = key.split("-")
            return named >= self.page.first_pages and analyse(key) == parts and all(map(self._written_as_name, parts))
        if kind:
            return filtered.get(key, 0) >= self.page.first_pages and _name_key(name) == name
        if " " in key:
            return max(self.named_in[kind].get(key, 0) for kind in FACET_FIELDS) >= self.page.first_pages and _name_key(key) == key
        named = self.reader.doc_frequency("name_words", key)
        return named >= self.page.first_pages and self._written_as_name(key) and _name_key(key) == key

    def _written_as_name(self, word: str) -> bool:
        """Whether the archive writes ``word`` (as analysed) as a name (``format.written_as_name``)."""
        return written_as_name(self.reader.doc_frequency("name_words", word), self.reader.doc_frequency("body", word))

    def _first_page_candidates(self) -> set[str]:
        """Every query that may have a first page: the names' words, the names of more than one word, and the
        filters of the names and of their last words (the hyphenated names are found from their keys:
        ``_hyphenated_names``)."""
        names = {name for kind in FACET_FIELDS for name in self.named_in[kind] if " " in name}
        return set(self.reader.lexicon("name_words")) | names | set(self._filtered_counts())

    def _filtered_counts(self) -> dict[str, int]:
        """``person:`` and ``place:`` filters (as ``first_page_key``s: person:vladimir putin, person:putin) -> about how
        many articles they find: a name's filter, the articles naming it; a last word's, those naming each name it
        ends, summed (Vladimir Putin's and Lyudmila Putin's: an article naming both counts twice)."""
        counts: Counter[str] = Counter()
        for kind in FACET_FIELDS:
            for name, count in self.named_in[kind].items():
                for key in _filters_of(kind, name):
                    counts[key] += count
        return counts

    def _first_pages_touched(self, changes: IndexChanges) -> set[str]:
        """The queries whose first page the changes may have changed: the names (and names' words) the changed
        articles have or had, first pages with a word they have or had or one sharing a key with one of theirs
        (Witkoff's page holds Witkov), first pages that hold a rewritten article. (A new article also moves
        every word's idf, and so may move others' results: the page then reads those its first page lacks
        from their own files, slower, never wrong.)"""
        changed = lambda field: set(changes.terms.get(field, ()))  # noqa: E731
        touched = changed("name_words") | {name for field in FACET_FIELDS.values() for name in changed(field) if " " in name}
        for kind, field in FACET_FIELDS.items():  # (a filter's page: the names its articles name, and their last words)
            touched |= {key for name in changed(field) for key in _filters_of(kind, name)}
        words = changed("body") | changed("name_words")
        for key, numbers in self.first_pages.items():
            kind, _, name = key.rpartition(":")
            if (
                not self.rewritten.isdisjoint(numbers)
                or any(w in words for w in name.replace("-", " ").split(" "))  # (a hyphenated name's: its parts, a phrase)
                or any(_spellings_changed(changes, kind, w) for w in name.split(" "))
            ):
                touched.add(key)
        return touched

    def _count_names(self, kind: str, field: str, terms: list[str]) -> None:
        """How many live articles name each of ``terms``; a name no article has any more is forgotten."""
        for term in terms:
            count = len(self._naming(field, term))
            if count:
                self.named_in[kind][term] = count
            else:
                self.named_in[kind].pop(term, None)
                spelled = self.names[kind].pop(term, None)
                if kind == "person" and spelled:
                    self.forgotten[term] = spelled

    def _naming(self, field: str, term: str) -> list[int]:
        """The numbers of the live articles naming ``term`` (people or places), read from the index once an export."""
        if (field, term) not in self._named_by:
            self._named_by[field, term] = [number for number, _ in self.reader.postings(field, term)]
        return self._named_by[field, term]

    def _write_entities(self, kind: str, field: str, changed: set[str] | None) -> None:
        """The facet files: for each entity, the articles naming it under any spelling, the names
        resolved across the archive as the site's entity pages resolve them (``resolve_names``).
        ``changed``: the names the journal touched (None: every file is written)."""
        maybe_changed: Iterable[str] | None = None  # the entities that may differ from the last export's (None: any)
        if changed is None or self.grouped_by != package_fingerprint():
            groups = self._grouped(kind, self.named_in[kind])
        elif not changed:
            # No name counted anew, and the code and gazetteer that grouped them are the last export's: its
            # groups stand (loading the gazetteer to make them again was most of a build with nothing changed).
            groups, maybe_changed = self.entities[kind], ()
        elif kind == "person":
            groups, maybe_changed = self._people_regrouped(changed)
        else:
            groups = self._grouped(kind, self.named_in[kind])
        named = {entity: sum(self.named_in[kind][term] for term in terms) for entity, terms in groups.items()}
        files = _facet_file_count(named)
        earlier = self.facet_files.get(kind, 0)
        self.facet_files[kind] = files
        before = self.entities[kind]
        if changed is None or files != earlier:
            touched = set(range(max(files, earlier)))
        else:  # the files of the entities whose articles may have changed, or that are gone
            maybe_changed = before.keys() | groups.keys() if maybe_changed is None else maybe_changed
            touched = {
                facet_file_number(entity.lower(), files)
                for entity in maybe_changed
                if before.get(entity) != groups.get(entity) or changed.intersection(groups.get(entity, ()))
            }
        in_file: dict[int, list[str]] = {}
        if touched:
            for entity in groups:
                if (file_number := facet_file_number(entity.lower(), files)) in touched:
                    in_file.setdefault(file_number, []).append(entity)
        lists = {
            file_number: {
                entity.lower(): _deltas(sorted({number for term in groups[entity] for number in self._naming(field, term)}))
                for entity in sorted(entities, key=str.lower)
            }
            for file_number, entities in in_file.items()
        }
        # (A file no name is in any more is removed: its content is None.)
        self._write({facet_file(kind, file_number): lists.get(file_number) for file_number in sorted(touched)})
        self.entities[kind] = groups
        self._write_common(kind, field, groups, named)

    def _grouped(self, kind: str, terms: Iterable[str]) -> dict[str, list[str]]:
        """``terms`` (names of ``kind``, as indexed) by entity: the entity's name -> its terms, the names
        resolved among themselves (``resolve_names``)."""
        spelled = self.names[kind]
        counts = Counter({spelled.get(term, term): self.named_in[kind][term] for term in terms})
        canonical, _ = resolve_names(kind, counts, default_gazetteer())
        groups: dict[str, list[str]] = {}
        for term in sorted(terms):
            groups.setdefault(canonical[spelled.get(term, term)], []).append(term)
        return groups

    def _people_regrouped(self, changed: set[str]) -> tuple[dict[str, list[str]], set[str]]:
        """The last export's people, with those of the family keys that ``changed`` names are in grouped again;
        and the entities grouped again, as they were and as they are.

        The names of one family key resolve alone as among all (``family_key``): at 100,000 articles,
        resolving all 138,000 names took 2.3 s of a one-article update, this 0.15 to 0.2 s (py-spy), most of
        it the family key of each of the 116,000 entities."""
        named_in, spelled = self.named_in["person"], self.names["person"]
        again_for = {family_key(spelled.get(term) or self.forgotten.get(term, term)) for term in changed}
        kept: dict[str, list[str]] = {}
        again = {term for term in changed if term in named_in}
        undone = set()
        for entity, terms in self.entities["person"].items():
            if family_key(entity) in again_for:
                again.update(term for term in terms if term in named_in)
                undone.add(entity)
            else:
                kept[entity] = terms
        regrouped = self._grouped("person", again)
        return kept | regrouped, undone | regrouped.keys()

    def _write_common(self, kind: str, field: str, groups: dict[str, list[str]], named: dict[str, int]) -> None:
        """The files of the most-named people (or places) in one, up to COMMON_FACET_NUMBERS article
        numbers: the names a page of results offers are mostly these, then counted without a request each.
        ``named``: how many articles name each entity."""
        common, total = {}, 0
        for entity in sorted(named, key=lambda entity: (-named[entity], entity)):
            if total + named[entity] <= COMMON_FACET_NUMBERS:
                numbers = sorted({number for term in groups[entity] for number in self._naming(field, term)})
                common[entity.lower()] = _deltas(numbers)
                total += len(numbers)
        self._write({common_facet_file(kind): dict(sorted(common.items()))})

    def _write_summaries(self) -> None:
        """meta.json, facets.json and names/: small, and rewritten by every export."""
        rows = self.documents
        source_names = sorted({row[0] for row in rows.values()})
        year_names = sorted({row[1] for row in rows.values()})
        size = max(rows, default=-1) + 1
        by_source, by_year, days = [-1] * size, [-1] * size, [-1] * size
        source_at, year_at = {name: at for at, name in enumerate(source_names)}, {name: at for at, name in enumerate(year_names)}
        day_of: dict[str, int] = {}  # (an archive's articles share their days)
        for number, row in rows.items():
            by_source[number] = source_at[row[0]]
            by_year[number] = year_at[row[1]]
            day = row[3][:10]
            if day not in day_of:
                day_of[day] = (dt.date.fromisoformat(day) - dt.date(1970, 1, 1)).days
            days[number] = day_of[day]
        by_letter: dict[str, set[str]] = {}
        for kind in self.names.values():
            for name in kind.values():
                for entry in (name, *(word for word in name.split() if len(word) > 2)):
                    by_letter.setdefault(entry[0].lower(), set()).add(entry)
        letters = {f"names/{shard_name(letter)}.json": sorted(entries) for letter, entries in by_letter.items()}
        for path in self.out_dir.glob("names/*.json.gz"):  # a letter no name begins with any more
            if f"names/{path.name[: -len('.gz')]}" not in letters:
                self._remove(f"names/{path.name[: -len('.gz')]}")
        # The generation names this export's content: the browser's cache key, and a check that
        # the files in out_dir are the ones the state describes.
        self.generation = hashlib.sha256(_JSON.encode([sorted(rows.items()), self.reader.document_count()])).hexdigest()[:16]
        self._write(
            {
                "facets.json": {
                    "source": source_names,
                    "year": year_names,
                    "by_source": by_source,
                    "by_year": by_year,
                    "entities": self._entity_names(),
                },
                **letters,
                # Each article's day (days since 1970-01-01; -1 for a number no article has): read only by date: filters.
                "dates.json": days,
                "meta.json": {
                    **declaration(),  # fields, analysis, where each value sits: search.format
                    "page": {"results": self.page.results, "facets": self.page.facets, "firstPages": self._first_pages_from()},
                    # Which queries have a first page of results in a file (top/): asked for beside their term files.
                    "firstPageFilter": first_page_filter(sorted(self.first_pages)) if self._first_pages_from() else "",
                    "generation": self.generation,
                    # The index's idf counts documents as this count does; so does the browser.
                    "documents": self.reader.document_count(),
                    "facetFileCount": self.facet_files,
                    "split": {"terms": sorted(self.terms.children), "positions": sorted(self.positions.children)},
                    # Articles newest first (then by file), as numbers: equal scores are ranked so, as by invoke search.
                    "newest": _deltas(newest_first(rows)),
                    **({"recent": self.recent} if self.recent else {}),
                },
            }
        )

    def _entity_names(self) -> dict[str, dict[str, str]]:
        """Each spelling (as written) whose entity has another name -> the entity's name, by kind."""
        found: dict[str, dict[str, str]] = {}
        for kind, groups in self.entities.items():
            found[kind] = {}
            for entity, terms in sorted(groups.items()):
                found[kind].update({name: entity for term in terms if (name := self.names[kind].get(term, term)) != entity})
        return found

    def _write(self, files: dict[str, object]) -> None:
        for name, data in zip(files, _all_gzipped(list(files.values())), strict=True):
            if data is None:
                self._remove(name)
                continue
            self.kept.add(name)
            if atomic_write_bytes(self.out_dir / f"{name}.gz", data, durable=False):
                self.written += 1

    def _existing(self, name: str) -> dict[str, dict[str, msgspec.Raw] | list[str]] | None:
        """A terms or positions file as the last export wrote it (its entries left as JSON: ``_entry``), or None."""
        try:
            return _TERM_FILE.decode(gzip.decompress((self.out_dir / f"{name}.gz").read_bytes()))
        except FileNotFoundError:
            return None

    def _size(self, name: str) -> int:
        """The bytes of a file as the last export wrote it (0: none)."""
        try:
            return (self.out_dir / f"{name}.gz").stat().st_size
        except FileNotFoundError:
            return 0

    def _remove(self, name: str) -> None:
        path = self.out_dir / f"{name}.gz"
        if path.exists():
            path.unlink()
            self.written += 1

    # ---- what the index holds

    def _flat_postings(self, field: str, term: str, positions: bool = False) -> list:
        """A term's postings as its file holds them: [number, weight, ...], or with ``positions``
        [number, positions delta-coded, ...].

        A searched field's term is in a terms file and a positions file: its postings are read once,
        with positions, for both (``_write_group`` forgets them when its root is done)."""
        if field not in SEARCHED_FIELDS:
            return [value for number, weight in self.reader.postings(field, term) for value in (number, _weight(weight))]
        both = self._read_both.get((field, term))
        if both is None:
            found = self.reader.postings_and_positions(field, term)
            both = self._read_both[field, term] = (
                [value for number, weight, _ in found for value in (number, _weight(weight))],
                [value for number, _, deltas in found for value in (number, deltas)],
            )
        return both[1] if positions else both[0]

    def _terms_under(self, field: str, prefix: str) -> list[str]:
        return self.reader.terms_under(field, prefix)

    def _entries(self, folder: str, field: str, terms: list[str], old: dict[str, list] | None = None) -> dict[str, list | msgspec.Raw]:
        """The entries of ``folder``'s files for ``terms``: in terms/, each term's [document frequency, [number,
        weight, ...]]; in positions/, its [number, [positions, delta-coded], ...]. From Whoosh's postings, or
        ``old`` (the file's entries) patched with the changed articles' own terms (appended to, where
        ``_appended`` can)."""
        positions = folder == "positions"
        entries = {}
        for term in terms:
            found = () if old is None else self.added.get(field, {}).get(term, ())
            added = [(n, _deltas(at) if positions else _weight(weight)) for n, weight, at in found]
            if old is not None and (appended := self._appended(folder, field, term, old, added)) is not None:
                entries[term] = appended
                continue
            if old is None:
                flat = self._flat_postings(field, term, positions=positions)
            else:
                before = _entry(old, term, []) if positions else _entry(old, term, [0, []])[1]
                flat = _patched(_absolute_numbers(before), self.changed_numbers, added)
            if not flat:
                self.ends[folder].get(field, {}).pop(term, None)
                continue
            if positions:
                entry = _delta_numbers(flat)
            else:  # (a period's export counts among its own articles: those in its postings)
                entry = [len(flat) // 2 if self.reader.period else self.reader.doc_frequency(field, term), _delta_numbers(flat)]
            entries[term] = self._ended(folder, field, term, entry, flat)
        return entries

    def _ended(self, folder: str, field: str, term: str, entry: list, flat: list) -> list | msgspec.Raw:
        """A term's entry as its file holds it; a common term's made JSON here, its end kept (``ends``)."""
        ends = self.ends[folder].setdefault(field, {})
        if len(flat) < 2 * TAIL_POSTINGS:
            ends.pop(term, None)
            return entry
        written = _JSON.encode(entry)
        ends[term] = [flat[-2], zlib.crc32(written)]
        return msgspec.Raw(written)

    def _appended(self, folder: str, field: str, term: str, old: dict, added: list) -> msgspec.Raw | None:
        """A common term's entry in ``old`` with ``added`` ((number, value), by number) put at its end as JSON,
        without decoding it; None where that cannot be done, and the entry is patched: it has no end kept, it
        is not the entry as it was when kept (a run stopped after writing it), or a changed article is not newer.
        The bytes are those a whole export writes."""
        end = self.ends[folder].get(field, {}).get(term)
        raw = old.get(term)
        if end is None or raw is None or not self.changed_numbers or min(self.changed_numbers) <= end[0] or zlib.crc32(raw) != end[1]:
            return None
        written = bytes(raw)
        last = end[0]
        tail = []
        for number, value in added:
            tail += (number - last, value)
            last = number
        more = b"," + _JSON.encode(tail)[1:-1] if tail else b""
        if folder == "terms":  # [df,[number, weight, ...]]: the document frequency as now, the postings longer
            comma = written.index(b",")
            df = (int(written[1:comma]) + len(added)) if self.reader.period else self.reader.doc_frequency(field, term)
            written = b"[%d,%s%s]]" % (df, written[comma + 1 : -2], more)
        else:  # [number, [positions], ...]
            written = written[:-1] + more + b"]"
        self.ends[folder][field][term] = [last, zlib.crc32(written)]
        return msgspec.Raw(written)


class _ShardTree:
    """Terms grouped in files by their first characters (two at least, more where a group is
    large), so a query fetches little; built whole, or rebuilt only where changed terms fall.

    ``children`` maps each split group's prefix to its children's prefixes. A split
    group's file keeps its exact terms and names its children (``_children``).
    """

    def __init__(self, folder: str, limit: int, fields: tuple[str, ...], terms, entries):
        self.folder = folder
        self.limit = limit
        self.fields = fields
        self.terms = terms  # (field, prefix) -> the terms of the field that begin with it
        self.entries = entries  # (field, terms, the file's entries or None: read whole) -> {term: what the file holds of it}
        self.children: dict[str, list[str]] = {}

    def roots(self, lexicon) -> list[str]:
        """The groups of a whole export: the first two characters of the terms ``lexicon(field)`` lists."""
        return sorted({term[:2] for field in self.fields for term in lexicon(field)})

    def build(self, root: str) -> dict[str, object]:
        """The files of one group of ``roots``, made whole."""
        return self._leaf(root, self._group(root))

    def rebuild(self, terms, existing) -> dict[str, object]:
        """The files to rewrite (None: to remove) for the changed ``terms``.

        Each file where a changed term falls is patched: ``existing(name)`` gives it as the
        last export wrote it, its changed terms are read anew from Whoosh, the others kept.
        """
        by_node: dict[str, set[str]] = {}
        for term in terms:
            by_node.setdefault(self._node_of(term), set()).add(term)
        files: dict[str, object] = {}
        for node, changed in sorted(by_node.items(), key=lambda item: (-len(item[0]), item[0])):
            old = existing(self._name(node)) or {}
            old.pop("_children", None)
            kept = {f: {t: v for t, v in entries.items() if t not in changed} for f, entries in old.items()}
            if node in self.children:
                exact = self._read(node, {t for t in changed if len(t) == len(node)}, old)
                files.update(self._split_node(node, _merged(kept, exact), {t for t in changed if len(t) > len(node)}))
            else:
                files.update(self._leaf(node, _merged(kept, self._read(node, changed, old))))
        return files

    def file_of(self, term: str) -> str:
        """The file a term's entry is in (or is to be written in, for a new term)."""
        return self._name(self._node_of(term))

    def _node_of(self, term: str) -> str:
        node = term[:2]
        while node in self.children and len(term) > len(node):
            child = term[: len(node) + 1]
            if child not in self.children[node]:
                break  # a new child: the node, whose file names its children, is rebuilt
            node = child
        return node

    def _read(self, prefix: str, terms: set[str], old: dict) -> dict[str, dict[str, list]]:
        """{field: {term: entry}} of those of ``terms`` that fall in ``prefix``'s group and that articles
        still have: ``old`` (the group's file as last written, or {}) patched with the changes."""
        wanted = sorted(t for t in terms if t.startswith(prefix) and (len(prefix) >= 2 or t == prefix))
        return {field: entries for field in self.fields if wanted and (entries := self.entries(field, wanted, old.get(field, {})))}

    def _group(self, prefix: str) -> dict[str, dict[str, list]]:
        """{field: {term: entry}} of every term under ``prefix`` (a one-character root holds only itself)."""
        group = {}
        for field in self.fields:
            terms = [t for t in self.terms(field, prefix) if len(prefix) >= 2 or t == prefix]
            if terms and (entries := self.entries(field, terms)):
                group[field] = entries
        return group

    def _split_node(self, prefix: str, node: dict, longer: set[str]) -> dict[str, object]:
        """A split group's own file (its exact terms, its children) and the files of new children."""
        files: dict[str, object] = {}
        for child in sorted({t[: len(prefix) + 1] for t in longer} - set(self.children[prefix])):
            group = self._read(child, longer, {})
            if group:
                files.update(self._leaf(child, group))
                self.children[prefix] = sorted({*self.children[prefix], child})
        node = {f: terms for f, terms in node.items() if terms}
        node["_children"] = [shard_name(child) for child in self.children[prefix]]
        files[self._name(prefix)] = node
        return files

    def _leaf(self, prefix: str, group: dict[str, dict[str, list]], lengths: dict | None = None) -> dict[str, object]:
        """The file of ``group``, split by one more character (recursively) where it is large."""
        self.children.pop(prefix, None)
        if not group:
            return {self._name(prefix): None}
        longer = sorted({t[: len(prefix) + 1] for terms in group.values() for t in terms if len(t) > len(prefix)})
        if not longer or len(prefix) >= 6:
            return {self._name(prefix): group}
        if lengths is None:  # a group too large is split: its entries' lengths are measured once, not once a level
            if len(_JSON.encode(group)) <= self.limit:
                return {self._name(prefix): group}
            lengths = {(f, t): len(_JSON.encode({t: v})) - 2 for f, terms in group.items() for t, v in terms.items()}
        elif _json_length(group, lengths) <= self.limit:
            return {self._name(prefix): group}
        node: dict[str, object] = {
            f: exact for f, terms in group.items() if (exact := {t: v for t, v in terms.items() if len(t) == len(prefix)})
        }
        files: dict[str, object] = {}
        for child in longer:
            files.update(
                self._leaf(
                    child,
                    {f: sub for f, terms in group.items() if (sub := {t: v for t, v in terms.items() if t.startswith(child)})},
                    lengths,
                )
            )
        self.children[prefix] = longer
        node["_children"] = [shard_name(child) for child in longer]
        files[self._name(prefix)] = node
        return files

    def _name(self, prefix: str) -> str:
        return f"{self.folder}/{shard_name(prefix)}.json"


@dataclass
class _Batch:
    """The articles one update changed (their numbers) and the terms they had or have, by field, less those
    written into their files since: what meta.json's recent postings are made of, until none of its terms is left."""

    numbers: set[int]
    terms: dict[str, set[str]]

    @classmethod
    def all_of(cls, pending: dict | None) -> list[_Batch]:
        """The batches an export's state keeps (``_Export.pending``); an older state's one list is one batch."""
        if not pending:
            return []
        listed = pending["batches"] if "batches" in pending else [pending]
        return [cls(set(b["numbers"]), {f: set(b["terms"].get(f, ())) for f in EXPORTED_FIELDS}) for b in listed]

    @staticmethod
    def union(batches: list[_Batch]) -> tuple[set[int], dict[str, set[str]]]:
        return {n for b in batches for n in b.numbers}, {f: {t for b in batches for t in b.terms[f]} for f in EXPORTED_FIELDS}

    def has_terms(self) -> bool:
        return any(self.terms.values())

    def without(self, written: set[str]) -> _Batch:
        """The batch less the terms written into their files (a batch left with none is done: its
        articles' postings are in the files of every term they had or have)."""
        return _Batch(self.numbers, {f: terms - written for f, terms in self.terms.items()})

    def as_json(self) -> dict:
        return {"numbers": sorted(self.numbers), "terms": {f: sorted(t) for f, t in self.terms.items() if t}}


_worker: _Export | None = None
"""In a process of a parallel export (``_Export._write_trees``): the export it makes groups of files for."""


def _start_worker(index_dir: Path, period: Period | None, out_dir: Path) -> None:
    global _worker
    _worker = _Export(IndexReader(index_dir, period), out_dir, {})


def _export_groups(groups: list[tuple[str, str]]) -> tuple[dict[str, dict[str, list[str]]], dict, set[str], int]:
    """Write the files of ``groups`` (root, folder); returns the groups split (by folder), their entries' ends, the
    files kept and how many were written. (No progress bar here: the first process draws one for all.)"""
    trees = (_worker.terms, _worker.positions)
    _worker.kept, _worker.written = set(), 0
    _worker.ends = {"terms": {}, "positions": {}}
    for tree in trees:
        tree.children = {}
    for root, folder in groups:
        _worker._write_group(root, folder)
    return {tree.folder: tree.children for tree in trees}, _worker.ends, _worker.kept, _worker.written


def _read_state(index_dir: Path, out_dir: Path, period: Period | None) -> dict | None:
    """The last export's state, if ``out_dir`` still holds that export of that period (else it is made whole)."""
    try:
        state = msgspec.json.decode((index_dir / STATE_FILE).read_bytes())
        meta = json.loads(gzip.decompress((out_dir / "meta.json.gz").read_bytes()))
    except (FileNotFoundError, ValueError, OSError):  # (msgspec.DecodeError is a ValueError)
        return None
    if (
        state.get("format") != FORMAT
        or state.get("out_dir") != str(out_dir.resolve())
        or state.get("period", "") != (period.text if period else "")
        or meta.get("generation") != state.get("generation")
    ):
        return None
    return state


def as_searched(out_dir: Path) -> dict[str, object]:
    """What a search reads from the export in ``out_dir``: every file's content by name, but the term files'
    entries merged into "terms" and "positions" (``{(field, term): entry}``, their article numbers whole,
    meta.json's recent postings applied as search.js's ``current`` applies them), a kind's facet files into "facets/<kind>" (``{name: numbers}``),
    and meta.json without where they are (``split``, ``recent``, ``facetFileCount``).
    Equal for an export brought up to date and a whole one of the same index."""
    found: dict[str, object] = {}
    entries: dict[str, dict] = {"terms": {}, "positions": {}}
    for path in sorted(out_dir.rglob("*.json.gz")):
        name = path.relative_to(out_dir).as_posix()[: -len(".gz")]
        content = json.loads(gzip.decompress(path.read_bytes()))
        tree = name.split("/")[0]
        if tree in entries:
            entries[tree].update(
                {
                    (f, term): _with_absolute_numbers(tree, entry)
                    for f, terms in content.items()
                    if f != "_children"
                    for term, entry in terms.items()
                }
            )
        elif tree == "facets" and name.count("/") == 2 and name.split("/")[2] != "common.json":
            found.setdefault(name.rsplit("/", 1)[0], {}).update(content)
        else:
            found[name] = content
    for kind in FACET_FIELDS:
        found[f"facets/{kind}"] = dict(sorted(found.get(f"facets/{kind}", {}).items()))
    meta = found.get("meta.json") or {}
    recent = meta.pop("recent", None) or {"stale": [], "terms": {}, "positions": {}}
    meta.pop("split", None)
    meta.pop("facetFileCount", None)
    stale = set(recent["stale"])
    for tree, table in entries.items():
        for f, terms in recent[tree].items():
            for term, fresh in terms.items():
                fresh = _with_absolute_numbers(tree, fresh)
                df, old, new = (
                    (fresh[0], table.get((f, term), [0, []])[1], fresh[1]) if tree == "terms" else (None, table.get((f, term), []), fresh)
                )
                flat = _patched(old, stale, list(zip(new[::2], new[1::2], strict=True)))
                if not flat:
                    table.pop((f, term), None)  # (no live article has it: a whole export writes no entry)
                    continue
                table[f, term] = [df, flat] if tree == "terms" else flat
        found[tree] = table
    return found


def _weight(weight: float) -> float | int:
    """A posting's weight as the files hold it: a whole number (as nearly all are: a word's count times
    its field's boost) written without ".0", which is 2 bytes of each posting's JSON."""
    return int(weight) if float(weight).is_integer() else round(weight, 4)


def _json_length(group: dict[str, dict[str, list]], lengths: dict[tuple[str, str], int]) -> int:
    """``len(_JSON.encode(group))``, from the length of each ``"term":entry`` in ``lengths``."""
    fields = [len(_JSON.encode(f)) + 3 + sum(lengths[f, t] for t in terms) + max(len(terms) - 1, 0) for f, terms in group.items()]
    return 2 + sum(fields) + max(len(fields) - 1, 0)


def _facet_file_count(named: dict[str, int]) -> int:
    """How many files a kind's names share, by about how large their lists are (a name, and the
    number of articles naming it): a power of two, so that the count changes only as the lists
    double (every file is then written again), and an export brought up to date has a whole one's files."""
    size = sum(len(name) + 4 + 6 * count for name, count in named.items())
    files = 1
    while files * FACET_FILE_BYTES < size:
        files *= 2
    return files


def _gzipped(content: object) -> bytes:
    # Gzipped by us, unzipped by the browser (DecompressionStream): a static host need not compress.
    # Level 5: on a 10,000-article export 0.2% larger than level 6, and a third less time compressing.
    return gzip.compress(_JSON.encode(content), 5, mtime=0)


def _all_gzipped(contents: list[object]) -> list[bytes | None]:
    """Each content gzipped (None stays None); many at once on every core, as zlib lets other threads run
    while it compresses (an update that writes a few hundred term files spent half of that compressing)."""

    def gzipped(content: object) -> bytes | None:
        return None if content is None else _gzipped(content)

    if len(contents) < 64:
        return list(map(gzipped, contents))
    with ThreadPoolExecutor(os.cpu_count()) as threads:
        return list(threads.map(gzipped, contents))


_JSON = msgspec.json.Encoder()
"""The files' JSON: compact, UTF-8 (json.dumps' with ``separators=(",", ":")`` and ``ensure_ascii=False``, byte
for byte on the export's files, eight times faster: an update that writes a thousand term files spent half its
time encoding them)."""
_TERM_FILE = msgspec.json.Decoder(dict[str, dict[str, msgspec.Raw] | list[str]])
"""A terms or positions file read for patching: ``{field: {term: entry}, "_children": [...]}``, each entry left as its
JSON (``msgspec.Raw``), decoded only for the terms patched (``_entry``) and written back as it was read."""


def _entry(old: dict[str, msgspec.Raw], term: str, missing: list) -> list:
    """A term's entry in a file read for patching (``_TERM_FILE``), decoded; ``missing`` if the file has none."""
    raw = old.get(term)
    return missing if raw is None else msgspec.json.decode(raw)


def newest_first(rows: dict[int, list]) -> list[int]:
    """Article numbers by date, newest first, and by article file where dates are equal."""
    by_file = sorted(rows, key=lambda number: rows[number][4])
    return sorted(by_file, key=lambda number: rows[number][3], reverse=True)


def _write_state(index_dir: Path, state: dict) -> None:
    atomic_write_bytes(index_dir / STATE_FILE, _JSON.encode(state))


def _merged(a: dict[str, dict], b: dict[str, dict]) -> dict[str, dict]:
    """Two {field: {term: entry}} groups as one, fields and terms in order (as a whole export writes them)."""
    fields = [f for f in (*EXPORTED_FIELDS, *SEARCHED_FIELDS) if f in a or f in b]
    merged = {f: dict(sorted({**a.get(f, {}), **b.get(f, {})}.items())) for f in dict.fromkeys(fields)}
    return {f: terms for f, terms in merged.items() if terms}


def _filters_of(kind: str, name: str) -> set[str]:
    """The ``person:`` or ``place:`` filters that find a name, as first pages' keys: its own, and its last word's."""
    return {f"{kind}:{name}", f"{kind}:{name.rsplit(' ', 1)[-1]}"}


def _spellings_changed(changes: IndexChanges, kind: str, word: str) -> bool:
    """Whether ``changes`` touch the articles ``word`` finds by its key: a word's (``variants``), or a ``person:`` or
    ``place:`` filter's word's (``person_keys``, ``place_keys``)."""
    if kind:
        return not changes.terms.get(f"{kind}_keys", set()).isdisjoint(search_keys(word))
    return compound_key(search_keys(word)) in changes.terms.get("variants", set())


def _first_page_query(key: str) -> str:
    """The query a first page is of, as the page reads it: its words, or its filter (the name quoted)."""
    kind, _, name = key.rpartition(":")
    return f'{kind}:"{name}"' if kind and " " in name else key


def _name_key(name: str) -> str | None:
    """The query key of a name or word (lowercased), if each of its words analyses as itself and none is hyphenated."""
    words = name.split(" ")
    if not all(analyse(word) == [word] and len(search_keys(word)) <= 1 for word in words):
        return None
    return first_page_key(words)


def _split(value: str | None) -> list[str]:
    return [part for part in (value or "").split(",") if part]


def _patched(flat: list, gone: set[int], added: list[tuple[int, object]]) -> list:
    """A flat postings list ``[number, value, ...]`` (by number) less the numbers in ``gone``, plus ``added``.

    A common word's list holds most of the archive: what it keeps is copied whole, not walked a posting at a time.
    """
    numbers = flat[0::2]
    if dropped := gone.intersection(numbers):
        flat = list(flat)
        for number in sorted(dropped, reverse=True):
            at = 2 * bisect.bisect_left(numbers, number)
            del flat[at : at + 2]
    if not added:
        return flat
    if not flat or added[0][0] > flat[-2]:  # new articles have the highest numbers: appended
        return [*flat, *(value for pair in added for value in pair)]
    pairs = sorted([*zip(flat[0::2], flat[1::2], strict=True), *added])
    return [value for pair in pairs for value in pair]


def _delta_numbers(flat: list) -> list:
    """A flat postings list ``[number, value, ...]`` as the files hold it: the first number, then each
    number's difference from the one before (a common word's numbers are close: term files a third smaller
    gzipped, positions a fifth)."""
    coded = list(flat)
    coded[0::2] = _deltas(flat[0::2])
    return coded


def _absolute_numbers(coded: list) -> list:
    """A flat postings list as a file holds it (``_delta_numbers``) with its numbers whole again."""
    flat = list(coded)
    flat[0::2] = itertools.accumulate(coded[0::2])
    return flat


def _with_absolute_numbers(tree: str, entry: list) -> list:
    """A terms file's entry ([df, flat]) or a positions file's (flat), its numbers whole."""
    return [entry[0], _absolute_numbers(entry[1])] if tree == "terms" else _absolute_numbers(entry)


def _deltas(numbers: list[int]) -> list[int]:
    """Sorted numbers as the first and the differences: smaller once gzipped."""
    return [*numbers[:1], *map(operator.sub, numbers[1:], numbers[:-1])]
