import json
import shutil

import pytest

from newsarchive.articles import read_article
from newsarchive.convert import ConversionError
from newsarchive.convert.batch import GivenFacts, convert_all, convert_and_store, preview
from tests.support import SAMPLE


@pytest.fixture
def store(tmp_path):
    captures = tmp_path / "captures"
    (captures / "rferl").mkdir(parents=True)
    shutil.copy2(SAMPLE, captures / "rferl" / "sample.txt")
    shutil.copy2(SAMPLE.with_name(SAMPLE.name + ".json"), captures / "rferl" / "sample.txt.json")
    return tmp_path, captures, tmp_path / "content" / "articles"


def test_convert_all_writes_then_leaves_unchanged(store):
    root, captures, articles = store
    first = convert_all(captures, articles, root)
    assert (len(first.written), len(first.unchanged), first.failed) == (1, 0, ())
    written = first.written[0]
    assert written.relative_to(articles).parts[:2] == ("2025", "08")
    assert read_article(written).capture == "captures/rferl/sample.txt"
    mtime = written.stat().st_mtime_ns
    second = convert_all(captures, articles, root)
    assert (len(second.written), len(second.unchanged)) == (0, 1)
    assert written.stat().st_mtime_ns == mtime


def test_a_failed_capture_is_reported_and_keeps_the_earlier_article(store):
    root, captures, articles = store
    (written,) = convert_all(captures, articles, root).written
    before = written.read_bytes()
    sidecar = captures / "rferl" / "sample.txt.json"
    fields = json.loads(sidecar.read_text())
    fields["published"] = "not a date"
    sidecar.write_text(json.dumps(fields))
    report = convert_all(captures, articles, root)
    assert report.written == ()
    assert len(report.failed) == 1 and "sample.txt" in report.failed[0] and "not an ISO 8601 date" in report.failed[0]
    assert written.read_bytes() == before


def test_a_capture_from_outside_the_store_is_imported_with_what_the_user_gave(tmp_path, store):
    root, captures, articles = store
    dropped = tmp_path / "downloads" / "copy.txt"
    dropped.parent.mkdir()
    dropped.write_text("Floods Reach the Old Town\n\nThe river rose two metres overnight and the old town woke up under water.\n", encoding="utf-8")
    given = GivenFacts(url="https://news.example/floods", date="2025-03-01", source="Example Times", tags=("floods",))
    target, changed = convert_and_store(dropped, root, captures, articles, given)
    assert changed
    article = read_article(target)
    assert (article.source, article.source_url, article.tags) == ("Example Times", "https://news.example/floods", ("floods",))
    assert article.capture == "captures/manual/copy.txt"
    stored = captures / "manual" / "copy.txt"
    assert stored.read_bytes() == dropped.read_bytes()
    sidecar = json.loads((captures / "manual" / "copy.txt.json").read_text())
    assert sidecar["given_date"] == "2025-03-01" and len(sidecar["sha256"]) == 64
    # A later build converts it the same way, with no options.
    report = convert_all(captures, articles, root)
    assert target in report.unchanged


def test_a_failed_conversion_writes_nothing(tmp_path, store):
    root, captures, articles = store
    dropped = tmp_path / "copy.txt"
    dropped.write_text("Floods Reach the Old Town\n\nThe river rose two metres overnight and the old town woke up under water.\n", encoding="utf-8")
    with pytest.raises(ConversionError, match="no publication date"):
        convert_and_store(dropped, root, captures, articles, GivenFacts(source="Example Times"))
    assert not (captures / "manual").exists()
    assert not articles.exists()


def test_preview_writes_nothing(store):
    root, captures, articles = store
    article = preview(captures / "rferl" / "sample.txt", root, GivenFacts(date="2025-08-07"))
    assert article.date_source == "user"
    assert not articles.exists()
    assert "given_date" not in (captures / "rferl" / "sample.txt.json").read_text()
