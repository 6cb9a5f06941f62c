"""Writing the index's segments: Whoosh's writer with each document's lengths read once, and a new index
written by several processes, each reading, analysing and writing a segment of its share of the articles.

With ``search.index``, the only module that knows Whoosh. It calls methods of Whoosh's writer whose names
start with an underscore, as Whoosh's own parallel writer does; they will not move: 2.7.4 is Whoosh's last release.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable, Sequence
from typing import TypeVar

from whoosh import writing

from newsarchive.progress import progress_bar

Share = TypeVar("Share")

PROGRESS_EVERY = 25
"""Documents a process writes between two reports of its progress."""


class SegmentWriter(writing.SegmentWriter):
    """Whoosh's segment writer, reading each document's field lengths once, not once for every posting.

    Whoosh's writer asks the new segment's columns for the length of the document of each posting it
    writes (a column lookup, and for a field without lengths a test that a file exists): 4.4 million
    postings at 10,000 articles, about a tenth of the index's time.
    """

    def _flush_segment(self):
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        self.fieldwriter.add_postings(self.schema, _FieldLengths(lengths, self.schema), self.pool.iter_postings())
        self.fieldwriter.close()
        lengths.close()


class _FieldLengths:
    """The lengths of a segment's documents in each field that has them, read once (``doc_field_length`` as Whoosh asks)."""

    def __init__(self, reader, schema):
        documents = range(reader.doc_count_all())
        self._lengths = {name: [reader.doc_field_length(d, name) for d in documents] for name in schema.scorable_names()}

    def doc_field_length(self, document: int, field_name: str, default: int = 0) -> int:
        lengths = self._lengths.get(field_name)
        return default if lengths is None else lengths[document]


AddShare = Callable[[SegmentWriter, Share, Callable[[], None]], object]
"""Adds a share's documents to a writer, calling its third argument after each one; returns what the caller wants back."""


def write_in_processes(ix, shares: Sequence[Share], add_share: AddShare, total: int, description: str) -> list:
    """Commit ``shares`` to the (empty) index ``ix`` as a segment each, written by a process each.

    Each process runs ``add_share`` on its share (forked: it needs no pickling); the documents take the
    order of the shares. Progress over ``total`` documents is shown under ``description``. Returns what
    each ``add_share`` returned, in the shares' order; nothing is committed if one of them fails.
    """
    writer = ix.writer()  # holds the index's lock while the processes write
    try:
        context = multiprocessing.get_context("fork")
        reports = context.Queue()
        with context.Pool(len(shares), _start_process, (ix, shares, add_share, reports)) as pool:
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
    writer = SegmentWriter(_PROCESS["ix"], _lk=False, limitmb=512)
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
