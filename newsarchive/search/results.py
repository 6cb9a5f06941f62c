"""Each segment's articles as a query's results show them: title, date, source, file, address and text.

Whoosh keeps a document's stored fields (every one, the long ``variants`` and ``name_words`` among them)
pickled in blocks that are zipped whole: reading one result unzipped its block and unpickled the rest,
about 0.1 ms, and a page of ten results was a third of a name query's time at 100,000 articles.

The segment writer (``search.segments``) writes a ``.results`` file with each segment, packed into its
compound file as the flat postings are (``search.postings``). Its layout, every number little-endian:
each document's fields, document after document (``Shown``, msgpack), then where each begins and where
the last ends (N + 1 uint64s), then N (uint64) and ``MAGIC``. A result is two reads. The texts are not
zipped: unzipping a long one took 20 µs, as long as the rest of reading it, for a seventh more index.
"""

from __future__ import annotations

import datetime as dt
import struct

import msgspec

from newsarchive.search.packed import PackedFile

EXTENSION = ".results"
"""The file's extension after the segment's name (MAIN_<segment>.results)."""
MAGIC = b"results2\n"
_NUMBER = struct.Struct("<Q")
_SPAN = struct.Struct("<QQ")


class Shown(msgspec.Struct, array_like=True, frozen=True):
    """An article as a query's result shows it (its ``body``: the text a snippet is cut from)."""

    title: str
    date: dt.datetime  # UTC
    source: str
    path: str  # article file, relative to the articles folder
    source_url: str | None
    body: str


_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(Shown)


class ResultsWriter:
    """Writes a segment's results to ``file`` (binary, opened for writing): ``add`` each document's stored
    fields in the order of its numbers, then ``close``."""

    def __init__(self, file):
        self._file = file
        self._starts: list[int] = []
        self._at = 0

    def add(self, stored: dict) -> None:
        """A document's stored fields, as the index stores them (its date naive, in UTC)."""
        date = stored["date"].replace(tzinfo=dt.UTC)
        data = _ENCODER.encode(
            Shown(stored["title"], date, stored["source"], stored["path"], stored.get("source_url"), stored.get("body") or "")
        )
        self._starts.append(self._at)
        self._file.write(data)
        self._at += len(data)

    def close(self) -> None:
        self._file.write(b"".join(_NUMBER.pack(at) for at in [*self._starts, self._at]))
        self._file.write(_NUMBER.pack(len(self._starts)) + MAGIC)
        self._file.close()


class Results:
    """One segment's results, read from ``length`` bytes at ``start`` of the file at ``path``."""

    def __init__(self, path: str, start: int, length: int):
        self._file = PackedFile(path, start, length)
        tail = self._file.read(length - _NUMBER.size - len(MAGIC), _NUMBER.size + len(MAGIC))
        if not tail.endswith(MAGIC):
            self._file.close()
            raise ValueError(f"{path}: no results at byte {start}")
        self.count = _NUMBER.unpack(tail[: _NUMBER.size])[0]
        self._spans = length - _NUMBER.size - len(MAGIC) - _NUMBER.size * (self.count + 1)

    def close(self) -> None:
        self._file.close()

    def shown(self, document: int) -> Shown:
        """The segment's ``document`` (its own number) as a result shows it."""
        if not 0 <= document < self.count:
            raise IndexError(f"document {document} of a segment of {self.count}")
        begin, end = _SPAN.unpack(self._file.read(self._spans + _NUMBER.size * document, _SPAN.size))
        return _DECODER.decode(self._file.read(begin, end - begin))
