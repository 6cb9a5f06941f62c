"""Conversions remembered between builds: only what changed is converted again, and the articles are the same."""

import json
from pathlib import Path

import pytest

import newsarchive.convert.batch as batch
import newsarchive.convert.cache as cache
from newsarchive.convert.batch import convert_all
from newsarchive.entities.corrections import load_corrections
from tests.support import FIXTURES, SAMPLE, copy_captures


@pytest.fixture
def store(tmp_path, monkeypatch):
    """Three captures, and a count of the captures converted (by file name) in each run."""
    copy_captures(
        {
            "rferl/sample.txt": SAMPLE,
            "polygraph/page.html": FIXTURES / "polygraph-fact-check-al-tanf.html",
            "manual/car.txt": FIXTURES / "slashgear-vw-id-space-vizzion.txt",
        },
        tmp_path / "captures",
    )
    converted = []
    real = batch.convert_capture

    def counting(capture, *args, **kwargs):
        converted.append(capture.path.name)
        return real(capture, *args, **kwargs)

    monkeypatch.setattr(batch, "convert_capture", counting)
    return tmp_path, converted


def build(root, **kwargs):
    return convert_all(root / "captures", root / "articles", root, cache_file=root / "cache" / "conversions.json", **kwargs)


def articles(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "articles").rglob("*.md"))}


def test_a_second_build_converts_nothing_and_keeps_every_article(store):
    root, converted = store
    first = build(root)
    assert len(first.written) == 3 and sorted(converted) == ["car.txt", "page.html", "sample.txt"]
    before = articles(root)
    converted.clear()
    second = build(root)
    assert converted == [] and second.written == () and len(second.unchanged) == 3
    assert articles(root) == before


def test_a_changed_capture_or_sidecar_is_converted_again_alone(store):
    root, converted = store
    build(root)
    page = root / "captures" / "manual" / "car.txt"
    page.write_text(page.read_text().replace("Volkswagen", "VW", 1))
    sidecar = root / "captures" / "rferl" / "sample.txt.json"
    sidecar.write_text(json.dumps({**json.loads(sidecar.read_text()), "tags": ["talks"]}))
    converted.clear()
    report = build(root)
    assert sorted(converted) == ["car.txt", "sample.txt"] and len(report.written) == 2
    converted.clear()
    build(root)
    assert converted == []


def test_the_articles_are_those_of_a_build_without_the_cache(store, tmp_path_factory):
    root, _ = store
    build(root)
    build(root)  # from the cache
    plain = tmp_path_factory.mktemp("plain")
    captures = [p for p in (root / "captures").rglob("*") if p.is_file() and p.suffix != ".json"]  # sidecars come with them
    copy_captures({p.relative_to(root / "captures").as_posix(): p for p in captures}, plain / "captures")
    convert_all(plain / "captures", plain / "articles", plain)
    assert articles(root) == articles(plain)


def test_an_edited_or_deleted_article_file_is_converted_again(store):
    root, converted = store
    report = build(root)
    article = next(p for p in report.written if "2025" in p.parts)
    article.write_text(article.read_text() + "\nAdded by hand.\n")
    other = next(p for p in report.written if p != article)
    other.unlink()
    converted.clear()
    build(root)
    assert len(converted) == 2
    assert "Added by hand" not in article.read_text() and other.exists()


def test_other_corrections_or_another_converter_convert_everything_again(store, monkeypatch):
    root, converted = store
    build(root)
    (root / "entities.yml").write_text("people:\n  drop: [Someone Else]\n")
    converted.clear()
    build(root, corrections=load_corrections(root / "entities.yml"))
    assert len(converted) == 3
    monkeypatch.setattr(cache, "converter_fingerprint", lambda: "a newer converter")
    converted.clear()
    build(root, corrections=load_corrections(root / "entities.yml"))
    assert len(converted) == 3


def test_a_damaged_cache_file_only_costs_a_conversion(store):
    root, converted = store
    build(root)
    (root / "cache" / "conversions.json").write_text('{"format": 1, "articles": [')
    converted.clear()
    report = build(root)
    assert len(converted) == 3 and report.failed == ()
    converted.clear()
    build(root)
    assert converted == []


def test_a_remembered_conversion_tells_its_warnings_again(tmp_path):
    captures = tmp_path / "captures"
    captures.mkdir()
    page = (FIXTURES / "polygraph-fact-check-al-tanf.html").read_bytes()
    (captures / "cut.html").write_bytes(page[: len(page) * 4 // 5])
    (captures / "cut.html.json").write_text('{"given_date": "2025-03-01", "given_source": "Polygraph"}')
    first = build(tmp_path)
    assert len(first.warnings) == 1 and "stops before its end" in first.warnings[0]
    assert build(tmp_path).warnings == first.warnings


def settle(folder, seconds_ago=60):
    """Give every file under ``folder`` a modification time a minute ago, as captures fetched earlier have."""
    import os
    import time

    for path in folder.rglob("*"):
        if path.is_file():
            when = time.time() - seconds_ago
            os.utime(path, (when, when))


def test_captures_unchanged_since_the_last_build_are_not_read_again(store, monkeypatch):
    root, converted = store
    settle(root / "captures")
    build(root)
    hashed = []
    real_key = batch.conversion_key
    monkeypatch.setattr(batch, "conversion_key", lambda paths, *args: hashed.append(paths) or real_key(paths, *args))
    before = articles(root)
    converted.clear()
    second = build(root)
    assert hashed == [] and converted == [] and len(second.unchanged) == 3
    assert articles(root) == before

    page = root / "captures" / "manual" / "car.txt"  # changed now: its stamp differs, and it is read
    page.write_text(page.read_text().replace("Volkswagen", "VW", 1))
    build(root)
    assert [p.name for paths in hashed for p in paths] == ["car.txt"] and converted == ["car.txt"]
    assert "VW" in next(text for name, text in articles(root).items() if "vizzion" in name.lower()).decode()


def test_captures_changed_in_the_last_seconds_are_read_again(store, monkeypatch):
    root, converted = store
    settle(root / "captures", seconds_ago=0)  # written just now: within the clock's tick of a change
    build(root)
    hashed = []
    real_key = batch.conversion_key
    monkeypatch.setattr(batch, "conversion_key", lambda paths, *args: hashed.append(paths) or real_key(paths, *args))
    converted.clear()
    build(root)
    assert len(hashed) == 3 and converted == []


def test_article_files_and_sidecars_unchanged_since_the_last_build_are_not_read_again(store, monkeypatch):
    root, converted = store
    settle(root / "captures")
    build(root)
    settle(root / "articles")  # as an earlier build's articles are
    build(root)
    before = articles(root)
    read = []
    real_read = Path.read_bytes
    converted.clear()
    with monkeypatch.context() as reads:
        reads.setattr(Path, "read_bytes", lambda path: read.append(path) or real_read(path))
        report = build(root)
    assert converted == [] and len(report.unchanged) == 3
    assert [p for p in read if root / "articles" in p.parents or root / "captures" in p.parents] == []  # nor sidecars
    assert articles(root) == before

    # Edited by hand to the same size, its modification time put back: its change time tells.
    article = report.unchanged[0]
    text = article.read_text()
    article.write_text(text.replace("a", "e", 1))
    settle(root / "articles")
    converted.clear()
    build(root)
    assert len(converted) == 1 and article.read_text() == text
