import json

import pytest

from newsarchive.captures import CaptureError, import_capture, iter_capture_paths, load_capture, sha256_of
from tests.support import SAMPLE


def test_sample_sidecar_matches_its_bytes():
    capture = load_capture(SAMPLE)
    assert capture.provenance.sha256 == sha256_of(SAMPLE.read_bytes())
    assert capture.provenance.published == "2025-08-06"


def test_a_changed_capture_is_caught(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("changed")
    (tmp_path / "a.txt.json").write_text(json.dumps({"sha256": "0" * 64}))
    with pytest.raises(CaptureError, match=r"a\.txt: bytes do not match the sha256"):
        load_capture(path)


@pytest.mark.parametrize(
    ("sidecar", "message"),
    [
        ("{not json", "sidecar is not valid JSON"),
        ("[]", "sidecar must be a JSON object"),
        ('{"pubished": "x"}', "unknown sidecar field.*pubished"),
        ('{"tags": "war"}', "'tags' must be a list"),
    ],
)
def test_a_bad_sidecar_names_the_file_and_the_problem(tmp_path, sidecar, message):
    path = tmp_path / "a.txt"
    path.write_text("x")
    (tmp_path / "a.txt.json").write_text(sidecar)
    with pytest.raises(CaptureError, match=rf"a\.txt\.json: {message}"):
        load_capture(path)


def test_only_pages_count_as_captures(tmp_path):
    for name in ("a.txt", "b.html", "a.txt.json", "README.md", ".a.txt.tmp", "sub/c.htm"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in iter_capture_paths(tmp_path)] == ["a.txt", "b.html", "sub/c.htm"]


def test_captures_come_in_the_order_paths_sort_in(tmp_path):
    # As text "a/b.html" comes before "a/b/c.htm" ("." before "/"); as paths, the folder "b" before "b.html".
    for name in ("a-b/x.html", "a/b.html", "a/B.HTML", "a.b/c.txt", "a/b/c.htm", "ab.txt", "a/.hidden.html", "a/b.html.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    expected = sorted(
        p for p in tmp_path.rglob("*") if p.is_file() and p.suffix.lower() in {".html", ".htm", ".txt"} and not p.name.startswith(".")
    )
    assert list(iter_capture_paths(tmp_path)) == expected
    assert [p.relative_to(tmp_path).as_posix() for p in expected][:3] == ["a/B.HTML", "a/b/c.htm", "a/b.html"]


def test_import_stores_identical_bytes_once_and_never_overwrites(tmp_path):
    store = tmp_path / "captures"
    first = tmp_path / "in" / "page.txt"
    first.parent.mkdir()
    first.write_text("one")
    stored = import_capture(first, store)
    assert import_capture(first, store) == stored
    first.write_text("two")
    other = import_capture(first, store)
    assert other != stored
    assert stored.read_text() == "one" and other.read_text() == "two"
    assert other.name.startswith("page-") and other.suffix == ".txt"


def test_a_reader_is_told_what_an_article_was_archived_from_not_a_path():
    from newsarchive.captures import archived_from

    assert archived_from("captures/manual/3f2a.txt", []) == "Archived from a text copy of the page, saved by hand."
    assert archived_from("captures/fetched/www.example.org/a.html", ["2025-08-07T10:00:00Z"]) == (
        "Archived from the web page, fetched 7 August 2025 at 10:00 UTC."
    )
    assert archived_from("captures/x.html", ["2025-08-07T10:00:00Z", "2025-09-01T08:30:00+02:00"]) == (
        "Archived from the web page, fetched 2 times, last on 1 September 2025 at 06:30 UTC."
    )


def test_a_fetched_capture_folder_is_named_by_the_start_of_its_path(tmp_path):
    from newsarchive.captures import fetched_capture_path

    url = "https://www.rferl.org/a/trump-putin-witkoff-meeting-good-chance-summit-soon-after-envoys-talks-in-moscow/33496614.html"
    path = fetched_capture_path(tmp_path, url, "2025-08-07T10:00:00Z", ".html")
    assert path.parent.name.startswith("a-trump-putin-witkoff-meeting-good-chance")
    assert path.parent.parent.name == "www.rferl.org" and path.name == "20250807T100000Z.html"
