"""WARC in and out (newsarchive.warc): records replay tools read, and other archivers' files as captures."""

import base64
import gzip
import hashlib
import io
import zipfile

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsarchive.captures import CaptureIndex, iter_capture_paths, read_provenance
from newsarchive.records import Provenance
from newsarchive.warc import WarcError, export_warc, import_archives
from tests.support import FIXTURES, make_project, run_invoke

PAGE = (FIXTURES / "polygraph-fact-check-al-tanf.html").read_bytes()
URL = "https://www.polygraph.info/a/fact-check-russia-us-al-tanf-rukban/30279001.html"


def payload_digest(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def test_every_record_reads_back_with_its_payload_digest(tmp_path):
    project = make_project(tmp_path / "project")
    fetched = Provenance(requested_url=URL, final_url=URL, fetched_at="2019-11-20T08:00:00Z", http_status=200,
                         content_type="text/html; charset=utf-8", etag='"abc"', url_key=URL)  # fmt: skip
    CaptureIndex(project / "captures").store(PAGE, fetched, ".html")
    out = tmp_path / "archive.warc.gz"
    report = export_warc(project / "captures", out)
    assert report.captures == 2 and report.records == 5  # the sample (metadata, resource); the fetch (+ request, response)
    kinds = []
    with open(out, "rb") as stream:
        for record in ArchiveIterator(stream):
            kinds.append(record.rec_type)
            payload = record.content_stream().read()
            assert record.rec_headers.get_header("WARC-Payload-Digest") == payload_digest(payload)
            assert record.rec_headers.get_header("WARC-Type") == record.rec_type
            if record.rec_type == "response":
                assert payload == PAGE and record.http_headers.get_statuscode() == "200"
                assert record.http_headers.get_header("ETag") == '"abc"'
                assert record.rec_headers.get_header("WARC-Date") == "2019-11-20T08:00:00Z"
    assert sorted(kinds) == ["metadata", "metadata", "request", "resource", "response"]
    assert gzip.decompress(out.read_bytes()).startswith(b"WARC/1.1\r\n")


def test_a_round_trip_into_an_empty_project_gives_the_same_articles(tmp_path):
    first = make_project(tmp_path / "first", captures={"rferl/sample.txt": FIXTURES / "rferl-trump-putin-witkoff-meeting.txt",
                                                       "manual/page.html": FIXTURES / "polygraph-fact-check-al-tanf.html"})  # fmt: skip
    run_invoke(first, "build")
    run_invoke(first, "export-warc", str(tmp_path / "all.warc.gz"))
    second = make_project(tmp_path / "second", captures={})
    shown = run_invoke(second, "import", str(tmp_path / "all.warc.gz")).stdout
    assert "Imported: 2 new captures, 0 already in the archive" in shown
    run_invoke(second, "build")

    def articles(project):
        return {p.relative_to(project).as_posix(): p.read_bytes() for p in sorted((project / "content" / "articles").rglob("*.md"))}

    assert articles(second) == articles(first) and len(articles(first)) == 2
    # Importing it again keeps nothing twice, and overwrites nothing.
    assert "0 new captures, 2 already in the archive" in run_invoke(second, "import", str(tmp_path / "all.warc.gz")).stdout


def other_archivers_warc():
    """A WARC as wget --warc-file or Webrecorder writes one: a page and what came with it."""
    stream = io.BytesIO()
    writer = WARCWriter(stream, gzip=True)

    def response(url, status, content_type, body, extra=()):
        headers = StatusAndHeaders(status, [("Content-Type", content_type), *extra], protocol="HTTP/1.1")
        return writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers,
                                         warc_headers_dict={"WARC-Date": "2019-11-20T08:00:00Z"})  # fmt: skip

    request = writer.create_warc_record(URL, "request", payload=io.BytesIO(b""), length=0,
                                        http_headers=StatusAndHeaders("GET / HTTP/1.1", [("Host", "www.polygraph.info")], is_http_request=True))  # fmt: skip
    writer.write_record(request)
    writer.write_record(response(URL, "200 OK", "text/html; charset=utf-8", PAGE, [("Last-Modified", "Mon, 18 Nov 2019 10:00:00 GMT")]))
    writer.write_record(response("https://www.polygraph.info/old", "301 Moved Permanently", "text/html", b"<a href=x>moved</a>"))
    writer.write_record(response("https://www.polygraph.info/logo.png", "200 OK", "image/png", b"\x89PNG\r\n"))
    writer.write_record(response("https://www.polygraph.info/app.js", "200 OK", "application/javascript", b"alert(1)"))
    return stream.getvalue()


@pytest.mark.parametrize("kind", ["warc.gz", "wacz"])
def test_other_archivers_pages_come_in_with_their_provenance(tmp_path, kind):
    data = other_archivers_warc()
    source = tmp_path / f"crawl.{kind}"
    if kind == "wacz":
        with zipfile.ZipFile(source, "w") as wacz:
            wacz.writestr("archive/data.warc.gz", data)
            wacz.writestr("datapackage.json", "{}")
    else:
        source.write_bytes(data)
    captures = tmp_path / "captures"
    report = import_archives([source], captures)
    assert (len(report.new), report.already, report.skipped) == (1, 0, 3)  # the redirect, the image, the script
    (path,) = iter_capture_paths(captures)
    assert path.read_bytes() == PAGE and path.suffix == ".html"
    provenance = read_provenance(path)
    assert (provenance.requested_url, provenance.fetched_at, provenance.http_status) == (URL, "2019-11-20T08:00:00Z", 200)
    assert provenance.last_modified == "Mon, 18 Nov 2019 10:00:00 GMT" and provenance.url_key == URL


def test_an_import_never_overwrites_a_capture(tmp_path):
    captures = tmp_path / "captures"
    source = tmp_path / "crawl.warc.gz"
    source.write_bytes(other_archivers_warc())
    import_archives([source], captures)
    (path,) = iter_capture_paths(captures)
    before = path.read_bytes()
    # The same page at the same second, edited: another crawl's WARC (same length, other bytes).
    edited = tmp_path / "edited.warc"
    edited.write_bytes(gzip.decompress(other_archivers_warc()).replace(b"Rukban", b"Rukbam"))
    report = import_archives([edited], captures)
    assert len(report.new) == 1 and path.read_bytes() == before  # the earlier bytes are still there
    assert len(list(iter_capture_paths(captures))) == 2


def test_a_file_that_is_no_warc_is_a_clear_error(tmp_path):
    bad = tmp_path / "notes.warc"
    bad.write_bytes(b"these are my notes\n")
    with pytest.raises(WarcError, match=r"notes\.warc: not a readable WARC"):
        import_archives([bad], tmp_path / "captures")


def test_a_metadata_record_cannot_put_a_file_outside_the_store(tmp_path):
    import json

    stream = io.BytesIO()
    writer = WARCWriter(stream, gzip=False, warc_version="1.1")
    page = writer.create_warc_record(URL, "resource", payload=io.BytesIO(PAGE), length=len(PAGE), warc_content_type="text/html")
    sidecar = json.dumps({"path": "../../outside.html", "provenance": {}}).encode()
    writer.write_record(
        writer.create_warc_record(
            URL,
            "metadata",
            payload=io.BytesIO(sidecar),
            length=len(sidecar),
            warc_content_type="application/json; profile=newsarchive-capture",
            warc_headers_dict={"WARC-Refers-To": page.rec_headers.get_header("WARC-Record-ID")},
        )  # fmt: skip
    )
    writer.write_record(page)
    hostile = tmp_path / "hostile.warc"
    hostile.write_bytes(stream.getvalue())
    with pytest.raises(WarcError, match="not a capture's path in the store"):
        import_archives([hostile], tmp_path / "store" / "captures")
    assert not (tmp_path / "outside.html").exists() and not (tmp_path / "store" / "outside.html").exists()
