"""The index's writer: Whoosh's postings and statistics, and a new index written by several processes."""

import contextlib
import datetime as dt
from array import array

import pytest
from whoosh import index as whoosh_index
from whoosh import writing

from newsarchive.search import index as search_index
from newsarchive.search import segments
from newsarchive.search.index import IndexReader, update_index
from tests.search.test_index import write_articles
from tests.support import in_two_processes, kill_during


def terms_and_postings(index_dir) -> dict:
    """Every term's statistics (with its documents' shortest and longest lengths) and postings."""
    found = {}
    with whoosh_index.open_dir(str(index_dir)).reader() as reader:
        for field, term in reader.all_terms():
            info = reader.term_info(field, term)
            matcher = reader.postings(field, term)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            statistics = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight())
            found[field, term] = (statistics, postings)
    return found


def test_the_writer_writes_what_whooshs_own_writes(tmp_path, monkeypatch):
    """Postings kept by term and written a block at a time give every term the postings and statistics
    Whoosh's own writer gives it: in a new index, and in one merged after changes."""
    articles = tmp_path / "articles"
    articles.mkdir()
    write_articles(articles, 300)
    update_index(articles, tmp_path / "ours")
    with monkeypatch.context() as whooshs:
        whooshs.setattr(search_index, "SegmentWriter", writing.SegmentWriter)
        update_index(articles, tmp_path / "whooshs")
    ours, whooshs = terms_and_postings(tmp_path / "ours"), terms_and_postings(tmp_path / "whooshs")
    assert ours == whooshs
    assert {statistics[3] for statistics, _ in ours.values()} - {0}  # (lengths were written)
    assert max(len(postings) for _, postings in ours.values()) > 2 * 128  # (terms of several blocks)

    write_articles(articles, 40, first=290)  # 10 changed, 30 new
    (articles / "article-0007.md").unlink()
    for name, writer in (("ours", segments.SegmentWriter), ("whooshs", writing.SegmentWriter)):
        with monkeypatch.context() as patched:
            patched.setattr(search_index, "SegmentWriter", writer)
            update_index(articles, tmp_path / name)
        writer(whoosh_index.open_dir(str(tmp_path / name))).commit(optimize=True)  # (merging: the pool's add)
        assert len(list((tmp_path / name).glob("*.seg"))) == 1
    ours, whooshs = terms_and_postings(tmp_path / "ours"), terms_and_postings(tmp_path / "whooshs")
    assert ours == whooshs and len(ours["body", b"archive"][1]) == 329


def test_a_new_index_in_two_processes_numbers_and_reports_as_one_process_does(tmp_path, monkeypatch):
    """An unreadable article is left out and leaves its number unused, in a share as in one process."""
    articles = tmp_path / "articles"
    articles.mkdir()
    write_articles(articles, 9)
    (articles / "article-0002.md").write_text("no front matter\n", encoding="utf-8")
    serial = update_index(articles, tmp_path / "serial")
    counted = []

    @contextlib.contextmanager
    def counting_bar(total, description):
        yield lambda: counted.append(description)

    monkeypatch.setattr(segments, "progress_bar", counting_bar)
    monkeypatch.setattr(segments, "PROGRESS_EVERY", 2)  # (shares of 5 and 4: what is left is reported too)
    in_two_processes(monkeypatch)
    parallel = update_index(articles, tmp_path / "parallel")
    assert parallel == serial and serial.added == 8 and "article-0002.md" in serial.failed[0]
    assert len(list((tmp_path / "parallel").glob("*.seg"))) == 2
    assert counted == ["Indexing"] * 9  # the processes' progress reached this one's bar
    numbered = []
    for index_dir in ("serial", "parallel"):
        with IndexReader(tmp_path / index_dir) as reader:
            numbered.append(sorted((reader.stored(document)["path"], number) for document, number in reader.numbers.items()))
    assert numbered[0] == numbered[1] and 2 not in {number for _, number in numbered[0]}


def test_a_new_index_larger_than_a_share_is_written_in_segments_of_a_share_each(tmp_path, monkeypatch):
    """A segment's postings are held in memory until written: a new index of more than SHARE_LIMIT articles
    has a segment for each SHARE_LIMIT, written two at a time or one at a time, and answers as one segment does."""
    articles = tmp_path / "articles"
    articles.mkdir()
    write_articles(articles, 11)
    update_index(articles, tmp_path / "whole")
    monkeypatch.setattr(search_index, "SHARE_LIMIT", 3)
    update_index(articles, tmp_path / "one process", processes=1)
    in_two_processes(monkeypatch)
    update_index(articles, tmp_path / "two processes")
    whole = terms_and_postings(tmp_path / "whole")
    for name in ("one process", "two processes"):
        assert len(list((tmp_path / name).glob("*.seg"))) == 4  # (3, 3, 3 and 2 articles)
        assert terms_and_postings(tmp_path / name) == whole


def test_a_process_that_fails_commits_nothing(tmp_path, monkeypatch):
    articles = tmp_path / "articles"
    articles.mkdir()
    write_articles(articles, 8)
    in_two_processes(monkeypatch)
    real_document = search_index._document

    def failing(key, *args):
        if key == "article-0006.md":
            raise RuntimeError("a bug while analysing article-0006.md")
        return real_document(key, *args)

    with monkeypatch.context() as bug:
        bug.setattr(search_index, "_document", failing)
        with pytest.raises(RuntimeError, match="article-0006"):
            update_index(articles, tmp_path / "index")
    assert whoosh_index.open_dir(str(tmp_path / "index")).doc_count_all() == 0
    assert update_index(articles, tmp_path / "index").added == 8  # the index's lock was let go


def test_a_new_index_killed_before_its_segments_are_committed_is_made_again(tmp_path):
    articles, index_dir = tmp_path / "articles", tmp_path / "index"
    articles.mkdir()
    write_articles(articles, 12)
    statement = (
        "from pathlib import Path\n"
        "from newsarchive.search import update_index\n"
        f"update_index(Path({str(articles)!r}), Path({str(index_dir)!r}), processes=2)\n"
    )
    assert kill_during("whoosh.writing:SegmentWriter._commit_toc", statement, "before") == -9
    assert len(list(index_dir.glob("*.seg"))) == 2 and not (index_dir / "_MAIN_1.toc").exists()  # written, not committed
    assert update_index(articles, index_dir, processes=2).added == 12
    with IndexReader(index_dir) as reader:
        assert reader.document_count() == 12
    assert (
        len(list(index_dir.glob("*.seg"))) == 2 and not list(index_dir.glob("*.pst")) and not list(index_dir.glob("*.tmp"))
    )  # the killed run's cleaned away


def test_the_pool_gives_each_terms_postings_in_the_order_of_their_documents():
    pool = segments._TermPool(search_index.SCHEMA)
    for document in (4, 1, 9):  # (Whoosh's writers add in order; a merge's documents could come otherwise)
        pool.add(("body", b"kyiv", document, float(document), bytes([document])))
    pool.add(("body", b"archive", 2, 1.0, None))
    pool.add(("date", b"\x00\x01", 3, 1.0, b""))  # (a field whose terms are bytes, not words)
    assert list(pool.terms()) == [
        ("body", b"archive", array("I", [2]), [1.0], [None]),
        ("body", b"kyiv", array("I", [1, 4, 9]), [1.0, 4.0, 9.0], [b"\x01", b"\x04", b"\x09"]),
        ("date", b"\x00\x01", array("I", [3]), [1.0], [b""]),
    ]


def flat_postings_and_whooshs(index_dir) -> tuple[list, list]:
    """Each segment's every term (documents, weights, document frequency, and in title and body each
    (document, position)) as its flat postings hold them, and as Whoosh does."""
    flat_found, whoosh_found = [], []
    with whoosh_index.open_dir(str(index_dir)).reader() as reader:
        for leaf, _ in reader.leaf_readers():
            flat = search_index._flat_postings(leaf)
            for field in search_index.SCHEMA.names():
                if not search_index.SCHEMA[field].indexed:
                    continue
                terms = list(leaf.lexicon(field))
                assert flat.terms_under(field, b"") == terms, field
                positioned = field in ("title", "body")
                for term in terms:
                    documents, weights = flat.postings(field, term)
                    places, shift = flat.places(field, term)
                    found = [(place >> shift, place & ((1 << shift) - 1)) for place in places.tolist()]
                    flat_found.append((field, term, documents.tolist(), weights.tolist(), flat.doc_frequency(field, term), found))
                    # (Whoosh's own matcher, deleted documents too: its reader's skips them from the start.)
                    matcher = leaf._terms.matcher(field, term, leaf.schema[field].format)
                    postings, found = [], []
                    while matcher.is_active():
                        postings.append((matcher.id(), matcher.weight()))
                        found += [(matcher.id(), position) for position in matcher.value_as("positions")] if positioned else []
                        matcher.next()
                    whoosh_found.append(
                        (field, term, [d for d, _ in postings], [w for _, w in postings], leaf.doc_frequency(field, term), found)
                    )
            flat.close()
    return flat_found, whoosh_found


def test_every_segment_has_its_postings_flat_too(tmp_path, monkeypatch):
    """Each segment written, by a process of a new index, by an update or by a merge, holds its postings as
    flat arrays (``search.postings``) too: the same documents, weights and (in title and body) places, term by
    term, as Whoosh's."""
    index_dir = updated_in_three_segments(tmp_path, monkeypatch, count=300, new=30)
    flat, whooshs = flat_postings_and_whooshs(index_dir)
    assert flat == whooshs and len(flat) > 1000
    assert max(len(documents) for _, _, documents, _, _, _ in flat) > 128  # (terms of several of Whoosh's blocks)
    assert sum(len(places) for *_, places in flat) > 3_000
    segments.SegmentWriter(whoosh_index.open_dir(str(index_dir))).commit(optimize=True)  # merged
    assert len(list(index_dir.glob("*.seg"))) == 1
    assert not list(index_dir.glob("*.flat"))  # (in the compound file, with Whoosh's own)
    flat, whooshs = flat_postings_and_whooshs(index_dir)
    assert flat == whooshs and len(flat) > 900


def test_every_segment_has_its_results_too(tmp_path, monkeypatch):
    """Each segment written, by a process of a new index, by an update or by a merge, holds its articles as a
    query's results show them (``search.results``): each document's stored title, date, source, file, address
    and text, as Whoosh stores them."""
    index_dir = updated_in_three_segments(tmp_path, monkeypatch, count=120, new=10)
    assert results_and_whooshs(index_dir) == (140, 0)
    segments.SegmentWriter(whoosh_index.open_dir(str(index_dir))).commit(optimize=True)  # merged
    assert len(list(index_dir.glob("*.seg"))) == 1 and not list(index_dir.glob("*.results"))
    assert results_and_whooshs(index_dir) == (130, 0)


def updated_in_three_segments(tmp_path, monkeypatch, count: int, new: int):
    """An index of ``count`` articles written by two processes (a segment each), then updated with ``new`` more
    and the last ten changed (deleted in their segment, added again in the third)."""
    articles, index_dir = tmp_path / "articles", tmp_path / "index"
    articles.mkdir()
    write_articles(articles, count)
    in_two_processes(monkeypatch)
    update_index(articles, index_dir)
    write_articles(articles, new, first=count)
    for n in range(count - 10, count):
        path = articles / f"article-{n:04d}.md"
        path.write_text(path.read_text(encoding="utf-8") + "Updated.\n", encoding="utf-8")
    update_index(articles, index_dir)
    assert len(list(index_dir.glob("*.seg"))) == 3
    return index_dir


def results_and_whooshs(index_dir) -> tuple[int, int]:
    """How many documents the segments' results hold (deleted ones too), and how many of them differ from Whoosh's stored fields."""
    count = differ = 0
    with whoosh_index.open_dir(str(index_dir)).reader() as reader:
        for leaf, _ in reader.leaf_readers():
            results = search_index._segment_results(leaf)
            assert results.count == leaf.doc_count_all()
            for document in range(results.count):
                shown, stored = results.shown(document), leaf.stored_fields(document)
                stored["date"] = stored["date"].replace(tzinfo=dt.UTC)  # (naive, in UTC)
                fields = (shown.title, shown.date, shown.source, shown.path, shown.source_url, shown.body)
                differ += fields != tuple(stored.get(name) for name in ("title", "date", "source", "path", "source_url", "body"))
            count += results.count
            results.close()
    return count, differ
