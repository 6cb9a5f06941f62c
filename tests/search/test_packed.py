import pytest

from newsarchive.search.packed import PackedFile


def test_a_packed_file_reads_its_own_bytes_and_none_of_its_neighbours(tmp_path):
    path = tmp_path / "compound"
    path.write_bytes(b"before" + b"0123456789" + b"after")
    packed = PackedFile(str(path), 6, 10)
    try:
        assert packed.read(0, 4) == b"0123"
        assert packed.read(7, 100) == b"789"  # not "after"
        assert packed.read(-3, 5) == b""  # not "ore01"
        assert packed.read(10, 5) == b""
    finally:
        packed.close()


def test_a_part_beyond_its_file_is_refused(tmp_path):
    path = tmp_path / "compound"
    path.write_bytes(b"short")
    with pytest.raises(ValueError, match=r"compound: 10 bytes at byte 2 of a file of 5"):
        PackedFile(str(path), 2, 10)
    (tmp_path / "empty").write_bytes(b"")
    empty = PackedFile(str(tmp_path / "empty"), 0, 0)
    assert empty.read(0, 8) == b""
    empty.close()


def test_a_packed_file_stays_readable_after_its_file_is_deleted(tmp_path):
    """As a segment's compound file is, when Whoosh merges it away while a searcher reads it."""
    path = tmp_path / "compound"
    path.write_bytes(b"x" * 4096 + b"kept")
    packed = PackedFile(str(path), 4096, 4)
    path.unlink()
    assert packed.read(0, 4) == b"kept"
    packed.close()
