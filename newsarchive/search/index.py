"""The search index: with ``search.segments`` (its writer), the one module that knows the engine (Whoosh), so it can be swapped.

The index lives outside the site's output folder and is updated incrementally:
each article's file is indexed with a hash of its bytes, and only files whose
hash changed are reindexed; articles whose files are gone are removed. What
changed is journaled (``IndexChanges``) for the export. The rest of the search
package reads the index through ``IndexSearcher`` (queries) and ``IndexReader``
(the export's postings, lexicon and statistics), never through Whoosh itself.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import itertools
import json
import math
import operator
import os
import re
import struct
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from pickle import dumps, loads

import markdown
import numpy as np
from whoosh import fields, formats, index, scoring
from whoosh import query as wquery
from whoosh.analysis import Filter, StandardAnalyzer
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.filedb.filestore import FileStorage
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.system import pack_uint
from whoosh.util.times import datetime_to_long

from newsarchive.articles import ArticleFile, ArticleFileError, read_article, stat_article_files
from newsarchive.collector import rarer_collections
from newsarchive.entities.corrections import NO_CORRECTIONS, Corrections
from newsarchive.entities.cyrillic import CYRILLIC_CAPITALS
from newsarchive.entities.extract import plain_lines
from newsarchive.entities.gazetteer import default_gazetteer
from newsarchive.entities.resolve import entity_key
from newsarchive.entities.variants import POSSESSIVE, inflected_keys
from newsarchive.errors import NewsarchiveError
from newsarchive.files import StampedFiles, atomic_write_bytes
from newsarchive.periods import Period
from newsarchive.progress import progress_over
from newsarchive.search.format import EXPORTED_FIELDS, MIN_TOKEN, SEARCHED_FIELDS, STOP_WORDS, fold, written_as_name
from newsarchive.search.matches import DOCUMENTS, SCORES, Matches, all_of, among, any_of, concatenated, maybe, phrase_documents, without
from newsarchive.search.postings import EXTENSION as FLAT_EXTENSION
from newsarchive.search.postings import FlatPostings, little_endian
from newsarchive.search.results import EXTENSION as RESULTS_EXTENSION
from newsarchive.search.results import Results, Shown
from newsarchive.search.segments import SegmentWriter, write_in_processes
from newsarchive.text import html_text


class _Fold(Filter):
    """Each word folded by ``search.format.fold``, the rule the browser folds by too."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold(token.text)
            yield token


# Folding accents lets "Zelenskyi" find "Zelens'kyi"-style spellings that differ only by diacritics.
# No stemming: the site's search analyses a query in the browser exactly as here, and a
# stemmer there would be a second implementation to drift.
_TEXT = StandardAnalyzer(stoplist=STOP_WORDS, minsize=MIN_TOKEN) | _Fold()

_WORD = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")
"""A word as ``_TEXT``'s tokenizer finds it (Whoosh's default pattern, its group not capturing)."""


class _AnalysedPositions(formats.Positions):
    """Whoosh's Positions format, with the words of a text to index found as ``_TEXT`` finds them in one pass.

    Whoosh runs every word through a chain of generators (tokenizer, lowercase, stop words,
    fold). Queries, and ``analyse``, still use ``_TEXT`` itself; tests/search/test_index.py
    holds the two equal.
    """

    def word_values(self, value, analyzer, **kwargs):
        # (An index's schema is unpickled from its files: its analyser is equal to _TEXT, not _TEXT.)
        if analyzer != _TEXT or kwargs.get("mode") != "index" or not isinstance(value, str):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        words = _lowered_words(value)
        kept = _kept(words)
        # Whoosh's stop filter numbers the words kept on from the first one's place (an earlier
        # one alike would have been kept).
        first = words.index(kept[0]) if kept else 0
        by_word: dict[str, list[int]] = {}
        for at, word in enumerate(kept, start=first):
            found = by_word.get(word)
            if found is None:
                by_word[word] = [at]
            else:
                found.append(at)
        positions: dict[str, list[int]] = {}
        for word, found in by_word.items():  # folded once a word, not once a place
            folded = fold(word)
            positions[folded] = sorted(positions[folded] + found) if folded in positions else found
        boost, encode, once = self.field_boost, self.encode, _ONCE_AT
        for word, found in positions.items():
            if len(found) == 1:  # (most words of an article: each place's bytes are made once a process)
                value = once.get(found[0])
                if value is None:
                    value = once[found[0]] = encode(found)
                yield word, 1, boost, value
            else:
                yield word, len(found), float(len(found)) * boost, encode(found)

    def encode(self, positions: list[int]) -> bytes:
        """The frequency, as Whoosh writes it, then the positions' differences: a byte each where all are
        under 256, two bytes each where all are under 65,536, else pickled as Whoosh pickles them."""
        deltas = [*positions[:1], *map(operator.sub, positions[1:], positions)]
        largest = max(deltas, default=0)
        if largest < 256:
            return pack_uint(len(deltas)) + _BYTE_DELTAS + bytes(deltas)
        if largest < 65536:
            return pack_uint(len(deltas)) + _SHORT_DELTAS + little_endian(array("H", deltas)).tobytes()
        return pack_uint(len(deltas)) + dumps(deltas, 2)

    def decode_positions(self, value: bytes) -> list[int]:
        return list(_positions(value))


def _lowered_words(text: str) -> list[str]:
    """The words ``_TEXT``'s tokenizer finds in ``text``, each lowered (as its lowercase filter lowers them)."""
    lowered = text.lower()
    # (The text lowered whole has the words of each lowered, unless a letter lowers to two, as İ to i̇:
    # checked over every code point.)
    return _WORD.findall(lowered) if len(lowered) == len(text) else [word.lower() for word in _WORD.findall(text)]


def _kept(words: list[str]) -> list[str]:
    """The lowered words ``_TEXT``'s stop filter keeps: those long enough that are not stop words."""
    return [word for word in words if len(word) >= MIN_TOKEN and word not in STOP_WORDS]


_ONCE_AT: dict[int, bytes] = {}
"""A word's value where it stands once, by its place (as ``_AnalysedPositions.encode`` makes it)."""


def _text_field(field_boost: float = 1.0) -> fields.TEXT:
    """A title or body field: analysed by ``_TEXT``, stored, with positions for phrases."""
    field = fields.TEXT(analyzer=_TEXT, stored=True, field_boost=field_boost)
    field.format = _AnalysedPositions(field_boost=field_boost)
    return field


def _unindexed(field: fields.FieldType) -> fields.FieldType:
    """``field`` stored and in its column, without terms: a date or number is read from its column, never
    searched by term (Whoosh indexes each at eight precisions: a fifth of an index's terms)."""
    field.indexed = False
    return field


# TF-IDF over Whoosh's stored weights: simple enough that the browser ranks exactly alike.
WEIGHTING = scoring.TF_IDF()

SCHEMA = fields.Schema(
    path=fields.ID(stored=True, unique=True, sortable=True),
    # The article's number in the site's search files: kept across merges of Whoosh's
    # segments (which renumber documents), so an export can be updated file by file.
    number=_unindexed(fields.NUMERIC(stored=True, sortable=True)),
    # The file's hash when indexed, as a column: an update reads it for every article without
    # unzipping each one's stored fields.
    content_hash=fields.COLUMN(),
    title=_text_field(field_boost=2.0),
    body=_text_field(),
    date=_unindexed(fields.DATETIME(stored=True, sortable=True)),
    source=fields.KEYWORD(stored=True, lowercase=True, commas=True, scorable=True),
    source_url=fields.STORED,
    people=fields.KEYWORD(stored=True, lowercase=True, commas=True, scorable=True),
    places=fields.KEYWORD(stored=True, lowercase=True, commas=True, scorable=True),
    tags=fields.KEYWORD(stored=True, lowercase=True, commas=True, scorable=True),
    # Search keys (entities.variants) of the capitalised words that may be names (``_name_fields``):
    # any spelling of a name finds every spelling of it. Stored so that the
    # terms an article had can be told when it changes (search.export updates their files).
    variants=fields.KEYWORD(lowercase=False, scorable=True, stored=True),
    # Those capitalised words themselves, as analysed: how often the archive writes a word as a name
    # against how often it writes it at all tells a query's name (Kiev) from a word (issues, team).
    name_words=fields.KEYWORD(lowercase=False, stored=True),
    person_keys=fields.KEYWORD(lowercase=False, stored=True),
    place_keys=fields.KEYWORD(lowercase=False, stored=True),
    year=fields.ID(stored=True),
)
# The fields journaled: the exported ones, and the names a person's or place's file is made from.
JOURNALED_FIELDS = (*EXPORTED_FIELDS, "people", "places")
_CAPITALISED = re.compile(rf"\b[A-Z{CYRILLIC_CAPITALS}][\w'’-]*")


class SearchError(NewsarchiveError):
    """The index is missing or a query cannot be parsed; the message says which."""


@dataclass(frozen=True)
class IndexReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: tuple[str, ...] = ()  # articles that could not be read, one line each (left out of the index)


def body_text(article: ArticleFile) -> str:
    """The article's body as plain text, as a reader sees it."""
    return markdown_text(article.body_markdown)


def markdown_text(source: str) -> str:
    """The text of Markdown as rendered for the site: its strings, each stripped, joined by spaces."""
    if _MAYBE_SYNTAX.search(source):
        return html_text(_markdown().reset().convert(source))
    # Paragraphs of words alone: each is rendered as a <p> of its text as it stands (half the
    # bodies on real text; rendering them was a fifth of the index's time).
    return " ".join(text for text in (paragraph.strip() for paragraph in _BLANK_LINES.split(source)) if text)


_MAYBE_SYNTAX = re.compile(r"[\\`*_\[\]<>&|\x00-\x09\x0b-\x1f]|^[ #>=+-]|^\d+[.)]|  $", re.MULTILINE)
"""What may be Markdown's syntax (inline marks, HTML, entities, escapes, tables, block and list starts, line
breaks) or a control character: a body with none of it is paragraphs of text."""
_BLANK_LINES = re.compile(r"\n{2,}")


@functools.cache
def _markdown() -> markdown.Markdown:
    """One Markdown renderer, reset between articles (making one costs a sixth of rendering an article), with
    the tables the converter writes and pelicanconf.py's MARKDOWN renders."""
    return markdown.Markdown(extensions=["markdown.extensions.tables"], output_format="html5")


@rarer_collections()
def update_index(
    articles_dir: Path, index_dir: Path, corrections: Corrections = NO_CORRECTIONS, processes: int | None = None
) -> IndexReport:
    """Bring the index in line with the article files; returns what changed. A new index of many
    articles is made by ``processes`` processes (by default :func:`parallel_processes`).

    What changed (the articles' numbers, and every term they had or have) is added to
    the index's journal of changes, from which ``search.export`` updates the site's files.
    """
    files = [(key, os.path.join(articles_dir, key), stat) for key, stat in stat_article_files(articles_dir)]
    ix = _open_or_create(index_dir)
    if (index_dir / PENDING_FILE).exists():  # the last run was killed around its commit
        _note_merged_deletions(ix, index_dir)
    _mark_indexing(index_dir)
    try:
        return _update(index_dir, files, ix, corrections, processes or parallel_processes(len(files)))
    finally:
        (index_dir / INDEXING_FILE).unlink(missing_ok=True)


def _update(index_dir: Path, files, ix, corrections: Corrections, processes: int) -> IndexReport:
    # What is indexed of each file: read from two columns, not from the stored articles, which
    # are read (unzipped) only for those that changed or went, whose terms the journal needs.
    reader = ix.reader()
    known, next_number = _indexed_files(reader)
    count_before = reader.doc_count_all()

    added = updated = unchanged = removed = 0
    seen = set()
    failed: list[str] = []
    changes = IndexChanges()
    deleted = IndexChanges()  # the old versions: Whoosh counts them until it merges their segment away
    # The corrections' aliases are indexed too: a change to them reindexes every article.
    salt = corrections.fingerprint.encode("utf-8")
    digests = StampedFiles(index_dir / DIGESTS_FILE, lambda data: hashlib.sha256(data + salt).hexdigest(), context=corrections.fingerprint)
    if not known and ((processes > 1 and len(files) >= processes) or len(files) > SHARE_LIMIT):
        reader.close()
        report = _index_anew(ix, index_dir, files, digests, corrections, processes)
        digests.save()
        return report
    # (Its postings are held in memory until the commit, about 21 KB an article: an update's few, or all
    # of them after a change to the corrections, which reindexes every article.)
    writer = SegmentWriter(ix)
    try:
        for key, path, stat in progress_over(files, "Indexing"):
            seen.add(key)
            digest = digests.of(path, stat)
            old = known.get(key)
            if old and old.digest == digest:
                unchanged += 1
                continue
            number = next_number  # (one that cannot be read leaves its number unused, as in _index_anew)
            next_number += 1
            try:
                article = read_article(Path(path))
            except ArticleFileError as error:  # one unreadable article is left out, not the whole index
                failed.append(str(error))
                seen.discard(key)
                continue
            document = _document(key, digest, article, corrections) | {"number": number}
            writer.update_document(**document)
            if known:
                changes.add(document)
            if old:
                earlier = reader.stored_fields(old.document)
                changes.add(earlier)
                deleted.add(earlier)
                updated += 1
            else:
                added += 1
        for key in sorted(known.keys() - seen):
            writer.delete_by_term("path", key)
            earlier = reader.stored_fields(known[key].document)
            changes.add(earlier)
            deleted.add(earlier)
            removed += 1
    except BaseException:
        writer.cancel()
        raise
    finally:
        reader.close()
    if added or updated or removed:
        if known:
            # The journal first: a run killed after the commit leaves a journal that names
            # these changes, so the next export still brings them into the site's search.
            changes.record(index_dir)
            deleted.record(index_dir, DELETED_TERMS_FILE)
            atomic_write_bytes(index_dir / PENDING_FILE, b"")
        else:  # a new index: its export is made whole, with no journal to read
            (index_dir / EXPORT_STATE_FILE).unlink(missing_ok=True)
        writer.commit()
        if known:
            _note_merged_deletions(ix, index_dir, counted_unless_purged=count_before + added + updated)
    else:
        writer.cancel()
    digests.save()
    return IndexReport(added=added, updated=updated, removed=removed, unchanged=unchanged, failed=tuple(failed))


def _index_anew(ix, index_dir: Path, files, digests: StampedFiles, corrections: Corrections, processes: int) -> IndexReport:
    """A new index of many articles, written by ``processes`` processes at once: each reads, analyses and
    writes a segment of its share (consecutive articles, numbered in the listing's order, ``SHARE_LIMIT`` at most)."""
    # (Whoosh's own parallel writer analysed every article in this process and handed it on: 10,000
    # articles on two cores, two runs each taking turns, took 52 and 39 s with it, 36 and 32 s so.)
    numbered = [(key, path, digests.of(path, stat), number) for number, (key, path, stat) in enumerate(files)]
    size = min(-(-len(numbered) // processes), SHARE_LIMIT)
    shares = [numbered[start : start + size] for start in range(0, len(numbered), size)]

    def add_share(writer, share, advance) -> list[str]:
        failed = []
        for key, path, digest, number in share:
            try:
                article = read_article(Path(path))
            except ArticleFileError as error:  # one unreadable article is left out, not the whole index
                failed.append(str(error))
            else:
                writer.add_document(**_document(key, digest, article, corrections), number=number)
            advance()
        return failed

    (index_dir / EXPORT_STATE_FILE).unlink(missing_ok=True)  # a new index's export is made whole
    default_gazetteer()  # (read once here, where the processes are forked from, not once in each)
    failed = [line for lines in write_in_processes(ix, shares, add_share, len(numbered), "Indexing", processes) for line in lines]
    return IndexReport(added=len(numbered) - len(failed), failed=tuple(failed))


SHARE_LIMIT = 20_000
"""Articles written into one segment of a new index at most: a segment's postings are held in memory until
it is written (about 21 KB an article on the benchmark's generated articles; a larger index has more segments)."""

PARALLEL_FROM = 1000
"""Articles from which a new index, or a whole export, is made in parallel (below, starting the processes costs more than it saves)."""


def parallel_processes(documents: int) -> int:
    """How many processes to make a new index or a whole export of ``documents`` articles with: one a core (at most 4)."""
    return min(4, os.cpu_count() or 1) if documents >= PARALLEL_FROM else 1


@dataclass(frozen=True)
class _Indexed:
    digest: str  # of the article file (and the corrections) when it was indexed
    document: int  # Whoosh's number for it


def _indexed_files(reader) -> tuple[dict[str, _Indexed], int]:
    """Each indexed article file, and the next article number to give."""
    if not reader.doc_count_all():  # an empty index has no columns
        return {}, 0
    paths, digests, numbers = (_column_values(reader, name) for name in ("path", "content_hash", "number"))
    live = list(reader.all_doc_ids())
    known = {paths[document]: _Indexed(digests[document].decode("ascii"), document) for document in live}
    return known, max((numbers[document] for document in live), default=-1) + 1


def _column_values(reader, name: str) -> list:
    """Every document's value of a column, by Whoosh's document number (deleted ones' too): a segment's
    column read whole, in one read, where Whoosh's reader reads a document's value at a time (at
    100,000 articles, 0.11-0.17 s a column that way; 0.4-0.6 s asking for each document's value)."""
    return list(map(reader.schema[name].from_column_value, _raw_column_values(reader, name)))


def _raw_column_values(reader, name: str) -> list:
    """``_column_values`` as the column keeps them (a date as a number)."""
    values: list = []
    for leaf, _ in reader.leaf_readers():
        column = leaf.column_reader(name, translate=False)
        # (Exactly these two kinds: a compressed column's reader is a kind of VarBytesColumn's, and unzips each value.)
        values += _raw_column(column) if type(column) in (VarBytesColumn.Reader, NumericColumn.Reader) else list(column)
    return values


def _raw_column(column) -> list:
    """A segment's values of a variable-length bytes or a numeric column, as Whoosh's reader of it
    iterates them (its own fields; Whoosh is pinned, and a test holds the two equal)."""
    if isinstance(column, NumericColumn.Reader):  # big-endian values; the documents after the last written have the default
        data = column._dbfile.get(column._basepos, column._count * column._fixedlen)
        return [*struct.unpack(f"!{column._count}{column._typecode}", data), *[column._default] * (column._doccount - column._count)]
    data = column._dbfile.get(column._basepos, sum(column._lengths))  # the values one after another, then their lengths
    ends = list(itertools.accumulate(column._lengths))
    return [data[end - length : end] for end, length in zip(ends, column._lengths, strict=True)]


def _note_merged_deletions(ix, index_dir: Path, counted_unless_purged: int | None = None) -> None:
    """Journal the terms of deleted documents again once Whoosh has merged them away.

    Whoosh counts a deleted document in its statistics (document frequencies, the
    document count) until a merge drops it; the browser must count as it does, so the
    terms a dropped document had are exported again. Those waiting are kept in
    DELETED_TERMS_FILE; over-counting a term only rewrites its file with the same bytes,
    so after a run killed around its commit (PENDING_FILE left) they are journaled anyway.
    ``counted_unless_purged``: the documents Whoosh counts if the commit merged none away (None: not known).
    """
    with ix.reader() as reader:  # (one reader for both: a reader opens every segment)
        counted, deletions = reader.doc_count_all(), reader.has_deletions()
    purged = counted_unless_purged is None or counted < counted_unless_purged
    waiting = IndexChanges.read(index_dir, DELETED_TERMS_FILE) or IndexChanges()
    if purged or (index_dir / PENDING_FILE).exists():
        waiting.record(index_dir)
    if not deletions:
        IndexChanges.clear(index_dir, DELETED_TERMS_FILE)
    (index_dir / PENDING_FILE).unlink(missing_ok=True)


INDEXING_FILE = "indexing"
"""Present, with the indexing process's number, while the index is being updated: left behind, it
tells that a run was stopped before it finished (the index holds what it held before that run)."""


def _mark_indexing(index_dir: Path) -> None:
    atomic_write_bytes(index_dir / INDEXING_FILE, str(os.getpid()).encode("ascii"))


def interrupted_indexing(index_dir: Path) -> bool:
    """Whether a run that updated the index was stopped before it finished (its process is gone)."""
    try:
        pid = int((index_dir / INDEXING_FILE).read_text(encoding="ascii"))
    except (FileNotFoundError, ValueError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, another user's
    return False


CHANGES_FILE = "changes.json"
"""The index's journal of changes not yet in the site's search files (format: IndexChanges)."""
DELETED_TERMS_FILE = "deleted-terms.json"
"""Terms of deleted documents that Whoosh still counts (see _note_merged_deletions)."""
PENDING_FILE = "commit-pending"
"""Present from just before the index's commit until its deleted terms are settled: a crash in between is seen."""
DIGESTS_FILE = "file-digests.json"
"""Each article file's digest with its stamp (files.StampedFiles): an unchanged file is not read to be hashed."""
EXPORT_STATE_FILE = "export-state.json"
"""What the last export of the site's search files wrote (search.export), kept to update it."""


@dataclass
class IndexChanges:
    """Articles (by number) that were added, changed or removed, and the terms, by field, they had or have."""

    numbers: set[int] = field(default_factory=set)
    terms: dict[str, set[str]] = field(default_factory=dict)

    def add(self, document: dict) -> None:
        """Note a document (as indexed, or as stored) and all its terms."""
        self.numbers.add(document["number"])
        for name in JOURNALED_FIELDS:
            if document.get(name):
                terms = self.terms.setdefault(name, set())
                terms.update(SCHEMA[name].process_text(document[name], mode="index"))

    def merge(self, other: IndexChanges) -> None:
        self.numbers |= other.numbers
        for name, terms in other.terms.items():
            self.terms.setdefault(name, set()).update(terms)

    def record(self, index_dir: Path, name: str = CHANGES_FILE, replace: bool = False) -> None:
        """Add these changes to the journal in ``index_dir`` (merged with any not yet exported)."""
        journal = IndexChanges() if replace else (IndexChanges.read(index_dir, name) or IndexChanges())
        journal.merge(self)
        data = {"numbers": sorted(journal.numbers), "terms": {n: sorted(t) for n, t in sorted(journal.terms.items())}}
        atomic_write_bytes(index_dir / name, json.dumps(data).encode("utf-8"))

    @staticmethod
    def read(index_dir: Path, name: str = CHANGES_FILE) -> IndexChanges | None:
        """The journal, or None when there is none (then the export is made whole)."""
        try:
            data = json.loads((index_dir / name).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        return IndexChanges(set(data["numbers"]), {field_: set(terms) for field_, terms in data["terms"].items()})

    @staticmethod
    def clear(index_dir: Path, name: str = CHANGES_FILE) -> None:
        (index_dir / name).unlink(missing_ok=True)


SCHEMA_VERSION = "19"  # raise when fields, analysis or the segments' files change: the index is then rebuilt


def _unmapped(index_dir: Path) -> index.Index:
    """The index, its files read as they are asked for, not mapped into memory: opening a mapped index
    copies every segment's term files (0.5 s at 100,000 articles), which pays only where most of it is
    read (a whole export: 10,000 articles' 6% faster so). A query reads about a fifth faster from a mapped
    index, so one process would need some 250 queries at 100,000 to win back its opening; `invoke search`
    asks one."""
    return FileStorage(str(index_dir), supports_mmap=False).open_index()


def _open_or_create(index_dir: Path) -> index.Index:
    version_file = index_dir / "newsarchive-schema"
    if index.exists_in(str(index_dir)) and version_file.exists() and version_file.read_text() == SCHEMA_VERSION:
        return _unmapped(index_dir)
    # A missing index, or one made with another schema, is rebuilt from the articles.
    index_dir.mkdir(parents=True, exist_ok=True)
    for name in (
        CHANGES_FILE,
        DELETED_TERMS_FILE,
        EXPORT_STATE_FILE,
        PENDING_FILE,
    ):  # they describe the old index: the next export is whole
        (index_dir / name).unlink(missing_ok=True)
    ix = index.create_in(str(index_dir), SCHEMA)
    version_file.write_text(SCHEMA_VERSION)
    return ix


def _document(key: str, digest: str, article: ArticleFile, corrections: Corrections = NO_CORRECTIONS) -> dict:
    body = body_text(article)
    person_names = [*article.people, *(a for p in article.people for a in corrections.aliases_of("person", p))]
    place_names = [*article.places, *(a for p in article.places for a in corrections.aliases_of("place", p))]
    return {
        "path": key,
        "content_hash": digest.encode("ascii"),
        "title": article.title,
        "body": body,
        "date": article.date.astimezone(dt.UTC).replace(tzinfo=None),
        "source": article.source,
        "source_url": article.source_url,
        "people": ",".join(article.people),
        "places": ",".join(article.places),
        "tags": ",".join(article.tags),
        "year": f"{article.date:%Y}",
        **_name_fields(plain_lines(f"{article.title}\n{body}")),
        "person_keys": " ".join(sorted(_word_keys(" ".join(person_names)))),
        "place_keys": " ".join(sorted(_gazetteer_ids(place_names) | _word_keys(" ".join(place_names)))),
    }


def _gazetteer_ids(place_names: list[str]) -> set[str]:
    """The gazetteer's ids of the places (``place:Kiev`` finds Kyiv by its id); names it lacks have none."""
    return {key for name in place_names if not (key := entity_key(name, "place")).startswith("variant:")}


def name_spellings(title: str, body: str, key: str) -> set[str]:
    """The capitalised words of an article's title and text that have search key ``key``, each less its possessive
    (Rose-Lynn’s, key ro_rsV-li_ln: Rose-Lynn). A headline's title case is not taken out first, as it is for
    ``variants`` (``plain_lines``: 1.2 ms an article, ten times the rest): what the words are for checks them again."""
    compound = "-" in key  # (only a hyphenated word has one: the others' keys are not worked out)
    return {
        _plain(word) for word in _CAPITALISED.findall(f"{title}\n{body}") if (not compound or "-" in word) and key in inflected_keys(word)
    }


def _word_keys(text: str) -> set[str]:
    return {key for word in _CAPITALISED.findall(text) for key in inflected_keys(word)}


def _name_fields(text: str) -> dict[str, str]:
    """``variants`` and ``name_words`` of the text's capitalised words: their search keys, and the words as analysed.

    Not of the words it also writes in lower case (Crime and crime, Seeing and seeing): ordinary words
    at a sentence's start, whose keys would find look-alike names; nor of the days of the week (Friday's
    key is Freddie's). (A headline's title case is taken out first: ``plain_lines``.)
    """
    small = {_plain(word) for word in set(_WORD_IN_PROSE.findall(text)) if word[0].islower()} | _DAYS  # (each word once)
    names = {word: plain for word in set(_CAPITALISED.findall(text)) if (plain := _plain(word)).lower() not in small}
    return {
        "variants": " ".join(sorted({key for word in names for key in inflected_keys(word)})),
        "name_words": " ".join(sorted({term for plain in names.values() for term in analyse(plain)})),
    }


_DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def _plain(word: str) -> str:
    return POSSESSIVE.sub("", word)


_WORD_IN_PROSE = re.compile(r"(?<![\w'’#@/.:-])[\w'’-]+(?![\w'’-]*[/.@:]\w)")
"""A word as prose writes it: not of an address, a handle or a hashtag (x.com/zelensky, #zelensky)."""


# ---------------------------------------------------------------- reading the index


class IndexSearcher:
    """Queries over the index: what ``search.query`` asks of the engine, and nothing of how it answers."""

    def __init__(self, index_dir: Path):
        if not index.exists_in(str(index_dir)):
            raise SearchError(f"{index_dir}: no search index yet; run `invoke build` (or `invoke index`) first")
        self._ix = _unmapped(index_dir)
        self._searcher = self._ix.searcher(weighting=WEIGHTING)
        self._date_order: np.ndarray | None = None
        self.words: frozenset[str] = frozenset()  # the title and body words the last query looked for, as indexed

    def __enter__(self) -> IndexSearcher:
        return self

    def __exit__(self, *exc) -> None:
        if "_flat" in self.__dict__:
            for flat, _ in self._flat:
                flat.close()
        if "_results" in self.__dict__:
            for results, _ in self._results:
                results.close()
        self._searcher.close()

    def matches(self, query: dict | None) -> Matches:
        """Every article matching ``query``, a tree of ``search.query.expand_query``'s nodes, with its score
        (None: nothing to look for, nothing matches)."""
        whoosh_query = self._query(query)
        self.words = frozenset(_text(text) for field_name, text in whoosh_query.all_terms() if field_name in SEARCHED_FIELDS)
        scores = self._scores(whoosh_query)
        if scores is None:  # a query of more than words, phrases and AND/OR: Whoosh's own matchers answer
            return Matches.of(self._searcher.search(whoosh_query, limit=None).top_n)
        return scores

    def _query(self, tree: dict | None) -> wquery.Query:
        """The tree as Whoosh's query, as its parser would make it of the same query written in its language
        (tests/search/test_index.py holds them equal), its prefixes and wildcards spelled out."""
        built = _whoosh_query(self._searcher.schema, tree).normalize() if tree else wquery.NullQuery
        return built.accept(functools.partial(_spelled_out, self._terms_under))

    def _scores(self, query, within: np.ndarray | None = None) -> Matches | None:
        """The matches of a query of terms, phrases, AND, OR, NOT, ANDNOT and ANDMAYBE, scored as
        Whoosh's TF-IDF scores them (a term: weight × idf; a group: the sum of its parts; a phrase: the
        sum of its words; NOT: 0); None for any other query (a boost). Only those of ``within`` where it is
        given (documents, ascending, live): what an AND has matched so far, all a later part of it can add to.

        Whoosh's matchers cost several Python calls a posting; this reads each segment's flat postings
        (``search.postings``), a term's in one read, and joins them as arrays (``search.matches``).
        tests/search/test_index.py holds it equal to Whoosh.
        """
        if query is wquery.NullQuery:
            return Matches.none()
        if query.boost != 1:
            return None
        kind = type(query)
        if kind is wquery.Term:
            return among(self._term_scores(query.fieldname, query.text), within)
        if kind is wquery.Phrase and query.slop == 1:
            return among(self._phrase_scores(query.fieldname, query.words), within)
        if kind is wquery.And:
            return self._all_of(query.subqueries, within)
        if kind is wquery.Or:
            parts = [self._scores(part, within) for part in query.subqueries]
            return None if any(part is None for part in parts) else any_of(parts)
        # NOT a: every other article, scored 0 (so a AND NOT b scores as a); a ANDNOT b: a's without b's;
        # a ANDMAYBE b: a's, b's score added where it has one. (Whoosh scores a NOT alone, or in an OR, its own way.)
        if kind is wquery.Not:
            excluded = self._scores(query.query, within)
            every = self.everything() if within is None else Matches(within, np.zeros(len(within), dtype=SCORES))
            return None if excluded is None else without(every, excluded)
        if kind in (wquery.AndNot, wquery.AndMaybe):
            first = self._scores(query.a, within)
            second = self._scores(query.b, first.documents) if first is not None else None
            if first is None or second is None:
                return None
            return without(first, second) if kind is wquery.AndNot else maybe(first, second)
        return None

    def _all_of(self, parts: list, within: np.ndarray | None) -> Matches | None:
        """An AND of ``parts`` (``_scores``): the part likely to match fewest first, each later one looked up only
        at the documents those before it matched. "Kherson region" joined region's 12,871 articles at 100,000
        generated ones, its title's and its body's, to keep 87 of them: 310 µs of a query's 670."""
        found: list[Matches | None] = [None] * len(parts)
        for at in sorted(range(len(parts)), key=lambda at: self._most_matched(parts[at])):
            part = self._scores(parts[at], within)
            if part is None:
                return None
            found[at], within = part, part.documents
        return all_of(found)

    def _most_matched(self, query) -> int:
        """At most how many documents ``query`` matches, from its terms' frequencies (no postings read)."""
        kind = type(query)
        if kind is wquery.Term:
            return self._doc_frequency(query.fieldname, query.text)
        if kind is wquery.Phrase:
            return min((self._doc_frequency(query.fieldname, word) for word in query.words), default=0)
        if kind is wquery.Or:
            return sum(map(self._most_matched, query.subqueries))
        if kind is wquery.And:
            return min(map(self._most_matched, query.subqueries), default=0)
        if kind in (wquery.AndNot, wquery.AndMaybe):
            return self._most_matched(query.a)
        return self._searcher.doc_count_all()  # (NOT; and anything else)

    def _term_scores(self, field_name: str, text) -> Matches:
        """A term's live documents, each scored as its weight × the term's idf (``WEIGHTING``)."""
        term = _term_bytes(text)
        found = [(*flat.postings(field_name, term), offset) for flat, offset in self._flat]
        frequency = sum(len(documents) for documents, _, _ in found)  # (deleted ones too, as Whoosh counts)
        if not frequency:
            return Matches.none()
        idf = self._idf(frequency)  # (of the term's postings as read, not looked up again)
        # The segments' postings as one array, then numbered and weighed at once: a numpy call costs more than its arithmetic here.
        found = [entry for entry in found if len(entry[0])]
        documents = np.concatenate([numbers for numbers, _, _ in found], dtype=DOCUMENTS)
        documents += np.repeat([offset for _, _, offset in found], [len(numbers) for numbers, _, _ in found])
        scores = np.concatenate([weights for _, weights, _ in found], dtype=SCORES)
        scores *= idf
        if self._deleted is not None:
            live = ~self._deleted[documents]
            documents, scores = documents[live], scores[live]
        return Matches(documents, scores)

    @functools.cached_property
    def _flat(self) -> list[tuple[FlatPostings, int]]:
        """Each segment's flat postings (``search.postings``) and its first document's number (none for an
        index without a document, whose one reader is Whoosh's empty one, of no segment)."""
        return [(_flat_postings(leaf), offset) for leaf, offset in self._leaves if leaf.doc_count_all()]

    @functools.cached_property
    def _deleted(self) -> np.ndarray | None:
        """Which documents are deleted (booleans by document number), None if none is."""
        if not any(leaf.has_deletions() for leaf, _ in self._leaves):
            return None
        deleted = np.zeros(self._searcher.doc_count_all(), dtype=bool)
        for leaf, offset in self._leaves:
            if leaf.has_deletions():
                deleted[[offset + document for document in leaf.deleted_docs_set]] = True
        return deleted

    def _doc_frequency(self, field_name: str, text: str | bytes) -> int:
        """Documents with ``text`` in ``field_name`` as Whoosh counts them (deleted ones too)."""
        term = _term_bytes(text)
        return sum(flat.doc_frequency(field_name, term) for flat, _ in self._flat)

    def _idf(self, frequency: int) -> float:
        """TF-IDF's idf (``whoosh.scoring.WeightingModel.idf``) of a term in ``frequency`` documents (deleted ones too)."""
        return math.log(self._searcher.doc_count_all() / (frequency + 1)) + 1

    def _terms_under(self, field_name: str, prefix: str) -> list[str]:
        """The field's terms that begin with ``prefix``, in order (as Whoosh's ``expand_prefix``: those of deleted documents too)."""
        encoded = prefix.encode("utf-8")
        return [term.decode("utf-8") for term in sorted(set().union(*(flat.terms_under(field_name, encoded) for flat, _ in self._flat)))]

    def _phrase_scores(self, field_name: str, words) -> Matches:
        """A phrase as Whoosh matches it: its words at consecutive positions, in order; scored as the sum of
        its words' scores (each its weight × its idf, as for a term)."""
        terms = list(map(_term_bytes, words))
        frequencies = [self._doc_frequency(field_name, term) for term in terms]
        if not terms or not all(frequencies):
            return Matches.none()
        idfs = list(map(self._idf, frequencies))
        segments = []
        for flat, offset in self._flat:
            places = [flat.places(field_name, term) for term in terms]
            documents = phrase_documents(places)
            if self._deleted is not None:
                documents = documents[~self._deleted[documents + offset]]
            if len(documents):
                scores = np.zeros(len(documents), dtype=SCORES)
                for term, idf in zip(terms, idfs, strict=True):
                    numbers, weights = flat.postings(field_name, term)
                    scores += weights[np.searchsorted(numbers, documents)].astype(SCORES) * idf
                segments.append(Matches(documents + offset, scores))
        return concatenated(segments)

    @functools.cached_property
    def _leaves(self) -> list:
        return list(self._searcher.reader().leaf_readers())

    def everything(self) -> Matches:
        """Every article, scored 0: what a query of filters alone (``date:2025``) narrows."""
        documents = np.fromiter(self._searcher.reader().all_doc_ids(), dtype=DOCUMENTS)
        return Matches(documents, np.zeros(len(documents), dtype=SCORES))

    def date_order(self) -> np.ndarray:
        """By document, a number that orders the articles as their dates do (read once, a segment's whole column in
        one read: at 10,000 articles 60 ms a value at a time)."""
        if self._date_order is None:
            reader = self._searcher.reader()  # an index with no document has no columns
            self._date_order = np.array(_raw_column_values(reader, "date") if reader.doc_count_all() else [], dtype=np.int64)
        return self._date_order

    def dated(self, scored: Matches, first: dt.date, last: dt.date) -> Matches:
        """Those of ``scored`` dated from ``first`` to ``last`` (whole days, UTC)."""
        start = datetime_to_long(dt.datetime.combine(first, dt.time()))
        end = datetime_to_long(dt.datetime.combine(last + dt.timedelta(days=1), dt.time()))
        dates = self.date_order()[scored.documents]
        return scored.where((start <= dates) & (dates < end))

    def stored(self, document: int) -> dict:
        return self._searcher.stored_fields(document)

    def shown(self, document: int) -> Shown:
        """The article as a query's result shows it (``search.results``: two reads, not Whoosh's stored fields)."""
        at = bisect.bisect_right(self._segment_starts, document) - 1
        results, offset = self._results[at]
        return results.shown(document - offset)

    @functools.cached_property
    def _results(self) -> list[tuple[Results, int]]:
        return [(_segment_results(leaf), offset) for leaf, offset in self._leaves if leaf.doc_count_all()]

    @functools.cached_property
    def _segment_starts(self) -> list[int]:
        return [offset for _, offset in self._results]

    def written_as_name(self, term: str) -> bool:
        """Whether a query's word (as analysed) finds other spellings by its search key (``format.written_as_name``)."""
        return written_as_name(self._doc_frequency("name_words", term), self._doc_frequency("body", term))

    @functools.cached_property
    def names(self) -> frozenset[str]:
        """Every person's and place's name, lowercased as indexed, those of deleted articles too (read once per
        opened index, from the flat postings' directories: 0.2 s for the 131,598 of 100,000 generated articles,
        where Whoosh's lexicon took 2.3)."""
        terms = {term for field_name in ("people", "places") for flat, _ in self._flat for term in flat.terms(field_name)}
        return frozenset(term.decode("utf-8") for term in terms)

    def as_written(self, name: str) -> str | None:
        """A lowercased name of ``names`` as an article writes it; None if no article has it now."""
        reader = self._searcher.reader()
        for field_name in ("people", "places"):
            if (field_name, name) not in reader:
                continue
            matcher = reader.postings(field_name, name)  # the lexicon still holds deleted articles' names
            if matcher.is_active():
                written = (self.stored(matcher.id()).get(field_name) or "").split(",")
                return next((w for w in written if w.lower() == name), name)
        return None


_FREQUENCY_BYTES = 4  # Whoosh's Positions value: the frequency (an unsigned int), then the positions
_BYTE_DELTAS = b"\x01"  # after the frequency: the positions' differences follow, a byte each (a pickle starts b"\x80")
_SHORT_DELTAS = b"\x02"  # or two bytes each, little-endian


class IndexReader:
    """What the export reads of the index: statistics, terms and postings, by article number."""

    def __init__(self, index_dir: Path, period: Period | None = None, mapped: bool = True):
        """``mapped``: for reading most of the index (a whole export), not a few terms and articles (``_unmapped``)."""
        self.index_dir = index_dir
        self._reader = (index.open_dir(str(index_dir)) if mapped else _unmapped(index_dir)).reader()
        self.period = period
        # Whoosh's document numbers -> the articles' own numbers, for live documents (an index
        # with none, as when every capture failed, has no columns at all), of the period if one is given.
        column = _column_values(self._reader, "number") if self._reader.doc_count_all() else {}
        documents = self._reader.all_doc_ids()
        if period:
            dates = _column_values(self._reader, "date")
            documents = [document for document in documents if period.holds(dates[document])]
        self.numbers = {document: column[document] for document in documents}
        self._leaves = list(self._reader.leaf_readers())

    def __enter__(self) -> IndexReader:
        return self

    def __exit__(self, *exc) -> None:
        self._reader.close()

    def document_count(self) -> int:
        """Documents as idf counts them: Whoosh counts deleted ones until a merge drops them (a
        period's export counts its own articles)."""
        return len(self.numbers) if self.period else self._reader.doc_count_all()

    def stored(self, document: int) -> dict:
        return self._reader.stored_fields(document)

    def lexicon(self, field_name: str) -> list[str]:
        return [_text(term) for term in self._reader.lexicon(field_name)]

    def terms_under(self, field_name: str, prefix: str) -> list[str]:
        return [_text(term) for term in self._reader.expand_prefix(field_name, prefix)]

    def doc_frequency(self, field_name: str, term: str) -> int:
        """Documents with ``term`` as Whoosh counts them (deleted ones too, until a merge drops them)."""
        return self._reader.doc_frequency(field_name, term)

    def analysed(self, document: int) -> dict[str, dict[str, tuple[float, list[int] | None]]]:
        """Each exported field's terms in ``document``, with their weight and word positions
        (None for a field without), as Whoosh indexed them: the field's own analysis of the
        stored value, the code that made the postings."""
        stored = self._reader.stored_fields(document)
        found: dict[str, dict[str, tuple[float, list[int] | None]]] = {}
        for name in EXPORTED_FIELDS:
            if not stored.get(name):
                continue
            field_type = self._reader.schema[name]
            positions = field_type.format.supports("positions")
            found[name] = {
                _text(text): (weight, field_type.format.decode_positions(value) if positions else None)
                for text, _, weight, value in field_type.index(stored[name])
            }
        return found

    def postings(self, field_name: str, term: str, positions: bool = False) -> list[tuple[int, object]]:
        """(article number, weight) for the live articles that have ``term``, by number; with ``positions``,
        (article number, the term's word positions delta-coded: the first, then the differences)."""
        if positions:
            return [(number, deltas) for number, _, deltas in self.postings_and_positions(field_name, term)]
        return [(number, weight) for number, weight, _ in self._postings(field_name, term, values=False)]

    def postings_and_positions(self, field_name: str, term: str) -> list[tuple[int, float, list[int]]]:
        """(article number, weight, word positions delta-coded) for the live articles that have ``term``, by number."""
        return [(number, weight, _position_deltas(value)) for number, weight, value in self._postings(field_name, term, values=True)]

    def _postings(self, field_name: str, term: str, values: bool) -> list[tuple[int, float, bytes | None]]:
        found = [
            (number, weight, value)
            for document, weight, value in _live_postings(self._leaves, field_name, term, values)
            if (number := self.numbers.get(document)) is not None  # (of the period, if one is given)
        ]
        found.sort(key=lambda posting: posting[0])
        return found


def _flat_postings(leaf) -> FlatPostings:
    """A segment's flat postings, where they lie in its compound file."""
    return FlatPostings(*_packed(leaf, FLAT_EXTENSION))


def _segment_results(leaf) -> Results:
    """A segment's results (``search.results``), where they lie in its compound file."""
    return Results(*_packed(leaf, RESULTS_EXTENSION))


def _packed(leaf, extension: str) -> tuple[str, int, int]:
    """The path of a segment's compound file, and where the segment's file of ``extension`` lies in it (start,
    length): Whoosh's reader holds the compound file's directory (``_storage`` overlays it on the index's folder)."""
    segment = leaf._segment
    start, length = leaf._storage.a.range(segment.make_filename(extension))
    return os.path.join(leaf._storage.b.folder, segment.make_filename(segment.COMPOUND_EXT)), start, length


def _live_postings(leaves, field_name: str, text, values: bool) -> list[tuple[int, float, bytes | None]]:
    """(document, weight, value or None) of the live documents with ``text`` in ``field_name``,
    segment by segment (``leaves``: each segment's reader and its first document's number)."""
    found: list[tuple[int, float, bytes | None]] = []
    for documents, weights, block_values in _live_blocks(leaves, field_name, text, values):
        found += zip(documents, weights, block_values or itertools.repeat(None, len(documents)), strict=True)
    return found


def _live_blocks(leaves, field_name: str, text, values: bool):
    """(documents, weights, values or None) of the live documents with ``text`` in ``field_name``, a
    block of postings at a time: what ``_live_postings`` reads, for callers that take a block whole."""
    for leaf, offset in leaves:
        try:
            matcher = leaf.postings(field_name, text)  # (one look-up of the term, not a test first and then this)
        except TermNotFound:
            continue
        deleted = leaf.deleted_docs_set if leaf.has_deletions() else None
        for documents, weights, block_values in _segment_blocks(matcher, values):
            if deleted:  # (the segment's own numbers)
                live = [at for at, document in enumerate(documents) if document not in deleted]
                if len(live) < len(documents):
                    documents = [documents[at] for at in live]
                    weights = [weights[at] for at in live]
                    block_values = [block_values[at] for at in live] if block_values is not None else None
            if offset:
                documents = [offset + document for document in documents]
            yield documents, weights, block_values


def _segment_blocks(matcher, values: bool):
    """(documents, weights, values or None) of one segment's postings of a term, a block at a time.

    Whoosh keeps up to 128 postings in a block, its ids, weights and values in three arrays:
    the export reads millions of postings, and Whoosh's matcher costs several Python calls for
    each. Deleted documents are left in (the caller keeps live ones only). Whoosh is pinned
    (pyproject.toml): these are the block reader's own fields, tested against the matcher's
    answers in tests/search/test_index.py.
    """
    if isinstance(matcher, FilterMatcher):  # the segment's deletions
        matcher = matcher.child
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            yield _block(matcher, values)
            matcher._next_block()
        return
    postings = []  # a short list Whoosh keeps inline with the term
    while matcher.is_active():
        postings.append((matcher.id(), matcher.weight(), matcher.value() if values else None))
        matcher.next()
    if postings:
        documents, weights, block_values = zip(*postings, strict=True)
        yield documents, weights, block_values if values else None


def _block(matcher: W3LeafMatcher, values: bool) -> tuple:
    """The current block's (documents, weights, values or None), as Whoosh's ``_read_ids``, ``_read_weights`` and
    ``_read_values`` make them, but the documents' deltas summed and a block of equal weights (a filter's, a
    name's) repeated in C, not a generator's step a posting."""
    if matcher._data is None:
        matcher._read_data()  # (the block's pickled tuple, unzipped)
    ids, weights = matcher._data[0], matcher._data[1]
    documents = ids if matcher._byteids else list(itertools.accumulate(ids))
    if weights is None or isinstance(weights, float):
        weights = array("f", (1.0 if weights is None else weights,)) * matcher._blocklength  # (float32, as Whoosh's array)
    if values:
        matcher._read_values()
    return documents, weights, matcher._values if values else None


def _position_deltas(value: bytes) -> list[int]:
    """A title or body posting's word positions, delta-coded (``_AnalysedPositions.encode``: after the
    frequency, a byte or two each, or a pickled list, which Whoosh's older codecs wrote without its final STOP byte)."""
    form = value[_FREQUENCY_BYTES : _FREQUENCY_BYTES + 1]
    if form == _BYTE_DELTAS:
        return list(value[_FREQUENCY_BYTES + 1 :])
    if form == _SHORT_DELTAS:
        return little_endian(array("H", value[_FREQUENCY_BYTES + 1 :])).tolist()
    return loads(value[_FREQUENCY_BYTES:] if value.endswith(b".") else value[_FREQUENCY_BYTES:] + b".")


def _positions(value: bytes) -> itertools.accumulate:
    """A Positions posting's word positions."""
    return itertools.accumulate(_position_deltas(value))


_JOINED = {"and": wquery.And, "or": wquery.Or}
_PAIRED = {"andnot": wquery.AndNot, "andmaybe": wquery.AndMaybe}


def _whoosh_query(schema: fields.Schema, node: dict) -> wquery.Query:
    """A query tree's node as Whoosh's query (not yet normalized): a word or phrase in each of the searched
    fields, a ``field`` leaf's value analysed as its field analyses it."""
    for kind, join in _JOINED.items():
        if kind in node:
            parts = [_whoosh_query(schema, part) for part in node[kind]]
            if kind == "or":  # (a word's OR of its fields, of no OR within, joins this one as normalize() would join it, uncopied)
                parts = [
                    each for part, of in zip(parts, node[kind], strict=True) for each in (part.subqueries if _in_fields(of) else [part])
                ]
            return join(parts)
    for kind, pair in _PAIRED.items():
        if kind in node:
            return pair(*(_whoosh_query(schema, part) for part in node[kind]))
    if "not" in node:
        return wquery.Not(_whoosh_query(schema, node["not"]))
    if "word" in node:
        return wquery.Or([_word_query(schema[field_name], field_name, node["word"]) for field_name in SEARCHED_FIELDS])
    if "phrase" in node:
        return wquery.Or([_phrase_query(schema[field_name], field_name, node["phrase"]) for field_name in SEARCHED_FIELDS])
    return _phrase_query(schema[node["field"]], node["field"], node["value"])


def _in_fields(node: dict) -> bool:
    """Whether a node is a word or phrase: Whoosh's OR of it in each searched field."""
    return "word" in node or "phrase" in node


def _word_query(field: fields.FieldType, field_name: str, word: str) -> wquery.Query:
    """A word as Whoosh's parser reads it: a wildcard folded whole (normalized to a prefix where it can be),
    else its tokens, all of them (AND) when the analysis splits it (COVID-19)."""
    if "*" in word:
        folded = next(field.process_text(word, mode="query", tokenize=False, removestops=False), None)
        return wquery.Wildcard(field_name, folded) if folded else wquery.NullQuery
    words = _query_words(field, field_name, word)
    if len(words) > 1:
        return wquery.And([wquery.Term(field_name, text) for text in words])
    return wquery.Term(field_name, words[0]) if words else wquery.NullQuery


def _phrase_query(field: fields.FieldType, field_name: str, text: str) -> wquery.Query:
    """A phrase as Whoosh's parser reads it: its tokens at consecutive positions (one is a term, none nothing)."""
    return wquery.Phrase(field_name, _query_words(field, field_name, text))


def _query_words(field: fields.FieldType, field_name: str, text: str) -> list[str]:
    """The words of a query's ``text`` in a field, as the field analyses them (``analyse`` for title and body)."""
    return analyse(text) if field_name in SEARCHED_FIELDS else list(field.process_text(text, mode="query"))


def _text(term) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def _term_bytes(term) -> bytes:
    return term.encode("utf-8") if isinstance(term, str) else term


def _spelled_out(terms_under, query):
    """A prefix or wildcard query as the plain OR of the words it stands for, each scored as itself.

    Whoosh scores a prefix differently by how many words it matches; spelled out, the
    ranking is plain TF-IDF, which the site's search computes alike.
    """
    if isinstance(query, wquery.Prefix):
        words = [wquery.Term(query.fieldname, text) for text in terms_under(query.fieldname, query.text)]
        return wquery.Or(words) if words else wquery.NullQuery
    if isinstance(query, wquery.Wildcard):  # (its text folded as the field's words are: "zu*ch" for Zü*ch)
        pattern = re.compile(".*".join(map(re.escape, query.text.split("*"))) + r"\Z")
        before = query.text.split("*", 1)[0]
        words = [wquery.Term(query.fieldname, text) for text in terms_under(query.fieldname, before) if pattern.match(text)]
        return wquery.Or(words) if words else wquery.NullQuery
    return query


def analyse(text: str) -> list[str]:
    """The words the index makes of ``text`` (title and body analysis, ``_TEXT``), in order.

    In one regex pass, as ``_AnalysedPositions`` indexes them: Whoosh's chain of generators took about
    20 µs a word, and a query's words are analysed five times (tests/search/test_index.py holds the two equal).
    """
    return [fold(word) for word in _kept(_lowered_words(text))]
