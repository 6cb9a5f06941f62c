"""Flat postings: a segment's terms and postings written as arrays and read back a term at a time."""

import struct
from array import array

import pytest

from newsarchive.search.postings import MAGIC, FlatPostings, FlatPostingsWriter
from tests.support import written_after

TERMS = {
    "body": {b"archive": ([0, 1, 5, 700], [1.0, 2.0, 1.0, 3.0]), b"archives": ([2], [1.0]), b"kyiv": ([1, 3], [4.0, 300.0])},
    "places": {b"kyiv": ([1, 3, 70_000], [1.0, 0.5, 1.0]), "zürich".encode(): ([4], [70_000.0])},
}
"""Terms of each array type: documents under 65,536 or not, weights whole numbers under 256, 65,536, or neither."""
POSITIONS = {b"archive": [[0], [3, 9], [2], [1, 40_000]], b"archives": [[7]], b"kyiv": [[4, 5, 6], [1]]}
"""Each body term's positions in each of its documents (body has positions, places not); a position of 32,768 or
more, as a document of 65,536 or more, takes a term's places to 64 bits."""


def write(path, before: bytes = b"") -> tuple[int, int]:
    """TERMS written after ``before`` (as in a compound file, among others); where they start and their length."""

    def terms(file) -> None:
        writer = FlatPostingsWriter(file)
        for field, terms in TERMS.items():
            for term, (documents, weights) in terms.items():
                positions = POSITIONS[term] if field == "body" else None
                writer.add(field, term, array("I", documents), array("f", weights), positions)
        writer.close()

    return written_after(path, before, terms)


def test_postings_are_read_back_a_term_at_a_time_from_within_a_larger_file(tmp_path):
    path = tmp_path / "segment"
    flat = FlatPostings(str(path), *write(path, before=b"other files" * 7))
    try:
        for field, terms in TERMS.items():
            for term, (documents, weights) in terms.items():
                found = flat.postings(field, term)
                assert (found[0].tolist(), found[1].tolist()) == (documents, weights)
                assert flat.doc_frequency(field, term) == len(documents)
        assert [part.dtype.char for term in (b"archive", b"kyiv") for part in flat.postings("body", term)] == ["H", "B", "H", "H"]
        assert [part.dtype.char for term in (b"kyiv", "zürich".encode()) for part in flat.postings("places", term)] == ["I", "f", "H", "f"]
        assert [len(part) for part in flat.postings("body", b"absent") + flat.postings("tags", b"kyiv")] == [0, 0, 0, 0]
        assert flat.doc_frequency("body", b"arch") == flat.doc_frequency("tags", b"kyiv") == 0
        assert flat.terms_under("body", b"arch") == [b"archive", b"archives"]
        assert flat.terms_under("body", b"") == sorted(TERMS["body"])
        assert flat.terms_under("body", b"z") == flat.terms_under("tags", b"") == []
        places, shift = flat.places("body", b"kyiv")
        assert (places.dtype.char, places.tolist(), shift) == ("I", [1 << 16 | 4, 1 << 16 | 5, 1 << 16 | 6, 3 << 16 | 1], 16)
        places, shift = flat.places("body", b"archive")
        assert (places.dtype.char, places.tolist(), shift) == (
            "Q",
            [0, 1 << 32 | 3, 1 << 32 | 9, 5 << 32 | 2, 700 << 32 | 1, 700 << 32 | 40_000],
            32,
        )
        assert [(found.tolist(), shift) for found, shift in (flat.places("places", b"kyiv"), flat.places("body", b"absent"))] == [
            ([], 16)
        ] * 2
    finally:
        flat.close()


def test_the_file_is_little_endian_arrays_then_its_directories(tmp_path):
    path = tmp_path / "segment"
    write(path)
    data = path.read_bytes()
    documents, weights = TERMS["body"][b"archive"]  # (the first term written: uint16s and uint8s)
    assert data[:12] == struct.pack("<4H4B", *documents, *map(int, weights))
    documents, weights = TERMS["places"][b"kyiv"]
    assert struct.pack("<3I3f", *documents, *weights) in data
    assert data.endswith(MAGIC)


def test_bytes_that_are_not_flat_postings_are_refused(tmp_path):
    path = tmp_path / "segment"
    path.write_bytes(b"\0" * 64)
    with pytest.raises(ValueError, match="no flat postings at byte 8"):
        FlatPostings(str(path), 8, 56)
