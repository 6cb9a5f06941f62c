"""Only http(s) addresses become an article's original: checked where they enter and where they are written."""

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from newsarchive.addresses import AddressError, web_address
from newsarchive.captures import CaptureError, load_capture
from newsarchive.convert import convert_capture
from newsarchive.convert.batch import GivenFacts
from newsarchive.records import Article, Capture, Paragraph, Provenance
from tests.support import SAMPLE, hand_written, make_project, run_invoke

HOSTILE = (
    "javascript:alert(document.domain)//",
    "  JAVASCRIPT:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/a",
    "file:///etc/passwd",
    "https://news.example/a b",
    "http://news.example:99999/",
    "",
)


@pytest.mark.parametrize("address", HOSTILE)
def test_only_http_addresses_are_web_addresses(address):
    assert web_address(address) is None


def test_web_addresses_are_kept():
    assert web_address(" https://www.rferl.org/a/1.html ") == "https://www.rferl.org/a/1.html"
    assert web_address("http://[::1]:8080/a") == "http://[::1]:8080/a"


@pytest.mark.parametrize("address", HOSTILE[:5])
def test_the_url_option_refuses_other_schemes(address):
    with pytest.raises(AddressError, match="--url.*not an http"):
        GivenFacts(url=address)


def test_invoke_convert_refuses_a_javascript_url(tmp_path):
    project = make_project(tmp_path)
    result = run_invoke(project, "convert", str(SAMPLE), "--url", "javascript:alert(document.domain)//", check=False)
    assert result.returncode == 1
    assert "--url" in result.stderr and "not an http(s) address" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "content" / "articles").exists()


@pytest.mark.parametrize("field", ["given_url", "requested_url", "final_url", "url_key"])
def test_a_sidecar_with_a_script_address_is_an_error_naming_it(tmp_path, field):
    capture = tmp_path / "page.txt"
    capture.write_bytes(SAMPLE.read_bytes())
    (tmp_path / "page.txt.json").write_text(json.dumps({field: "javascript:alert(1)//"}), encoding="utf-8")
    with pytest.raises(CaptureError, match=rf"page\.txt\.json: '{field}' is 'javascript:.*not an http\(s\) address"):
        load_capture(capture)


def test_a_pages_own_script_address_is_ignored():
    html = (
        "<!doctype html><html><head><title>Floods Reach the Old Town</title>"
        "<link rel='canonical' href='javascript:alert(1)//'>"
        "<meta property='og:image' content='javascript:alert(2)'></head><body><article>"
        + "<p>The river rose two metres overnight and the town moved its people to the school on the hill.</p>" * 6
        + "</article></body></html>"
    )
    capture = Capture(Path("page.html"), html.encode(), Provenance(given_date="2025-03-01", given_source="Example News"))
    article = convert_capture(capture, "captures/page.html")
    assert article.source_url is None
    assert article.image is None


def test_an_article_record_refuses_a_script_address():
    base = Article(title="T", date=dt.datetime(2025, 1, 1, tzinfo=dt.UTC), date_source="user", source="S", body=(Paragraph("text"),))
    with pytest.raises(ValueError, match="source_url must be an http"):
        dataclasses.replace(base, source_url="javascript:alert(1)")


def test_a_hand_written_article_with_a_script_address_gets_no_link(tmp_path):
    project = make_project(tmp_path)
    hand_written(
        project,
        "2025/01/hand-written.md",
        "title: Hand written\ndate: 2025-01-02\nsource: Notes\nsource_url: 'javascript:alert(document.domain)//'\n",
        "A note written by hand about the floods in the old town.\n",
    )
    run_invoke(project, "build")
    pages = [p.read_text(encoding="utf-8") for p in (project / "output").rglob("*.html")]
    assert any("Hand written" in page for page in pages)
    assert not any("javascript:" in page.lower() for page in pages)


def test_the_sample_keeps_its_address():
    article = convert_capture(load_capture(SAMPLE), "c")
    assert article.source_url is None or web_address(article.source_url) == article.source_url
