"""The site's search files: made from Whoosh, updated file by file, the same as a whole export.

An update keeps the recent articles' postings in meta.json while they are small and the term
files as they were; the search reads the same entries as from a whole export (``searched``).
The tests on an archive run three ways: as the export does by default; with meta.json's room
for them so small that an update writes some of the terms into their files and keeps the rest;
and with every update writing the term files (``RECENT_BYTES`` 0), where the files are a whole
export's byte for byte. The last two keep the ends of every term's entries, or of some, so that an update
appends to them undecoded (``TAIL_POSTINGS``): a term of the fixtures has a few postings, not hundreds.
"""

import gzip
import itertools
import json
import shutil

import pytest

from newsarchive.search import export, update_index
from newsarchive.search.export import _first_page_query, _gzipped, _patched, as_searched, export_static, facet_file, shard_name
from newsarchive.search.format import facet_file_number, in_first_page_filter
from tests.support import FIXTURES, SAMPLE, converted, in_two_processes, kill_during


def read(folder, name):
    return json.loads(gzip.decompress((folder / f"{name}.gz").read_bytes()))


def facet(folder, kind, name):
    """The numbers of the articles naming a person or place, from the facet file its name is in (None: in none)."""
    count = read(folder, "meta.json")["facetFileCount"][kind]
    path = folder / f"{facet_file(kind, facet_file_number(name, count))}.gz"
    return json.loads(gzip.decompress(path.read_bytes())).get(name) if path.exists() else None


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.gz"))}


def add_articles(source, articles):
    """Copy the article files in ``source`` into the archive's ``articles``."""
    for path in source.rglob("*.md"):
        target = articles / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)


RECENT_BYTES_IN_PART = 2000
"""Room for a third of the fact check's postings (about 5,900 bytes gzipped)."""


@pytest.fixture(params=["recent in meta.json", "recent written in part", "term files rewritten"])
def archive(tmp_path, request, monkeypatch):
    """The RFE/RL sample indexed and exported; the Polygraph page waits in `later/` to be added."""
    if request.param == "term files rewritten":
        monkeypatch.setattr("newsarchive.search.export.RECENT_BYTES", 0)
        monkeypatch.setattr("newsarchive.search.export.TAIL_POSTINGS", 1)
    if request.param == "recent written in part":
        monkeypatch.setattr("newsarchive.search.export.RECENT_BYTES", RECENT_BYTES_IN_PART)
        monkeypatch.setattr("newsarchive.search.export.TAIL_POSTINGS", 2)
    return exported(tmp_path)


def exported(tmp_path):
    articles = converted(tmp_path, {"sample.txt": SAMPLE})
    later = converted(tmp_path / "later", {"page.html": FIXTURES / "polygraph-fact-check-al-tanf.html"})
    index_dir = tmp_path / "index"
    update_index(articles, index_dir)
    out = tmp_path / "search"
    report = export_static(index_dir, out, {})
    assert not report.incremental
    return articles, later, index_dir, out


def test_terms_hold_whoosh_postings(archive):
    _, _, _, out = archive
    meta = read(out, "meta.json")
    assert meta["documents"] == 1 and meta["fields"] == ["title", "body"]
    df, postings = read(out, f"terms/{shard_name('wi')}.json")["body"]["witkoff"]
    assert df == 1 and postings[0] == 0 and postings[1] > 0
    assert read(out, "doc/0.json")[0].startswith("Trump Says 'Good Chance'")
    assert facet(out, "person", "steve witkoff") == [0]
    assert "Steve Witkoff" in read(out, f"names/{shard_name('s')}.json") and "Witkoff" in read(out, f"names/{shard_name('w')}.json")


def test_positions_are_whooshs(archive):
    _, _, _, out = archive
    positions = read(out, f"positions/{shard_name('za')}.json")["body"]
    (number, deltas) = positions["zaporizhzhya"][:2]
    region = read(out, f"positions/{shard_name('re')}.json")["body"]["region"][1]
    absolute = lambda d: [sum(d[: i + 1]) for i in range(len(d))]  # noqa: E731
    assert number == 0 and any(p + 1 in absolute(region) for p in absolute(deltas))


def test_adding_an_article_rewrites_only_what_it_touches(archive, request):
    articles, later, index_dir, out = archive
    before = files(out)
    add_articles(later, articles)
    update_index(articles, index_dir)
    report = export_static(index_dir, out, {})
    assert report.incremental
    after = files(out)
    changed = {name for name in after if before.get(name) != after[name]}
    assert {"doc/1.json.gz", "meta.json.gz"} <= changed
    assert len(changed) == report.written
    # Files of terms, people and places the new article does not have are left alone; while the recent
    # articles' postings are small, meta.json holds them and no term file is written; past its room, some
    # of the terms are written into their files, and meta.json keeps the others' postings.
    assert "doc/0.json.gz" not in changed
    way = request.node.callspec.params["archive"]
    recent = read(out, "meta.json").get("recent")
    assert (recent is None) == (way == "term files rewritten")
    term_files = {name for name in changed if name.startswith(("terms/", "positions/"))}
    assert bool(term_files) == (way != "recent in meta.json")
    if recent:  # each term kept: the new article's postings (number 1, delta-coded first), or none
        kept = recent["terms"]["body"]
        assert recent["stale"] == [1] and all(postings[:1] in ([], [1]) for _, postings in kept.values())
        assert way != "recent in meta.json" or kept["russia"][1][0] == 1
        assert way != "recent written in part" or kept and len(_gzipped(recent)) <= RECENT_BYTES_IN_PART
    assert "Steve Witkoff" not in read(out, "doc/1.json")[4]
    for name in changed:  # a facet file rewritten holds a name of the new article (number 1)
        if name.startswith("facets/") and "common" not in name:
            assert any(1 in itertools.accumulate(numbers) for numbers in json.loads(gzip.decompress(after[name])).values()), name
    # The same files, byte for byte, as a whole export of the same index.
    assert same_as_whole(index_dir, out, "after")


def test_removing_an_article_removes_its_files(archive):
    articles, _, index_dir, out = archive
    for path in articles.rglob("*.md"):
        path.unlink()
    update_index(articles, index_dir)
    export_static(index_dir, out, {})
    assert not (out / "doc/0.json.gz").exists()
    assert (
        not list((out / "terms").glob("*.gz"))
        if "recent" not in read(out, "meta.json")
        else searched(out)[0] == {"terms": {}, "positions": {}}
    )
    assert facet(out, "person", "steve witkoff") is None and not list((out / "facets/person").glob("[0-9]*.gz"))
    assert not list((out / "names").glob("*.gz"))


def test_a_deleted_output_is_exported_whole(archive):
    _, _, index_dir, out = archive
    before = files(out)
    shutil.rmtree(out)
    report = export_static(index_dir, out, {})
    assert not report.incremental and files(out) == before


def test_nothing_changed_writes_nothing(archive, monkeypatch):
    _, _, index_dir, out = archive
    monkeypatch.setattr("newsarchive.search.export.default_gazetteer", lambda: pytest.fail("names grouped again"))
    report = export_static(index_dir, out, {})
    assert report.incremental and report.written == 0


def test_names_are_grouped_again_when_the_package_that_grouped_them_changed(archive, monkeypatch):
    from newsarchive.entities.gazetteer import default_gazetteer

    _, _, index_dir, out = archive
    asked = []
    monkeypatch.setattr("newsarchive.search.export.default_gazetteer", lambda: asked.append(1) or default_gazetteer())
    monkeypatch.setattr("newsarchive.search.export.package_fingerprint", lambda: "a newer newsarchive")
    before = files(out)
    report = export_static(index_dir, out, {})
    assert report.incremental and asked and files(out) == before


@pytest.fixture
def two_articles(archive):
    """Both articles indexed and exported: (articles folder, index, export, the sample's file, the fact check's)."""
    articles, later, index_dir, out = archive
    add_articles(later, articles)
    update_index(articles, index_dir)
    export_static(index_dir, out, {})
    sample, fact_check = sorted(articles.rglob("*.md"), key=lambda p: "polygraph" in p.read_text())
    return articles, index_dir, out, sample, fact_check


def same_as_whole(index_dir, out, name):
    """Whether a search reads from ``out`` what a whole export of the index writes (made from a copy
    of the index, which remembers one export's state): the same files, byte for byte, when meta.json
    holds no recent postings."""
    copy = shutil.copytree(index_dir, out.parent / f"index-{name}")
    whole = out.parent / f"whole-{name}"
    export_static(copy, whole, {}, whole=True)
    assert "recent" not in read(whole, "meta.json")
    if "recent" not in read(out, "meta.json"):
        return files(whole) == files(out)
    return as_searched(whole) == as_searched(out)


def searched(folder):
    """What a search reads from the export (``as_searched``), its term entries apart."""
    found = as_searched(folder)
    return {"terms": found.pop("terms"), "positions": found.pop("positions")}, found


def test_changed_and_removed_articles_keep_it_equal_to_a_whole_export(two_articles):
    """Updates delete old versions, which Whoosh counts until a merge drops them; the
    export counts as Whoosh does after every step (document frequencies, document count)."""
    articles, index_dir, out, sample, fact_check = two_articles
    steps = [
        lambda: sample.write_text(sample.read_text().replace("Witkoff", "Envoyname")),
        lambda: fact_check.write_text(fact_check.read_text() + "\nOne more paragraph about Rukban.\n"),
        lambda: sample.unlink(),
    ]
    for number, step in enumerate(steps):
        step()
        update_index(articles, index_dir)
        assert export_static(index_dir, out, {}).incremental
        assert same_as_whole(index_dir, out, number), number


def test_an_older_exports_recent_articles_are_read_as_one_batch(two_articles):
    """Before 2026-12-03 the export's state kept the recent articles as one list of numbers and one of
    terms; an update from such a state reads them as one update's, and the search stays a whole export's."""
    articles, index_dir, out, sample, _ = two_articles
    state_file = index_dir / "export-state.json"
    state = json.loads(state_file.read_text(encoding="utf-8"))
    if not state["recent"]:
        pytest.skip("every term written into its file: no recent articles to keep")
    (batch,) = state["recent"]["batches"]
    state["recent"] = batch  # {"numbers": [...], "terms": {field: [...]}}, as the older export kept it
    state_file.write_text(json.dumps(state), encoding="utf-8")
    sample.write_text(sample.read_text().replace("Witkoff", "Envoyname"))
    update_index(articles, index_dir)
    assert export_static(index_dir, out, {}).incremental
    assert same_as_whole(index_dir, out, "older state")


def test_deleted_versions_count_until_whoosh_merges_them_away(two_articles, monkeypatch):
    """An old version Whoosh has not merged away yet still counts in its statistics; once a
    later commit merges it away, the terms it had are exported again with the new counts."""
    from whoosh.writing import SegmentWriter

    articles, index_dir, out, sample, fact_check = two_articles
    commit = SegmentWriter.commit
    monkeypatch.setattr(SegmentWriter, "commit", lambda self, *args, **kwargs: commit(self, merge=False))
    sample.write_text(sample.read_text().replace("Witkoff", "Envoyname"))
    update_index(articles, index_dir)
    assert (index_dir / "deleted-terms.json").exists()  # the old version is deleted, not yet merged away
    export_static(index_dir, out, {})
    assert same_as_whole(index_dir, out, "lingering")
    # A later commit that merges every segment (as Whoosh does, in time, as segments grow).
    monkeypatch.setattr(SegmentWriter, "commit", lambda self, *args, **kwargs: commit(self, optimize=True))
    fact_check.write_text(fact_check.read_text() + "\nOne more paragraph about Rukban.\n")
    update_index(articles, index_dir)
    assert not (index_dir / "deleted-terms.json").exists()
    export_static(index_dir, out, {})
    assert same_as_whole(index_dir, out, "merged")


@pytest.mark.parametrize(
    ("target", "when"),
    [
        ("whoosh.writing:SegmentWriter.commit", "after"),  # committed, before anything else
        ("whoosh.writing:SegmentWriter.commit", "before"),  # journaled, not committed
        ("newsarchive.search.index:_note_merged_deletions", "before"),
        ("newsarchive.search.export:_write_state", "before"),  # files written, state not
        ("newsarchive.search.export:_write_state", "after"),  # state written, journal not cleared
    ],
)
def test_a_run_killed_anywhere_loses_no_article_from_the_search(archive, target, when):
    articles, later, index_dir, out = archive
    add_articles(later, articles)
    statement = (
        "from pathlib import Path\n"
        "from newsarchive.search import update_index\n"
        "from newsarchive.search import export_static\n"
        f"update_index(Path({str(articles)!r}), Path({str(index_dir)!r}))\n"
        f"export_static(Path({str(index_dir)!r}), Path({str(out)!r}), {{}})\n"
    )
    assert kill_during(target, statement, when) == -9
    update_index(articles, index_dir)
    export_static(index_dir, out, {})
    assert read(out, "meta.json")["documents"] == 2
    assert {p.name for p in (out / "doc").glob("*.gz")} == {"0.json.gz", "1.json.gz"}
    assert same_as_whole(index_dir, out, f"{target}-{when}")


def test_an_export_missing_articles_no_journal_names_is_made_whole(archive):
    articles, later, index_dir, out = archive
    add_articles(later, articles)
    update_index(articles, index_dir)
    (index_dir / "changes.json").unlink()  # as an older version could lose it
    report = export_static(index_dir, out, {})
    assert not report.incremental
    assert read(out, "meta.json")["documents"] == 2 and (out / "doc/1.json.gz").exists()


def test_an_archive_with_no_article_exports_and_searches(tmp_path):
    from newsarchive.search import search

    (tmp_path / "articles").mkdir()
    update_index(tmp_path / "articles", tmp_path / "index")
    export_static(tmp_path / "index", tmp_path / "search", {})
    assert read(tmp_path / "search", "meta.json")["documents"] == 0
    assert search(tmp_path / "index", "Witkoff").total == 0


def test_a_person_spelled_many_ways_is_one_facet_kept_equal_to_a_whole_export(tmp_path):
    """The facet files are the entities the site's pages show: every spelling meets in one file,
    named by the most-used full spelling, and an update that renames the entity is as a whole export."""
    from tests.support import text_copy

    def copy(n, name):
        text = f"Report {n}\n\nUkrainian President {name} said on Monday in Kyiv that talks would go on, officials said.\n"
        return text_copy(tmp_path / "copies", f"copy-{n}.txt", text, date=f"2025-03-0{n + 1}")

    names = ["Volodymyr Zelensky", "Volodymyr Zelensky", "Volodymyr Zelenskyy", "Zelensky"]
    articles = converted(tmp_path, {f"manual/copy-{n}.txt": copy(n, name) for n, name in enumerate(names)})
    index_dir, out = tmp_path / "index", tmp_path / "search"
    update_index(articles, index_dir)
    export_static(index_dir, out, {})
    assert facet(out, "person", "volodymyr zelensky") == [0, 1, 1, 1]  # every article, delta-coded
    assert facet(out, "person", "volodymyr zelenskyy") is None
    assert read(out, "facets.json")["entities"]["person"] == {"Volodymyr Zelenskyy": "Volodymyr Zelensky", "Zelensky": "Volodymyr Zelensky"}

    # Three more articles spell it Zelenskyy: the most-used spelling now names the entity.
    later = converted(tmp_path / "later", {f"manual/copy-{n}.txt": copy(n, "Volodymyr Zelenskyy") for n in (4, 5, 6)})
    add_articles(later, articles)
    update_index(articles, index_dir)
    assert export_static(index_dir, out, {}).incremental
    assert facet(out, "person", "volodymyr zelensky") is None
    assert len(facet(out, "person", "volodymyr zelenskyy")) == 7
    assert same_as_whole(index_dir, out, "renamed")

    # "Oleksandr Zelensky" comes: the lone "Zelensky" (an article the update did not touch) could be either of two
    # people now, so it leaves Volodymyr's entity. An update resolves again every name of the family it touches.
    later = converted(tmp_path / "later-2", {"manual/copy-7.txt": copy(7, "Oleksandr Zelensky")})
    add_articles(later, articles)
    update_index(articles, index_dir)
    assert export_static(index_dir, out, {}).incremental
    assert facet(out, "person", "zelensky") == [3]
    assert read(out, "facets.json")["entities"]["person"] == {"Volodymyr Zelensky": "Volodymyr Zelenskyy"}
    assert same_as_whole(index_dir, out, "a second Zelensky")


@pytest.fixture
def appending(tmp_path, monkeypatch):
    """The sample exported with its every term's entries' ends kept, and the term files written by every update."""
    monkeypatch.setattr(export, "RECENT_BYTES", 0)
    monkeypatch.setattr(export, "TAIL_POSTINGS", 1)
    return exported(tmp_path)


def decoded_entries(monkeypatch) -> list[str]:
    """The terms whose entries in a file an export decodes from now on (to patch them)."""
    decoded = []
    entry = export._entry

    def counted(old, term, missing):
        if term in old:
            decoded.append(term)
        return entry(old, term, missing)

    monkeypatch.setattr(export, "_entry", counted)
    return decoded


def test_newer_articles_postings_are_appended_to_the_entries_undecoded(appending, monkeypatch, tmp_path):
    articles, later, index_dir, out = appending
    third = converted(tmp_path / "third", {"car.txt": THREE_ARTICLES["car.txt"]})
    decoded = decoded_entries(monkeypatch)
    for more in (later, third):  # articles 1 and 2
        add_articles(more, articles)
        update_index(articles, index_dir)
        assert export_static(index_dir, out, {}).incremental
    assert decoded == []
    numbers = [entry[1][0::2] for entry in as_searched(out)["terms"].values()]
    assert [0, 1] in numbers and [1, 2] in numbers and [0, 1, 2] in numbers  # entries appended to, after 0 and after 1
    assert same_as_whole(index_dir, out, "appended")


def test_an_entry_rewritten_since_its_end_was_kept_is_patched_not_appended_to(appending, monkeypatch):
    """A run that stopped after writing term files and before its state: their entries are not the ends
    the state kept, and the next run reads them whole (appending again would repeat the new postings)."""
    articles, later, index_dir, out = appending
    add_articles(later, articles)
    update_index(articles, index_dir)

    def stopped(self, changes):
        raise RuntimeError("stopped")

    names_and_summaries = export._Export._write_names_and_summaries
    monkeypatch.setattr(export._Export, "_write_names_and_summaries", stopped)  # (meta.json not yet written)
    with pytest.raises(RuntimeError):
        export_static(index_dir, out, {})
    monkeypatch.setattr(export._Export, "_write_names_and_summaries", names_and_summaries)
    decoded = decoded_entries(monkeypatch)
    assert export_static(index_dir, out, {}).incremental
    assert "russia" in decoded
    assert same_as_whole(index_dir, out, "stopped")


def test_a_postings_list_is_patched_as_it_would_be_written_whole():
    flat = [1, 0.5, 4, 1.0, 7, 0.25, 9, 2.0]
    assert _patched(flat, {4, 9}, []) == [1, 0.5, 7, 0.25]
    assert _patched(flat, {7}, [(10, 3.0), (12, 1.5)]) == [1, 0.5, 4, 1.0, 9, 2.0, 10, 3.0, 12, 1.5]  # new numbers: appended
    assert _patched(flat, {1}, [(5, [0, 3])]) == [4, 1.0, 5, [0, 3], 7, 0.25, 9, 2.0]  # a lower number: in its place
    assert _patched([], set(), [(3, 1.0)]) == [3, 1.0]
    assert flat == [1, 0.5, 4, 1.0, 7, 0.25, 9, 2.0]  # the file's list itself is left as it was


THREE_ARTICLES = {
    "sample.txt": SAMPLE,
    "page.html": FIXTURES / "polygraph-fact-check-al-tanf.html",
    "car.txt": FIXTURES / "slashgear-vw-id-space-vizzion.txt",
}


def test_an_index_written_in_parallel_exports_as_one_written_by_one_process(tmp_path, monkeypatch):
    articles = converted(tmp_path, THREE_ARTICLES)
    update_index(articles, tmp_path / "serial")
    in_two_processes(monkeypatch)
    update_index(articles, tmp_path / "parallel")
    assert len(list((tmp_path / "parallel").glob("*.seg"))) == 2  # a segment a process: it did run in two
    export_static(tmp_path / "serial", tmp_path / "serial-out", {})
    export_static(tmp_path / "parallel", tmp_path / "parallel-out", {})
    assert files(tmp_path / "serial-out") == files(tmp_path / "parallel-out")


def test_the_most_named_people_and_places_are_also_in_one_file(archive, monkeypatch):
    articles, later, index_dir, out = archive
    add_articles(later, articles)
    update_index(articles, index_dir)
    export_static(index_dir, out, {})
    for kind in ("person", "place"):
        common = read(out, f"facets/{kind}/common.json")
        assert common, kind
        for name, numbers in common.items():  # the entity's own file, whole
            assert numbers == facet(out, kind, name), name
    # A smaller budget keeps the most named first.
    everyone = read(out, "facets/place/common.json")
    most = max(len(numbers) for numbers in everyone.values())
    monkeypatch.setattr(export, "COMMON_FACET_NUMBERS", most)
    export_static(index_dir, out.parent / "small", {}, whole=True)
    kept = read(out.parent / "small", "facets/place/common.json")
    assert len(kept) == 1 and [len(numbers) for numbers in kept.values()] == [most]


def test_a_whole_export_made_by_several_processes_is_the_one_made_by_one(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "TERM_SHARD_BYTES", 600)  # small files: groups split, as in a large archive
    monkeypatch.setattr(export, "POSITION_SHARD_BYTES", 600)
    monkeypatch.setattr(export, "TAIL_POSTINGS", 2)
    update_index(converted(tmp_path, THREE_ARTICLES), tmp_path / "index")
    export_static(tmp_path / "index", tmp_path / "serial", {})
    serial_state = (tmp_path / "index" / "export-state.json").read_bytes()
    in_two_processes(monkeypatch)
    report = export_static(tmp_path / "index", tmp_path / "parallel", {})
    assert files(tmp_path / "serial") == files(tmp_path / "parallel")
    assert report.written == len(files(tmp_path / "parallel"))
    parallel_state = json.loads((tmp_path / "index" / "export-state.json").read_bytes())
    assert parallel_state["trees"] == json.loads(serial_state)["trees"] and parallel_state["trees"]["terms"]  # some groups were split
    assert parallel_state["ends"] == json.loads(serial_state)["ends"] and parallel_state["ends"]["positions"]["body"]


def test_names_share_facet_files_and_an_update_keeps_them_as_a_whole_export_would(archive, monkeypatch):
    """As many facet files as names (a power of two): the new article's names double the people's
    files (all are written again) and fit the places' (only theirs are): a whole export's files either way."""
    monkeypatch.setattr("newsarchive.search.export.FACET_FILE_BYTES", 128)
    articles, later, index_dir, out = archive
    export_static(index_dir, out, {}, whole=True)
    before = read(out, "meta.json")["facetFileCount"]
    add_articles(later, articles)
    update_index(articles, index_dir)
    assert export_static(index_dir, out, {}).incremental
    after = read(out, "meta.json")["facetFileCount"]
    assert (after["person"], after["place"]) == (before["person"], 2 * before["place"]) and before["person"] > 2
    assert same_as_whole(index_dir, out, "more names")
    for kind in ("person", "place"):
        names = as_searched(out)[f"facets/{kind}"]
        assert len(names) > after[kind] // 2
        assert all(facet(out, kind, name) == numbers for name, numbers in names.items())


def first_pages(folder):
    """The first pages an export holds: query key -> its rows."""
    return {
        bytes.fromhex(p.name[: -len(".json.gz")]).decode(): read(folder, f"top/{p.name[: -len('.gz')]}")
        for p in sorted((folder / "top").glob("*.gz"))
    }


def test_a_names_first_page_is_what_invoke_search_shows_of_it(tmp_path):
    """A query for a name in ``first_pages`` articles or more (a word, a person's or place's name, a hyphenated
    name, a person: or place: filter) has its first page in top/<hex key>.json: `invoke search`'s results, each its number and its
    doc/ file's fields, the text cut to its snippet as shown; meta.json's filter holds its key. Words not
    written as names have none, and a name in fewer articles than asked has none."""
    from newsarchive.search import search
    from newsarchive.search.export import PageOptions
    from newsarchive.search.format import DOC_FIELDS

    articles, later, index_dir, out = exported(tmp_path)
    add_articles(later, articles)
    update_index(articles, index_dir)
    export_static(index_dir, out, {}, whole=True, page=PageOptions(first_pages=1))
    pages = first_pages(out)
    assert {"witkoff", "putin", "trump", "zaporizhzhya", "steve witkoff", "donald trump", "trump-putin", "baghdad-damascus"} <= set(pages)
    assert not {"river", "meeting", "said", "trump putin"} & set(pages)
    meta = read(out, "meta.json")
    assert meta["page"]["firstPages"] == 1
    assert all(in_first_page_filter(key, meta["firstPageFilter"]) for key in pages)
    assert not any(in_first_page_filter(key, meta["firstPageFilter"]) for key in ("river", "meeting", "said", "trump putin"))
    assert {"person:witkoff", "person:steve witkoff", "place:kyiv"} <= set(pages)
    for word, rows in pages.items():
        hits = search(index_dir, _first_page_query(word)).hits
        assert [row[1 + DOC_FIELDS.index("title")] for row in rows] == [hit.title for hit in hits], word
        assert [row[1 + DOC_FIELDS.index("text")] for row in rows] == ["".join(part.text for part in hit.snippet) for hit in hits], word
        for row in rows:  # the rest as the article's own file has it
            assert row[1:-1] == read(out, f"doc/{row[0]}.json")[:-1]
    export_static(index_dir, out, {}, whole=True, page=PageOptions(first_pages=2))  # names in both articles
    assert "trump" in first_pages(out) and "witkoff" not in first_pages(out)
    # (a last word's filter counts the articles of each name it ends: person:trump, two names in one article)
    assert set(first_pages(out)) < set(pages) and all(len(rows) == 2 for key, rows in first_pages(out).items() if ":" not in key)
    export_static(index_dir, out, {}, whole=True, page=PageOptions(first_pages=0))
    assert not first_pages(out) and read(out, "meta.json")["page"]["firstPages"] == 0 and not read(out, "meta.json")["firstPageFilter"]


def test_an_update_rewrites_the_first_pages_it_touches(tmp_path):
    """Adding, changing and removing articles rewrites the first pages of the names they have or had (and of
    those that share a key with one, or hold a rewritten article), the same as a whole export's."""
    from newsarchive.search.export import PageOptions

    options = PageOptions(first_pages=1)
    articles, later, index_dir, out = exported(tmp_path)
    export_static(index_dir, out, {}, whole=True, page=options)
    assert "rukban" not in first_pages(out)
    add_articles(later, articles)
    sample, fact_check = sorted(articles.rglob("*.md"), key=lambda p: "polygraph" in p.read_text())
    steps = [
        lambda: None,  # the fact check added
        lambda: sample.write_text(sample.read_text().replace("Witkoff", "Envoyname")),
        lambda: fact_check.unlink(),
    ]
    for number, step in enumerate(steps):
        step()
        update_index(articles, index_dir)
        assert export_static(index_dir, out, {}, page=options).incremental
        whole = out.parent / f"whole-first-pages-{number}"
        export_static(shutil.copytree(index_dir, out.parent / f"index-first-pages-{number}"), whole, {}, whole=True, page=options)
        assert first_pages(out) == first_pages(whole), number
        pages = first_pages(out)
        assert ("rukban" in pages) == (number < 2) and ("witkoff" in pages) == ("steve witkoff" in pages) == (number == 0)
        assert ("person:steve witkoff" in pages) == ("person:witkoff" in pages) == (number < 1)
        assert ("baghdad-damascus" in pages) == (number < 2) and "trump-putin" in pages  # (the fact check's, the sample's)


def test_a_periods_site_has_no_first_pages(tmp_path):
    """A period's search counts its own articles, as `invoke search` does not: its first pages would rank otherwise."""
    from newsarchive.periods import parse_period
    from newsarchive.search.export import PageOptions

    _, _, index_dir, out = exported(tmp_path)
    export_static(index_dir, out, {}, whole=True, page=PageOptions(first_pages=1), period=parse_period("2025"))
    assert not first_pages(out) and read(out, "meta.json")["page"]["firstPages"] == 0


def test_a_query_too_long_for_a_file_name_has_no_first_page(tmp_path, monkeypatch):
    """A first page's file is named by its query in hex, and a file name has at most 255 bytes: a longer
    query (a name the converter ran together, say) has no first page, and the export goes on."""
    from newsarchive.search.export import PageOptions

    monkeypatch.setattr(export, "FIRST_PAGE_KEY_BYTES", len("putin"))
    _, _, index_dir, out = exported(tmp_path)
    export_static(index_dir, out, {}, whole=True, page=PageOptions(first_pages=1))
    assert "putin" in first_pages(out) and not [key for key in first_pages(out) if len(key) > len("putin")]
