import json
import shutil

import pytest

from newsarchive import captures as captures_module
from newsarchive.addresses import AddressError
from newsarchive.articles import read_article
from newsarchive.captures import iter_capture_paths, load_capture
from newsarchive.convert import ConversionError, batch, convert_capture
from newsarchive.convert.batch import GivenFacts, convert_all, convert_and_store, preview
from newsarchive.errors import UsageError
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


def news_page(n: int) -> str:
    """A small article page as a news site serves it: NewsArticle JSON-LD, a headline, paragraphs."""
    headline = f"Report number {n} on the river floods"
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "datePublished": f"2025-03-{n + 1:02d}T08:00:00Z",
        "publisher": {"@type": "NewsMediaOrganization", "name": "Example News"},
    }
    paragraphs = "".join(
        f"<p>Paragraph {k} of report {n}: the river rose again overnight, and the town council met to plan for the floods.</p>"
        for k in range(4)
    )
    return (
        f'<!doctype html><html><head><title>{headline}</title><script type="application/ld+json">{json.dumps(data)}</script>'
        f"</head><body><article><h1>{headline}</h1>{paragraphs}</article></body></html>"
    )


def test_a_folder_from_outside_the_store_is_imported_in_one_pass(tmp_path, store, monkeypatch):
    root, captures, articles = store
    convert_all(captures, articles, root)
    folder = tmp_path / "downloads"
    folder.mkdir()
    for n in range(3):
        (folder / f"report-{n}.html").write_text(news_page(n), encoding="utf-8")
    (folder / "empty.html").write_bytes(b"")
    shutil.copy2(SAMPLE, folder / "sample-again.txt")  # already in the store
    listed = []
    monkeypatch.setattr(batch, "iter_capture_paths", lambda where: listed.append(where) or list(iter_capture_paths(where)))
    monkeypatch.setattr(captures_module, "iter_capture_paths", lambda where: listed.append(where) or list(iter_capture_paths(where)))

    report = convert_all(captures, articles, root, folder=folder)
    assert (len(report.written), len(report.unchanged)) == (3, 1)
    assert report.failed == (f"{folder / 'empty.html'}: empty capture",)  # named as the user gave it
    # The store is listed a fixed number of times, not once or twice a page.
    assert len(listed) <= 3
    stored = sorted(p.name for p in (captures / "manual").iterdir())
    assert stored == [f"report-{n}.html{suffix}" for n in range(3) for suffix in ("", ".json")]  # not the empty page, nor the sample again
    assert {read_article(p).capture for p in report.written} == {f"captures/manual/report-{n}.html" for n in range(3)}

    again = convert_all(captures, articles, root, folder=folder)
    assert (len(again.written), len(again.unchanged)) == (0, 4)
    assert sorted(p.name for p in (captures / "manual").iterdir()) == stored


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
    original = batch.group_captures
    monkeypatch.setattr(batch, "group_captures", lambda paths, store, *rest: list(reversed(original(paths, store, *rest))))
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


POLYGRAPH_URL = "https://www.polygraph.info/a/fact-check-russia-us-al-tanf-rukban/30279001.html"
POLYGRAPH_COPY = (
    "Home\nFact Check\nRussia and Syria: U.S.-backed Syrian Forces Blocking Refugee Return\n"
    "The Russian and Syrian defense ministries say U.S.-backed forces are blocking refugees in the Rukban camp from "
    "returning home, a claim the State Department calls false, officials said on Monday.\nShare\nFacebook\n"
)


def one_article_two_ways(tmp_path, order):
    """The Polygraph fact check dropped in as its HTML page and as a text copy (menus and all), in ``order``."""
    from tests.support import FIXTURES

    root, captures, articles = tmp_path, tmp_path / "captures", tmp_path / "content" / "articles"
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    page = shutil.copy2(FIXTURES / "polygraph-fact-check-al-tanf.html", downloads / "page.html")
    copy = downloads / "copy.txt"
    copy.write_text(POLYGRAPH_COPY, encoding="utf-8")
    given = GivenFacts(url=POLYGRAPH_URL, date="2019-11-18")
    notes = []
    for dropped in (page, copy) if order == "html first" else (copy, page):
        convert_and_store(dropped, root, captures, articles, given, warn=notes.append)
    return root, captures, articles, notes


@pytest.mark.parametrize("order", ["html first", "copy first"])
def test_an_html_capture_beats_a_text_copy_of_the_same_article_whatever_the_order(tmp_path, order):
    root, captures, articles, notes = one_article_two_ways(tmp_path, order)
    (article_file,) = articles.rglob("*.md")
    article = read_article(article_file)
    assert article.capture == "captures/manual/page.html"
    assert "The Russian and Syrian defense ministries" in article_file.read_text()
    if order == "html first":
        assert any("captures/manual/copy.txt is kept as a version" in note for note in notes)
    # Both captures are still there, byte for byte; a build after a build writes nothing.
    assert (captures / "manual" / "copy.txt").read_text(encoding="utf-8") == POLYGRAPH_COPY
    assert (captures / "manual" / "page.html").is_file()
    first = convert_all(captures, articles, root)
    assert (len(first.written), len(first.unchanged)) == (0, 1)
    assert len(convert_all(captures, articles, root).written) == 0


def test_the_users_choice_of_capture_wins_and_a_bad_choice_is_an_error(tmp_path):
    from newsarchive.captures import CaptureError

    root, captures, articles, _ = one_article_two_ways(tmp_path, "html first")
    (captures / "choices.yml").write_text(f"{POLYGRAPH_URL}: manual/copy.txt\n", encoding="utf-8")
    report = convert_all(captures, articles, root)
    assert len(report.written) == 1
    (article_file,) = articles.rglob("*.md")
    assert read_article(article_file).capture == "captures/manual/copy.txt"
    (captures / "choices.yml").write_text(f"{POLYGRAPH_URL}: manual/nothing.txt\n", encoding="utf-8")
    with pytest.raises(CaptureError, match=r"choices\.yml: .*no capture 'manual/nothing\.txt'"):
        convert_all(captures, articles, root)


def test_a_newer_capture_that_fails_leaves_the_article_on_an_older_one(tmp_path):
    root, captures, articles, _ = one_article_two_ways(tmp_path, "copy first")
    sidecar = captures / "manual" / "page.html.json"
    fields = json.loads(sidecar.read_text())
    fields["sha256"] = "0" * 64  # the page no longer matches its sidecar: it cannot be trusted
    sidecar.write_text(json.dumps(fields))
    report = convert_all(captures, articles, root)
    assert report.failed == () and any("shows an earlier capture, captures/manual/copy.txt" in w for w in report.warnings)
    (article_file,) = articles.rglob("*.md")
    assert read_article(article_file).capture == "captures/manual/copy.txt"


def test_a_page_dropped_in_by_hand_and_a_fetch_of_its_url_are_one_article(tmp_path):
    from newsarchive.captures import CaptureIndex
    from newsarchive.records import Provenance
    from tests.support import FIXTURES

    root, captures, articles, _ = one_article_two_ways(tmp_path, "copy first")
    page = (FIXTURES / "polygraph-fact-check-al-tanf.html").read_bytes()
    fetched = Provenance(
        requested_url=POLYGRAPH_URL + "?utm_source=feed",
        final_url=POLYGRAPH_URL,
        fetched_at="2019-11-20T08:00:00Z",
        http_status=200,
        content_type="text/html; charset=utf-8",
        url_key=POLYGRAPH_URL,
    )
    CaptureIndex(captures).store(page.replace(b"</body>", b"<!-- served later --></body>"), fetched, ".html")
    report = convert_all(captures, articles, root)
    (article_file,) = articles.rglob("*.md")
    assert read_article(article_file).capture == "captures/manual/page.html"  # HTML, and added after the fetch of 2019
    assert len(convert_all(captures, articles, root).written) == 0 and report.failed == ()


def test_given_facts_are_checked_and_the_url_keyed_as_fetch_keys_it():
    with pytest.raises(UsageError, match=r"^--date 2019-13-45 is not a date \(YYYY-MM-DD\)$"):
        GivenFacts(date="2019-13-45")
    assert GivenFacts(url="https://Example.com/a?utm_source=feed&id=3#top").url == "https://example.com/a?id=3"
    for bad in ("www.example.com/a", "ftp://example.com/a"):
        with pytest.raises(AddressError, match="--url: .* is not an http"):
            GivenFacts(url=bad)


def test_a_pdf_saved_as_a_page_is_named_for_what_it_is(tmp_path):
    saved = tmp_path / "report.html"
    saved.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    with pytest.raises(ConversionError, match="a PDF, not a web page"):
        convert_capture(load_capture(saved), "report.html")
