"""Each segment's postings as flat arrays: what a query reads of a term in one read, decoded in C.

Whoosh keeps a term's postings in blocks of 128, each a pickled tuple, most of them zipped; reading
them costs an unzip, an unpickle and several Python calls a block, and finding a term several reads
of its hash table. At 100,000 articles a name's query read some 40 blocks through 820 reads of the
segments' files, and two common words (oil prices) read 40,000 postings that way; a phrase of two
common words ("people said") read both words' positions so and compared them a document at a time.

The segment writer (``search.segments``) writes a ``.flat`` file with each segment. Whoosh packs it
into the segment's compound file with the others, and so removes it with its segment. Its layout, every
number little-endian:

- each term's postings, term after term: its documents (the segment's numbers), then its weights, each
  array of the narrowest type that holds it (``_narrowest``): documents as uint16 where they are under
  65,536, else uint32; weights (Whoosh's float32s) as uint8 or uint16 where they are whole numbers that
  fit (a word's count in the text: most), else float32. A segment's body words are 3 bytes a posting so,
  8 as floats and uint32s, where Whoosh's own (with positions) take about 10 zipped;
- then, for a field with positions (title, body), the term's places: each place it stands at as one
  number, its document shifted left by 16 bits plus its position (uint32), or by 32 (uint64) where a
  document is 65,536 or more or a position 32,768 or more (``_places``). A phrase is then the places
  of its first word that each later word has, less its distance from the first (``search.matches``);
- each field's directory: msgpack ``[terms, starts, counts, types, places]``, its terms (UTF-8 bytes) in
  order, where each one's postings start (uint64s), how many there are (uint32s), the array types of its
  documents, weights and places (three ASCII letters a term, ``array``'s type codes: ``HBI`` is uint16,
  uint8 and uint32; ``-`` for no places), and how many places it has (uint32s);
- the file's directory: msgpack ``{field: [start, length]}`` of the fields' directories, then where it
  starts (uint64) and ``MAGIC``.
"""

from __future__ import annotations

import bisect
import itertools
import struct
import sys
from array import array

import msgspec
import numpy as np

from newsarchive.search.packed import PackedFile

EXTENSION = ".flat"
"""The file's extension after the segment's name (MAIN_<segment>.flat)."""
MAGIC = b"flat2\n"
_TAIL = struct.Struct("<Q")
_LITTLE_ENDIAN = sys.byteorder == "little"


def little_endian(numbers: array) -> array:
    """``numbers`` swapped in place to or from little-endian where the machine is big-endian: the order the
    index's own numbers are written in (flat postings, positions' differences), so an index can be copied."""
    if not _LITTLE_ENDIAN:
        numbers.byteswap()
    return numbers


def _as_written(numbers: array) -> bytes:
    return numbers.tobytes() if _LITTLE_ENDIAN else little_endian(array(numbers.typecode, numbers)).tobytes()


class FlatPostingsWriter:
    """Writes a segment's flat postings to ``file`` (binary, opened for writing): ``add`` each term in the
    order of fields and terms, then ``close``."""

    def __init__(self, file):
        self._file = file
        self._at = 0
        self._fields: dict[str, tuple[list[bytes], array, array, bytearray, array]] = {}

    def add(self, field_name: str, term: bytes, documents: array, weights: array, positions: list[list[int]] | None = None) -> None:
        """A term's postings: ``documents`` ("I", in order), their ``weights`` ("f") and, in a field with
        positions, each document's positions of the term (in order)."""
        terms, starts, counts, types, place_counts = self._fields.setdefault(
            field_name, ([], array("Q"), array("I"), bytearray(), array("I"))
        )
        places = _places(documents, positions) if positions is not None else array("B")
        documents, weights = _narrowest(documents, weights)
        terms.append(term)
        starts.append(self._at)
        counts.append(len(documents))
        types += (documents.typecode + weights.typecode + (places.typecode if positions is not None else "-")).encode("ascii")
        place_counts.append(len(places))
        self._write(_as_written(documents) + _as_written(weights) + _as_written(places))

    def close(self) -> None:
        directory = {}
        for field_name, (terms, starts, counts, types, place_counts) in self._fields.items():
            encoded = msgspec.msgpack.encode([terms, _as_written(starts), _as_written(counts), bytes(types), _as_written(place_counts)])
            directory[field_name] = [self._at, len(encoded)]
            self._write(encoded)
        at = self._at
        self._write(msgspec.msgpack.encode(directory) + _TAIL.pack(at) + MAGIC)
        self._file.close()

    def _write(self, data: bytes) -> None:
        self._file.write(data)
        self._at += len(data)


def _narrowest(documents: array, weights: array) -> tuple[array, array]:
    """A term's documents and weights, each as the narrowest array that holds it exactly."""
    if documents and documents[-1] < 1 << 16:  # (in order: the last is the largest)
        documents = array("H", documents)
    top = max(weights, default=0.0)
    if top < 1 << 16 and min(weights, default=0.0) >= 0:
        whole = array("B" if top < 1 << 8 else "H", map(int, weights))
        if array("f", whole) == weights:
            return documents, whole
    return documents, weights


_AS_READ = {code: np.dtype(array(code).typecode).newbyteorder("<") for code in "BHIQf"}
"""By ``array``'s type code as written, numpy's type of the same numbers, little-endian (read without a copy or a swap)."""
_NONE = {code: np.empty(0, dtype) for code, dtype in _AS_READ.items()}

PLACE_SHIFTS = {"I": 16, "Q": 32}
"""By a places array's type, how far left its documents are shifted."""


def _places(documents: array, positions: list[list[int]]) -> array:
    """Each place of a term, ``document << shift | position``, in order: 32 bits where every document is
    under 65,536 and every position under 32,768, else 64 (so that a place less a phrase's distance, up
    to 32,767 words, never reads as another document's)."""
    small = (not documents or documents[-1] < 1 << 16) and max(map(max, positions), default=0) < 1 << 15
    typecode = "I" if small else "Q"
    # (In C: each document's bound ``__add__`` mapped over its positions, chained.)
    firsts = map(getattr, map((1 << PLACE_SHIFTS[typecode]).__mul__, documents), itertools.repeat("__add__"))
    return array(typecode, itertools.chain.from_iterable(map(map, firsts, positions)))


class FlatPostings:
    """One segment's flat postings, read from ``length`` bytes at ``start`` of the file at ``path``: a
    field's directory when a query first looks in the field, a term's postings in one read."""

    def __init__(self, path: str, start: int, length: int):
        self._file = PackedFile(path, start, length)
        self._read = self._file.read
        tail = self._read(length - _TAIL.size - len(MAGIC), _TAIL.size + len(MAGIC))
        if not tail.endswith(MAGIC):
            self._file.close()
            raise ValueError(f"{path}: no flat postings at byte {start}")
        at = _TAIL.unpack(tail[: _TAIL.size])[0]
        self._directory = msgspec.msgpack.decode(self._read(at, length - _TAIL.size - len(MAGIC) - at))
        self._fields: dict[str, tuple[list[bytes], array, array, bytes, array] | None] = {}

    def close(self) -> None:
        self._file.close()

    def _field(self, field_name: str) -> tuple[list[bytes], array, array, bytes, array] | None:
        if field_name not in self._fields:
            found = None
            if place := self._directory.get(field_name):
                terms, starts, counts, types, place_counts = msgspec.msgpack.decode(self._read(*place))
                found = (
                    terms,
                    little_endian(array("Q", starts)),
                    little_endian(array("I", counts)),
                    types,
                    little_endian(array("I", place_counts)),
                )
            self._fields[field_name] = found
        return self._fields[field_name]

    def _find(self, field_name: str, term: bytes) -> int | None:
        field = self._field(field_name)
        if field is None:
            return None
        terms = field[0]
        at = bisect.bisect_left(terms, term)
        return at if at < len(terms) and terms[at] == term else None

    def doc_frequency(self, field_name: str, term: bytes) -> int:
        """How many of the segment's documents (deleted ones too) have ``term`` in ``field_name``."""
        at = self._find(field_name, term)
        return 0 if at is None else self._fields[field_name][2][at]

    def postings(self, field_name: str, term: bytes) -> tuple[np.ndarray, np.ndarray]:
        """The documents (the segment's numbers, deleted ones too) with ``term``, in order, and their weights
        (as whole numbers where they are: equal to Whoosh's float32s), as numpy's arrays of the types written."""
        at = self._find(field_name, term)
        if at is None:
            return _NONE["I"], _NONE["f"]
        _, starts, counts, types, _ = self._fields[field_name]
        documents, weights = _AS_READ[chr(types[3 * at])], _AS_READ[chr(types[3 * at + 1])]
        count = counts[at]
        data = self._read(starts[at], (documents.itemsize + weights.itemsize) * count)
        return np.frombuffer(data, documents, count), np.frombuffer(data, weights, count, documents.itemsize * count)

    def places(self, field_name: str, term: bytes) -> tuple[np.ndarray, int]:
        """Each place ``term`` stands at in the segment (``document << shift | position``, in order; deleted
        documents too), and the shift; none in a field without positions."""
        at = self._find(field_name, term)
        if at is None:
            return _NONE["I"], PLACE_SHIFTS["I"]
        _, starts, counts, types, place_counts = self._fields[field_name]
        codes = types[3 * at : 3 * at + 3].decode("ascii")
        if codes[2] == "-":
            return _NONE["I"], PLACE_SHIFTS["I"]
        documents, weights, places = (_AS_READ[code] for code in codes)
        begin = starts[at] + (documents.itemsize + weights.itemsize) * counts[at]
        return np.frombuffer(self._read(begin, places.itemsize * place_counts[at]), places), PLACE_SHIFTS[codes[2]]

    def terms(self, field_name: str) -> list[bytes]:
        """The field's terms, in order."""
        field = self._field(field_name)
        return field[0] if field else []

    def terms_under(self, field_name: str, prefix: bytes) -> list[bytes]:
        """The field's terms that begin with ``prefix``, in order."""
        terms = self.terms(field_name)
        found = []
        for term in itertools.islice(terms, bisect.bisect_left(terms, prefix), None):  # (not a copy of the rest)
            if not term.startswith(prefix):
                break
            found.append(term)
        return found
