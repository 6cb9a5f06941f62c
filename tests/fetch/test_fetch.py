"""Fetching into the raw store: what is kept, what is not, and that nothing is lost."""

import dataclasses
import json
import threading
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from newsarchive.articles import read_article
from newsarchive.captures import CaptureError, CaptureIndex, load_capture, store_lock
from newsarchive.convert.batch import convert_all
from newsarchive.fetch import FetchRequest, feed_requests, fetch
from newsarchive.fetch.feeds import Feed
from tests.support import FIXTURES

ARTICLE = FIXTURES / "polygraph-fact-check-al-tanf.html"


def page(title: str, canonical: str | None = None) -> str:
    link = f"<link rel='canonical' href='{canonical}'>" if canonical else ""
    text = "".join(f"<p>{title}: paragraph {n} of a story long enough to be an article about the flood.</p>" for n in range(6))
    date = "<meta property='article:published_time' content='2025-03-01T08:00:00Z'>"
    return f"<html><head><meta charset='utf-8'><title>{title}</title>{link}{date}</head><body><article><h1>{title}</h1>{text}</article></body></html>"


def test_a_page_becomes_a_capture_with_its_provenance(site, policy, tmp_path):
    site.expect_request("/news/flood").respond_with_data(page("Flood"), content_type="text/html; charset=utf-8", headers={"ETag": '"v1"'})
    report = fetch([FetchRequest(site.url_for("/news/flood?utm_source=x"))], tmp_path, policy)
    assert report.summary() == "1 new, 0 unchanged, 0 skipped, 0 failed"
    (path,) = report.new_captures
    assert path.parent.parent.name == f"127.0.0.1_{site.port}" and path.suffix == ".html"
    sidecar = json.loads(path.with_name(path.name + ".json").read_text())
    assert sidecar["requested_url"].endswith("/news/flood?utm_source=x")
    assert sidecar["url_key"] == f"http://127.0.0.1:{site.port}/news/flood"
    assert sidecar["http_status"] == 200 and sidecar["etag"] == '"v1"' and sidecar["detected_encoding"] == "utf-8"
    assert sidecar["fetched_at"].endswith("Z") and len(sidecar["sha256"]) == 64
    assert load_capture(path).data == page("Flood").encode()


def test_unchanged_page_costs_a_304_not_a_capture(site, policy, tmp_path):
    site.expect_request("/a", headers={"If-None-Match": '"v1"'}).respond_with_data("", status=304)
    site.expect_request("/a").respond_with_data(page("A"), content_type="text/html", headers={"ETag": '"v1"'})
    fetch([FetchRequest(site.url_for("/a"))], tmp_path, policy)
    report = fetch([FetchRequest(site.url_for("/a"))], tmp_path, policy)
    assert report.summary() == "0 new, 1 unchanged, 0 skipped, 0 failed"
    assert report.outcomes[0].detail == "not modified since the last capture"


def test_identical_bytes_are_stored_once_and_new_bytes_beside_them(site, policy, tmp_path):
    versions = iter([page("Version one"), page("Version one"), page("Version two")])
    site.expect_request("/story").respond_with_handler(lambda request: Response(next(versions), content_type="text/html"))
    first = fetch([FetchRequest(site.url_for("/story"))], tmp_path, policy)
    time.sleep(1.1)  # capture names carry the fetch time to the second
    same = fetch([FetchRequest(site.url_for("/story"))], tmp_path, policy)
    time.sleep(1.1)
    changed = fetch([FetchRequest(site.url_for("/story"))], tmp_path, policy)
    assert [r.summary() for r in (first, same, changed)] == [
        "1 new, 0 unchanged, 0 skipped, 0 failed",
        "0 new, 1 unchanged, 0 skipped, 0 failed",
        "1 new, 0 unchanged, 0 skipped, 0 failed",
    ]
    (old,), (new,) = first.new_captures, changed.new_captures
    assert old.parent == new.parent and old.read_text() != new.read_text()
    # The converter makes one article, from the newest capture, listing both capture times.
    report = convert_all(tmp_path, tmp_path / "articles", tmp_path)
    (article_path,) = report.written
    article = read_article(article_path)
    assert article.title == "Version two"
    assert article.capture.endswith(new.name)
    assert len(article_path.read_text().split("captured: [")[1].split("]")[0].split(",")) == 2


def test_one_article_through_a_feed_link_and_a_shared_link(site, policy, tmp_path):
    canonical = site.url_for("/news/flood")
    site.expect_request("/news/flood").respond_with_data(page("Flood", canonical), content_type="text/html")
    site.expect_request("/amp/flood").respond_with_data(page("Flood", canonical), content_type="text/html")
    fetch([FetchRequest(site.url_for("/news/flood"))], tmp_path, policy)
    report = fetch([FetchRequest(site.url_for("/amp/flood"))], tmp_path, policy)
    assert report.summary() == "0 new, 1 unchanged, 0 skipped, 0 failed"
    assert len(list(tmp_path.rglob("*.html"))) == 1


def test_other_content_and_failures_are_reported_not_kept(site, policy, tmp_path):
    site.expect_request("/photo.jpg").respond_with_data(b"\xff\xd8\xff", content_type="image/jpeg")
    site.expect_request("/gone").respond_with_data("gone", status=404)
    site.expect_request("/private/x").respond_with_data(page("X"), content_type="text/html")
    report = fetch(
        [FetchRequest(site.url_for(p)) for p in ("/photo.jpg", "/gone", "/private/x")] + [FetchRequest("ftp://example.com/")],
        tmp_path,
        policy,
    )
    # robots.txt is the site's wish, not a failure: skipped.
    assert report.summary() == "0 new, 0 unchanged, 2 skipped, 2 failed"
    details = [o.detail for o in report.outcomes]
    assert details[0] == "not an article page (content type image/jpeg)"
    assert details[1] == "HTTP 404"
    assert report.outcomes[2].result == "skipped" and details[2].startswith("robots.txt of ") and "forbids /private/x" in details[2]
    assert "not an http(s) URL" in details[3]
    assert not list(tmp_path.rglob("*.html"))


def test_a_windows_1251_page_is_kept_byte_for_byte_and_reads_right(site, policy, tmp_path):
    title = "Паводок дошёл до Старого города"
    html = page(title).replace("charset='utf-8'", "charset='windows-1251'").encode("windows-1251")
    site.expect_request("/ru").respond_with_data(html, content_type="text/html; charset=windows-1251")
    (path,) = fetch([FetchRequest(site.url_for("/ru"), source="Example")], tmp_path, policy).new_captures
    assert path.read_bytes() == html
    sidecar = json.loads(path.with_name(path.name + ".json").read_text())
    assert (sidecar["declared_encoding"], sidecar["detected_encoding"]) == ("windows-1251", "cp1251")
    report = convert_all(tmp_path, tmp_path / "articles", tmp_path)
    assert read_article(report.written[0]).title == title


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><link>/</link>
<item><title>One</title><link>/news/one</link><pubDate>Mon, 18 Nov 2019 10:00:00 GMT</pubDate></item>
<item><title>One again</title><link>{base}/news/one?utm_source=rss</link></item>
<item><title>Two</title><link>../news/two</link></item></channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="{base}/feeds/">
<title>News</title><id>urn:x</id><updated>2019-11-18T10:00:00Z</updated>
<entry><title>Three</title><id>urn:3</id><link href="../news/three"/><updated>2019-11-18T11:00:00Z</updated></entry>
<entry><title>Three, twice</title><id>urn:3b</id><link href="{base}/news/three#top"/><updated>2019-11-18T11:00:00Z</updated></entry>
</feed>"""


def test_feeds_give_each_article_once_with_the_feed_defaults(site, policy, tmp_path):
    base = site.url_for("").rstrip("/")
    site.expect_request("/feeds/rss.xml").respond_with_data(RSS.format(base=base), content_type="application/rss+xml")
    site.expect_request("/feeds/atom.xml").respond_with_data(ATOM.format(base=base), content_type="application/atom+xml")
    for name in ("one", "two", "three"):
        site.expect_request(f"/news/{name}").respond_with_data(page(name.title()), content_type="text/html")
    feeds = (
        Feed(site.url_for("/feeds/rss.xml"), source="Example News", tags=("floods",), language="en"),
        Feed(site.url_for("/feeds/atom.xml")),
    )
    requests, failures = feed_requests(feeds, policy)
    assert failures == []
    assert [r.url.removeprefix(base) for r in requests] == ["/news/one", "/news/two", "/news/three"]
    assert requests[0].published == "2019-11-18T10:00:00+00:00" and requests[0].source == "Example News"
    assert fetch(requests, tmp_path, policy).summary() == "3 new, 0 unchanged, 0 skipped, 0 failed"
    again, _ = feed_requests(feeds, policy)
    assert fetch(again, tmp_path, policy).summary() == "0 new, 0 unchanged, 3 skipped, 0 failed"
    report = convert_all(tmp_path, tmp_path / "articles", tmp_path)
    one = next(read_article(p) for p in report.written if read_article(p).title == "One")
    assert (one.source, one.tags) == ("Example News", ("floods",))


def test_a_feed_that_cannot_be_read_is_reported(site, policy):
    site.expect_request("/feeds/broken.xml").respond_with_data("<html>not a feed</html>", content_type="text/html")
    requests, failures = feed_requests((Feed(site.url_for("/feeds/broken.xml")),), policy)
    assert requests == [] and len(failures) == 1 and "not an RSS or Atom feed" in failures[0].detail


def test_two_runs_at_once_do_not_share_the_store(tmp_path):
    with store_lock(tmp_path):
        with pytest.raises(CaptureError, match="another fetch is writing to this archive"):
            with store_lock(tmp_path):
                pass
    with store_lock(tmp_path):  # free again
        pass


def test_a_run_killed_between_sidecar_and_capture_leaves_the_store_usable(site, policy, tmp_path):
    site.expect_request("/a").respond_with_data(page("A"), content_type="text/html")
    (path,) = fetch([FetchRequest(site.url_for("/a"))], tmp_path, policy).new_captures
    path.unlink()  # as if killed after writing the sidecar
    assert CaptureIndex(tmp_path).key_for(site.url_for("/a")) is None
    again = fetch([FetchRequest(site.url_for("/a"))], tmp_path, policy)
    assert again.summary() == "1 new, 0 unchanged, 0 skipped, 0 failed"
    # Fetched anew into the same URL's folder (named by the new fetch time: it may be another second).
    (new_path,) = again.new_captures
    assert new_path.exists() and new_path.parent == path.parent


def test_hosts_in_parallel_one_request_at_a_time_per_host(policy, tmp_path):
    import dataclasses

    servers, in_flight, most, overlap = [], {}, {}, []
    lock = threading.Lock()

    def handler(port):
        def handle(request):
            with lock:
                in_flight[port] = in_flight.get(port, 0) + 1
                most[port] = max(most.get(port, 0), in_flight[port])
                overlap.append(sum(1 for n in in_flight.values() if n))
            time.sleep(0.05)
            with lock:
                in_flight[port] -= 1
            return Response(page(request.path), content_type="text/html")

        return handle

    for _ in range(3):
        server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        server.start()
        server.expect_request("/robots.txt").respond_with_data("", status=404)
        server.expect_request("/").respond_with_handler(handler(server.port))
        for n in range(6):
            server.expect_request(f"/p{n}").respond_with_handler(handler(server.port))
        servers.append(server)
    try:
        requests = [FetchRequest(s.url_for(f"/p{n}")) for n in range(6) for s in servers]
        report = fetch(requests, tmp_path, dataclasses.replace(policy, concurrency=3))
        assert report.count("new") == 18
        assert max(most.values()) == 1
        assert max(overlap) > 1  # hosts were fetched side by side
    finally:
        for server in servers:
            server.stop()


# ---------------------------------------------------------------- one bad URL fails alone


def test_one_bad_url_fails_alone_and_the_run_ends_with_its_summary(site, policy, tmp_path):
    site.expect_request("/to-file").respond_with_data("", status=302, headers={"Location": "file:///etc/passwd"})
    site.expect_request("/to-javascript").respond_with_data("", status=302, headers={"Location": "javascript:alert(1)"})
    site.expect_request("/good").respond_with_data(page("Good"), content_type="text/html")
    urls = [site.url_for(p) for p in ("/to-file", "/to-javascript")]
    urls += ["http://127.0.0.1:99999/x"]
    urls += ["http://bad host.example/", "http://127.0.0.1:notaport/", site.url_for("/good")]
    report = fetch([FetchRequest(url) for url in urls], tmp_path, policy)
    assert report.summary() == "1 new, 0 unchanged, 0 skipped, 5 failed"
    details = [o.detail for o in report.outcomes]
    assert "redirected to 'file:///etc/passwd'" in details[0] and "not an http(s) URL" in details[0]
    assert details[1]  # however the server spelled it, the script address is not followed
    assert report.outcomes[-1].result == "new"


def test_an_ipv6_address_keeps_its_brackets(policy, tmp_path):
    try:
        server = HTTPServer(host="::1", port=0)
        server.start()
    except OSError:
        pytest.skip("no IPv6 loopback on this machine")
    try:
        server.expect_request("/robots.txt").respond_with_data("", status=404)
        server.expect_request("/v6").respond_with_data(page("Six"), content_type="text/html")
        allowed = dataclasses.replace(policy, allowed_networks=("::1/128",))
        report = fetch([FetchRequest(f"http://[::1]:{server.port}/v6")], tmp_path, allowed)
        assert report.summary() == "1 new, 0 unchanged, 0 skipped, 0 failed"
        sidecar = json.loads(report.new_captures[0].with_name(report.new_captures[0].name + ".json").read_text())
        assert sidecar["url_key"] == f"http://[::1]:{server.port}/v6"
    finally:
        server.stop()


# ---------------------------------------------------------------- private addresses, deadlines


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[fd00::1]/", "http://0.0.0.0/"])
def test_private_and_local_addresses_are_refused(policy, tmp_path, url):
    refusing = dataclasses.replace(policy, allowed_networks=())
    report = fetch([FetchRequest(url)], tmp_path, refusing)
    assert report.outcomes[0].result == "failed"
    assert "a private or local address; not fetched" in report.outcomes[0].detail


def test_loopback_is_refused_unless_allowed(site, policy, tmp_path):
    site.expect_request("/local").respond_with_data(page("Local"), content_type="text/html")
    refused = fetch([FetchRequest(site.url_for("/local"))], tmp_path, dataclasses.replace(policy, allowed_networks=()))
    assert "127.0.0.1, a private or local address" in refused.outcomes[0].detail
    assert fetch([FetchRequest(site.url_for("/local"))], tmp_path, policy).summary().startswith("1 new")


def test_a_redirect_to_a_private_address_is_refused(site, policy, tmp_path):
    site.expect_request("/hop").respond_with_data("", status=302, headers={"Location": "http://169.254.169.254/latest/"})
    report = fetch([FetchRequest(site.url_for("/hop"))], tmp_path, policy)
    assert "169.254.169.254, a private or local address" in report.outcomes[0].detail


def test_a_page_trickling_in_is_cut_at_the_deadline(site, policy, tmp_path):
    def trickle(request):
        def body():
            for _ in range(40):
                time.sleep(0.05)
                yield b"<p>x</p>"

        return Response(body(), content_type="text/html")

    site.expect_request("/slow").respond_with_handler(trickle)
    started = time.monotonic()
    report = fetch([FetchRequest(site.url_for("/slow"))], tmp_path, dataclasses.replace(policy, page_deadline=0.5, retries=0))
    assert "took longer than 0 s" in report.outcomes[0].detail or "took longer than 1 s" in report.outcomes[0].detail
    assert time.monotonic() - started < 1.9


def test_a_feed_item_that_is_gone_is_not_asked_for_again(site, policy, tmp_path):
    site.expect_request("/removed").respond_with_data("gone", status=410)
    item = FetchRequest(site.url_for("/removed"), skip_known=True)
    first = fetch([item], tmp_path, policy)
    assert first.summary() == "0 new, 0 unchanged, 0 skipped, 1 failed"
    again = fetch([item], tmp_path, policy)  # the next update: not asked, not a failure again
    assert again.summary() == "0 new, 0 unchanged, 1 skipped, 0 failed"
    assert again.outcomes[0].detail.startswith("gone: HTTP 410 since ")
    assert len([r for r, _ in site.log if r.path == "/removed"]) == 1
    # Asked for by name, it is asked again; once it answers, it is forgotten.
    site.clear()
    site.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site.expect_request("/removed").respond_with_data(page("Back again"), content_type="text/html")
    assert fetch([FetchRequest(site.url_for("/removed"))], tmp_path, policy).summary() == "1 new, 0 unchanged, 0 skipped, 0 failed"
    assert fetch([item], tmp_path, policy).summary() == "0 new, 0 unchanged, 1 skipped, 0 failed"  # now known: already archived
    assert "already in the archive" in fetch([item], tmp_path, policy).outcomes[0].detail
