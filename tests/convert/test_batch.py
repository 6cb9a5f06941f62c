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
    dropped.write_text(
        "Floods Reach the Old Town\n\nThe river rose two metres overnight and the old town woke up under water.\n", encoding="utf-8"
    )
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
    dropped.write_text(
        "Floods Reach the Old Town\n\nThe river rose two metres overnight and the old town woke up under water.\n", encoding="utf-8"
    )
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


# ---------------------------------------------------------------- addresses that stay, articles that follow


def same_title_pages(tmp_path):
    """Two different articles with one title in one month, as fetched captures (the second fetched later)."""
    from newsarchive.captures import write_provenance
    from newsarchive.records import Provenance

    store = tmp_path / "captures"
    paragraphs = "".join(f"<p>Paragraph {n}: the river rose two metres overnight and the town moved its people.</p>" for n in range(6))
    for name, url, fetched in (
        ("a", "https://one.example/floods", "2025-03-02T10:00:00Z"),
        ("b", "https://two.example/floods", "2025-03-01T09:00:00Z"),
    ):
        page = store / name / f"{name}.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f"<html><head><title>Floods</title></head><body><article><h1>Floods</h1>{paragraphs}<p>{name}</p></article></body></html>"
        )
        write_provenance(
            page,
            Provenance(requested_url=url, final_url=url, url_key=url, fetched_at=fetched, given_date="2025-03-01", given_source="Example"),
        )
    return store


def addresses(articles):
    from newsarchive.articles import read_article

    return {read_article(p).source_url: p.relative_to(articles).as_posix() for p in sorted(articles.rglob("*.md"))}


def test_two_articles_with_one_title_keep_their_addresses_whatever_the_order(tmp_path, monkeypatch):
    import newsarchive.convert.batch as batch

    store = same_title_pages(tmp_path)
    first = tmp_path / "first"
    convert_all(store, first, tmp_path)
    original = batch._captures_by_article
    monkeypatch.setattr(batch, "_captures_by_article", lambda paths: list(reversed(original(paths))))
    second = tmp_path / "second"
    convert_all(store, second, tmp_path)
    assert addresses(first) == addresses(second)
    # The one fetched first keeps the plain address.
    assert addresses(first)["https://two.example/floods"] == "2025/03/floods.md"
    assert addresses(first)["https://one.example/floods"].startswith("2025/03/floods-")
    convert_all(store, second, tmp_path)  # and a build after a build changes nothing
    assert addresses(second) == addresses(first)


def test_an_article_whose_capture_is_gone_goes_too(tmp_path):
    import shutil

    store = same_title_pages(tmp_path)
    articles = tmp_path / "articles"
    convert_all(store, articles, tmp_path)
    assert len(addresses(articles)) == 2
    shutil.rmtree(store / "a")
    convert_all(store, articles, tmp_path)
    assert list(addresses(articles)) == ["https://two.example/floods"]
    hand_written = articles / "2025" / "03" / "note.md"
    hand_written.write_text("---\ntitle: A note\ndate: 2025-03-01\nsource: Me\n---\nMine.\n")
    convert_all(store, articles, tmp_path)
    assert hand_written.exists()  # written by hand: no capture, not ours to remove


def test_a_capture_that_fails_now_keeps_its_article_and_its_address(tmp_path):
    store = same_title_pages(tmp_path)
    articles = tmp_path / "articles"
    convert_all(store, articles, tmp_path)
    before = addresses(articles)
    (store / "b" / "b.html").write_text("")  # now empty: a failure
    report = convert_all(store, articles, tmp_path)
    assert len(report.failed) == 1
    assert addresses(articles) == before
