"""Results: a segment's articles as results show them, written with the segment and read back one at a time."""

import datetime as dt

import pytest

from newsarchive.search.results import Results, ResultsWriter, Shown
from tests.support import written_after

STORED = [
    {"title": "Witkoff in Moscow", "date": dt.datetime(2025, 8, 6, 14, 30), "source": "RFE/RL", "path": "2025/witkoff.md",
     "source_url": "https://www.rferl.org/a/witkoff/1.html", "body": "Steve Witkoff met Vladimir Putin. " * 40, "variants": "vtkf"},
    {"title": "Запоріжжя", "date": dt.datetime(2024, 1, 1), "source": "VOA", "path": "2024/zaporizhzhia.md", "body": ""},
]  # fmt: skip
"""Stored fields as the index keeps them (naive dates in UTC; no address or no text for some), and others not shown."""


def write(path, before: bytes = b"") -> tuple[int, int]:
    """STORED written after ``before`` (as in a compound file, among others); where they start and their length."""

    def results(file) -> None:
        writer = ResultsWriter(file)
        for stored in STORED:
            writer.add(stored)
        writer.close()

    return written_after(path, before, results)


def test_each_result_is_read_back_from_within_a_larger_file(tmp_path):
    path = tmp_path / "segment"
    results = Results(str(path), *write(path, before=b"other files" * 7))
    try:
        assert results.count == 2
        for document in (1, 0, 1):
            stored = STORED[document]
            assert results.shown(document) == Shown(
                stored["title"],
                stored["date"].replace(tzinfo=dt.UTC),
                stored["source"],
                stored["path"],
                stored.get("source_url"),
                stored["body"],
            )
        with pytest.raises(IndexError):
            results.shown(2)
    finally:
        results.close()


def test_a_file_without_results_is_refused(tmp_path):
    path = tmp_path / "segment"
    start, length = write(path)
    with pytest.raises(ValueError, match="no results at byte 0"):
        Results(str(path), start, length - 1)
