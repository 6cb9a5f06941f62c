"""Pages kept between builds: by what they are made from, per output folder, and never after a build stopped halfway."""

import datetime as dt

import pytest

from newsarchive.pagecache import KeptPages, Unstable, stable_digest, stable_text


def build(cache, output, setup, pages, finish=True):
    """One build's use of the record: which of ``pages`` ({name: inputs}) were kept; each page not kept is written."""
    record = KeptPages.begin(cache, output, setup)
    during = KeptPages.resume(cache, output)
    kept = set()
    for name, inputs in pages.items():
        if during.unchanged(name, inputs):
            kept.add(name)
            continue
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_text(inputs)
        during.wrote(name, [name])
    if finish:
        during.save()
    return kept, record.folders(), during


def test_a_page_is_kept_while_what_it_is_made_from_and_its_file_stay(tmp_path):
    cache, site, period = tmp_path / "cache", tmp_path / "output", tmp_path / "period"
    pages = {"2025/08/a/index.html": "a", "2025/08/b/index.html": "b"}
    assert build(cache, site, "setup", pages)[0] == set()
    build(cache, period, "other settings", {"2025/index.html": "year"})  # a site of one period: its own record
    kept, folders, _ = build(cache, site, "setup", {**pages, "2025/08/b/index.html": "b, changed"})
    assert kept == {"2025/08/a/index.html"} and folders == ["2025"]
    (site / "2025/08/a/index.html").unlink()
    assert build(cache, site, "setup", pages)[0] == set()  # a's file gone, b's text changed back
    assert build(cache, site, "setup", pages)[0] == set(pages)
    assert build(cache, site, "new templates", pages)[0] == set()


def test_a_build_stopped_halfway_leaves_nothing_to_keep(tmp_path):
    cache, site = tmp_path / "cache", tmp_path / "output"
    pages = {"2025/08/a/index.html": "a"}
    build(cache, site, "setup", pages)
    build(cache, site, "setup", {**pages, "2025/08/b/index.html": "b"}, finish=False)
    kept, folders, _ = build(cache, site, "setup", pages)
    assert kept == set() and folders == []


def test_files_a_build_no_longer_writes_are_stale_but_in_folders_others_keep(tmp_path):
    cache, site = tmp_path / "cache", tmp_path / "output"
    build(cache, site, "setup", {"2025/08/a/index.html": "a", "2025/08/b/index.html": "b", "people/x/index.html": "x"})
    _, _, during = build(cache, site, "setup", {"2025/08/a/index.html": "a"})
    assert during.stale(kept_by_others=["people"]) == ["2025/08/b/index.html"]


def test_stable_text_refuses_what_is_shown_by_its_address():
    assert stable_text({"b": [1, "x"], "a": dt.date(2025, 8, 6)}) == '{"a":"2025-08-06","b":[1,"x"]}'
    assert stable_text({"names": {"Kyiv", "Kharkiv", "Odesa"}}) == '{"names":["Kharkiv","Kyiv","Odesa"]}'  # a set in order
    with pytest.raises(Unstable):
        stable_text({"article": object()})
    with pytest.raises(Unstable):  # keys of other kinds than text have no order to keep
        stable_text({1: "a", "b": 2})


def test_a_stable_digest_changes_with_the_value_only():
    state = {"title": "Kyiv", "date": dt.date(2025, 8, 6)}
    assert stable_digest(state) == stable_digest(dict(reversed(state.items()))) != stable_digest({**state, "title": "Kiev"})
    with pytest.raises(Unstable):
        stable_digest([object()])


def test_each_output_folder_has_its_own_record_of_entity_pages(tmp_path):
    from newsarchive.pagecache import PageCache

    site = PageCache(tmp_path / "cache", "entity-pages", tmp_path / "output", "site")
    (tmp_path / "output/people/x").mkdir(parents=True)
    (tmp_path / "output/people/x/index.html").write_text("x")
    assert not site.unchanged("people/x/index.html", {"name": "X"})
    site.save()
    PageCache(tmp_path / "cache", "entity-pages", tmp_path / "period", "other settings").save()  # a site of one period
    assert PageCache(tmp_path / "cache", "entity-pages", tmp_path / "output", "site").unchanged("people/x/index.html", {"name": "X"})
