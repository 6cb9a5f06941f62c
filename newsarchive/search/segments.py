"""Writing the index's segments: Whoosh's writer with its postings kept by term and written a block at a
time, and a new index written by several processes, each reading, analysing and writing a segment of its
share of the articles.

With ``search.index``, the only module that knows Whoosh. It calls methods of Whoosh's writer whose names
start with an underscore, as Whoosh's own parallel writer does; they will not move: 2.7.4 is Whoosh's last release.
"""

from __future__ import annotations

import multiprocessing
import queue
from array import array
from collections.abc import Callable, Sequence
from typing import TypeVar

from whoosh import fields, writing

from newsarchive.progress import progress_bar
from newsarchive.search.postings import EXTENSION as FLAT_EXTENSION
from newsarchive.search.postings import FlatPostingsWriter
from newsarchive.search.results import EXTENSION as RESULTS_EXTENSION
from newsarchive.search.results import ResultsWriter

Share = TypeVar("Share")

COMPRESSION = 3
"""zlib's level for a block of postings, as Whoosh's codec compresses them."""
COMPRESSED_FROM = 8
"""Postings a block needs to be compressed: a smaller block gains a few bytes at most, and zlib's setup costs
more than its work there (Whoosh meant to skip blocks under 20 bytes, but its test is overwritten a line later)."""
PROGRESS_EVERY = 25
"""Documents a process writes between two reports of its progress."""


class SegmentWriter(writing.SegmentWriter):
    """Whoosh's segment writer, keeping a segment's postings by term as documents are added and writing
    each term's a block at a time.

    Whoosh's writer pools one tuple a posting (4.4 million at 10,000 articles), sorts them all, and
    hands them one by one to its postings writer, asking for the document's length at each. A
    segment's documents are added in the order of their numbers, so each term's postings are in
    order as they come; only the terms need sorting, and each document's lengths are read once.
    Fields with term vectors or separate spelling words, which the schema has none of, are refused.
    """

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.pool = _TermPool(self.schema)

    def add_document(self, **fields) -> None:
        """Add a document: ``fields`` by name, as Whoosh's ``add_document`` takes them (without boosts or ``_stored_``)."""
        self._check_state()
        schema, document, perdocwriter = self.schema, self.docnum, self.perdocwriter
        if unknown := [name for name in fields if name not in schema]:
            raise writing.UnknownFieldError(f"no field named {unknown[0]!r} in the index's schema")
        perdocwriter.start_doc(document)
        try:
            for name in sorted(fields):
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                if field.vector or field.separate_spelling():
                    raise ValueError(f"field {name!r}: term vectors and spelling words are not written by this writer")
                length = 0
                if field.indexed:
                    terms = self.pool.terms_of(name)
                    # (Once a posting, 4.4 million times at 10,000 articles: one lookup, one extend.)
                    for term, frequency, weight, encoded in _postings_of(field, value):
                        postings = terms.get(term)
                        if postings is None:
                            terms[term] = [document, weight, encoded]
                        else:
                            postings += (document, weight, encoded)
                        length += frequency
                    if not field.scorable:
                        length = 0
                perdocwriter.add_field(name, field, value if field.stored else None, length)
                if field.column_type:
                    perdocwriter.add_column_value(name, field.column_type, field.to_column_value(value))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        # (Packed into the segment's compound file with Whoosh's own files, next.)
        flat = FlatPostingsWriter(self.newsegment.create_file(self.storage, FLAT_EXTENSION))
        _write_postings(self.fieldwriter, flat, self.schema, _FieldLengths(lengths, self.schema), self.pool.terms())
        flat.close()
        results = ResultsWriter(self.newsegment.create_file(self.storage, RESULTS_EXTENSION))
        for document in range(lengths.doc_count_all()):  # (read back as written: added and merged documents alike)
            results.add(lengths.stored_fields(document))
        results.close()
        self.fieldwriter.close()
        lengths.close()


class _TermPool:
    """A segment's postings, kept by field and term as they are added.

    Each term has one list: document, weight, value (encoded, or None), document, weight, ... A field
    analysed by its format's words alone (text, keywords, ids) keeps its terms as the words found
    (str), encoded to bytes once a term when written, not once a posting; the others (numbers,
    dates) as the bytes their field gives. UTF-8 keeps the order of the words, so both sort alike.
    """

    def __init__(self, schema):
        self._schema = schema
        self._fields: dict[str, dict[str | bytes, list]] = {}

    def terms_of(self, field_name: str) -> dict[str | bytes, list]:
        return self._fields.setdefault(field_name, {})

    def add(self, posting: tuple[str, bytes, int, float, bytes | None]) -> None:
        """Add one posting, (field name, term as bytes, document, weight, value), as Whoosh's pool is given them."""
        field_name, text, document, weight, value = posting
        term = text.decode("utf-8") if _by_word(self._schema[field_name]) else text
        terms = self.terms_of(field_name)
        if term in terms:
            terms[term] += (document, weight, value)
        else:
            terms[term] = [document, weight, value]

    def terms(self):
        """(field name, term, documents, weights, values), a term's postings in the order of their documents,
        in the order of the field names and terms."""
        for field_name in sorted(self._fields):
            terms = self._fields[field_name]
            for term in sorted(terms):
                postings = terms[term]
                documents, weights, values = array("I", postings[0::3]), postings[1::3], postings[2::3]
                if documents != array("I", sorted(documents)):  # (only if documents were added out of order)
                    order = sorted(range(len(documents)), key=documents.__getitem__)
                    documents = array("I", [documents[n] for n in order])
                    weights, values = [weights[n] for n in order], [values[n] for n in order]
                yield field_name, term.encode("utf-8") if isinstance(term, str) else term, documents, weights, values

    def cleanup(self) -> None:
        self._fields.clear()


def _postings_of(field, value):
    """(term, frequency, weight, encoded value) for each term of ``value`` in ``field``, a term as ``_TermPool`` keeps it."""
    if _by_word(field):
        return field.format.word_values(value, field.analyzer, mode="index")
    return field.index(value)


def _by_word(field) -> bool:
    """Whether the field's terms are its format's words as they are (its ``index`` is Whoosh's own: encode each word)."""
    return type(field).index is fields.FieldType.index


def _write_postings(fieldwriter, flat: FlatPostingsWriter, schema, lengths: _FieldLengths, terms) -> None:
    """Write ``terms`` (from ``_TermPool.terms``) as Whoosh's ``FieldWriter.add_postings`` writes the same
    postings, and to ``flat`` (``search.postings``)."""
    current = None
    for field_name, text, documents, weights, values in terms:
        if field_name != current:
            if current is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(field_name, schema[field_name])
            current, field_lengths = field_name, lengths.of(field_name)
            field_format = schema[field_name].format
            positions_of = field_format.decode_positions if field_format.supports("positions") else None
        weights = array("f", weights)
        fieldwriter.start_term(text)
        _add_term(fieldwriter._postwriter, documents, weights, values, field_lengths)
        flat.add(field_name, text, documents, weights, list(map(positions_of, values)) if positions_of else None)
        fieldwriter.finish_term()
    if current is not None:
        fieldwriter.finish_field()


def _add_term(postwriter, documents: array, weights: array, values: list[bytes | None], lengths: list[int] | None) -> None:
    """Give Whoosh's postings writer a term's postings a block at a time, with the statistics its
    ``add_posting`` would have gathered one posting at a time; its own code writes each block."""
    limit = postwriter._blocklimit
    for start in range(0, len(documents), limit):
        if start:
            postwriter._write_block()  # the last full block: the one left is written by finish_term
        end = start + limit
        block_weights = weights[start:end]
        postwriter._ids = documents[start:end]
        postwriter._weights = block_weights
        postwriter._values = [value for value in values[start:end] if value]
        postwriter._maxweight = max(0, max(block_weights))
        block_lengths = [length for length in map(lengths.__getitem__, postwriter._ids) if length] if lengths else []
        postwriter._minlength = min(block_lengths) if block_lengths else None
        postwriter._maxlength = max(block_lengths) if block_lengths else 0
        postwriter._compression = COMPRESSION if len(block_weights) >= COMPRESSED_FROM else 0


class _FieldLengths:
    """The lengths of a segment's documents in each field that has them, read once."""

    def __init__(self, reader, schema):
        documents = range(reader.doc_count_all())
        self._lengths = {name: [reader.doc_field_length(d, name) for d in documents] for name in schema.scorable_names()}

    def of(self, field_name: str) -> list[int] | None:
        """Each document's length in the field, by its number (None for a field without lengths)."""
        return self._lengths.get(field_name)


AddShare = Callable[[SegmentWriter, Share, Callable[[], None]], object]
"""Adds a share's documents to a writer, calling its third argument after each one; returns what the caller wants back."""


def write_in_processes(ix, shares: Sequence[Share], add_share: AddShare, total: int, description: str, processes: int) -> list:
    """Commit ``shares`` to the (empty) index ``ix`` as a segment each, written by ``processes`` processes
    (a share each at a time).

    Each process runs ``add_share`` on a share (forked: it needs no pickling); the documents take the
    order of the shares. Progress over ``total`` documents is shown under ``description``. Returns what
    each ``add_share`` returned, in the shares' order; nothing is committed if one of them fails.
    """
    writer = ix.writer()  # holds the index's lock while the processes write
    try:
        context = multiprocessing.get_context("fork")
        reports = context.Queue()
        with context.Pool(min(processes, len(shares)), _start_process, (ix, shares, add_share, reports)) as pool:
            pending = [pool.apply_async(_write_share, (n,)) for n in range(len(shares))]
            with progress_bar(total, description) as advance:
                reported = 0
                while reported < total:
                    try:
                        count = reports.get(timeout=0.2)
                    except queue.Empty:
                        if all(result.ready() for result in pending):
                            break  # (a process failed: its exception is raised below)
                        continue
                    reported += count
                    for _ in range(count):
                        advance()
            written = [result.get() for result in pending]  # a process's exception is raised here
        segments = [segment for segment, _ in written if segment is not None]
        writer._close_segment()
        writer._commit_toc(segments)
        writer._finish()
    except BaseException:
        writer.cancel()
        raise
    return [returned for _, returned in written]


_PROCESS: dict = {}  # in a process writing a share: what write_in_processes gave it


def _start_process(ix, shares, add_share, reports) -> None:
    _PROCESS.update(ix=ix, shares=shares, add_share=add_share, reports=reports)


def _write_share(number: int) -> tuple:
    writer = SegmentWriter(_PROCESS["ix"], _lk=False)
    done = 0

    def advance() -> None:
        nonlocal done
        done += 1
        if done % PROGRESS_EVERY == 0:
            _PROCESS["reports"].put(PROGRESS_EVERY)

    # (On an exception its files are left for the next commit to clean away: cancelling would remove
    # the temporary folder that every writer of the index shares.)
    returned = _PROCESS["add_share"](writer, _PROCESS["shares"][number], advance)
    if done % PROGRESS_EVERY:
        _PROCESS["reports"].put(done % PROGRESS_EVERY)
    if not writer._added:  # (every article of the share failed)
        writer._close_segment()
        return None, returned
    return writer._finalize_segment(), returned
