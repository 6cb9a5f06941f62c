"""The polite client against a local server: retries, redirects, limits, robots.txt."""

import gzip
import time

import pytest
from werkzeug import Response

from newsarchive.fetch.http import FetchFailed, PoliteClient


def client(policy, sleeps=None):
    return PoliteClient(policy, sleep=(sleeps.append if sleeps is not None else time.sleep))


def test_500_then_200_is_retried(site, policy):
    site.expect_oneshot_request("/flaky").respond_with_data("down", status=500)
    site.expect_request("/flaky").respond_with_data("<p>up</p>", content_type="text/html")
    sleeps = []
    response = client(policy, sleeps).get(site.url_for("/flaky"))
    assert response.status == 200 and response.body == b"<p>up</p>"
    assert sleeps == [policy.backoff]


def test_429_honours_retry_after(site, policy):
    site.expect_oneshot_request("/busy").respond_with_data("slow down", status=429, headers={"Retry-After": "7"})
    site.expect_request("/busy").respond_with_data("<p>ok</p>", content_type="text/html")
    sleeps = []
    assert client(policy, sleeps).get(site.url_for("/busy")).status == 200
    assert sleeps == [7.0]


def test_too_long_a_retry_after_is_a_failure_not_a_hang(site, policy):
    site.expect_request("/later").respond_with_data("come back tomorrow", status=503, headers={"Retry-After": "86400"})
    with pytest.raises(FetchFailed, match="asks to wait 86400 s"):
        client(policy, []).get(site.url_for("/later"))


def test_persistent_5xx_fails_after_the_retries(site, policy):
    site.expect_request("/broken").respond_with_data("no", status=502)
    with pytest.raises(FetchFailed, match=r"HTTP 502 after 3 attempts"):
        client(policy, []).get(site.url_for("/broken"))


def test_redirect_chain_is_followed_and_recorded(site, policy):
    site.expect_request("/one").respond_with_data("", status=301, headers={"Location": "/two"})
    site.expect_request("/two").respond_with_data("", status=302, headers={"Location": site.url_for("/three")})
    site.expect_request("/three").respond_with_data("<p>here</p>", content_type="text/html")
    response = client(policy).get(site.url_for("/one"))
    assert response.requested_url == site.url_for("/one")
    assert response.final_url == site.url_for("/three")
    assert response.redirects == (site.url_for("/two"), site.url_for("/three"))


def test_redirect_loop_is_an_error(site, policy):
    site.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    site.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    started = time.monotonic()
    with pytest.raises(FetchFailed, match=r"redirect loop: .*/a → .*/b → .*/a"):
        client(policy).get(site.url_for("/a"))
    assert time.monotonic() - started < 5


def test_slow_response_times_out(site, policy):
    def slow(request):
        time.sleep(1.5)
        return Response("<p>late</p>", content_type="text/html")

    site.expect_request("/slow").respond_with_handler(slow)
    with pytest.raises(FetchFailed, match="timed out"):
        client(policy, []).get(site.url_for("/slow"))


def test_body_over_the_limit(site, policy):
    site.expect_request("/huge").respond_with_data("x" * (policy.max_bytes + 1), content_type="text/html")
    with pytest.raises(FetchFailed, match="over the 200,000-byte limit"):
        client(policy).get(site.url_for("/huge"))


def test_gzip_is_decoded(site, policy):
    site.expect_request("/zipped").respond_with_data(
        gzip.compress(b"<p>compressed</p>"), content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    assert client(policy).get(site.url_for("/zipped")).body == b"<p>compressed</p>"


def test_wrong_content_type_is_not_read(site, policy):
    site.expect_request("/photo.jpg").respond_with_data(b"\xff\xd8\xff" * 1000, content_type="image/jpeg")
    response = client(policy).get(site.url_for("/photo.jpg"), accept=lambda t: t.startswith("text/html"))
    assert response.status == 200 and response.body is None


def test_robots_txt_is_obeyed(site, policy):
    site.expect_request("/private/page").respond_with_data("secret", content_type="text/html")
    with pytest.raises(FetchFailed, match=r"robots.txt of 127.0.0.1:\d+ forbids /private/page"):
        client(policy).get(site.url_for("/private/page"))
    assert all(request.path != "/private/page" for request, _ in site.log)


def test_unreadable_robots_txt_means_stay_away(httpserver, policy):
    httpserver.expect_request("/robots.txt").respond_with_data("oops", status=500)
    with pytest.raises(FetchFailed, match="robots.txt of .* answered HTTP 500; not fetching from it"):
        client(policy, []).get(httpserver.url_for("/page"))


def test_missing_robots_txt_allows_everything(httpserver, policy):
    httpserver.expect_request("/robots.txt").respond_with_data("not found", status=404)
    httpserver.expect_request("/page").respond_with_data("<p>hi</p>", content_type="text/html")
    assert client(policy).get(httpserver.url_for("/page")).status == 200


def test_user_agent_names_the_project(site, policy):
    site.expect_request("/ua").respond_with_data("<p>x</p>", content_type="text/html")
    client(policy).get(site.url_for("/ua"))
    request = next(request for request, _ in site.log if request.path == "/ua")
    assert request.headers["User-Agent"] == policy.user_agent


def test_delay_between_requests_to_one_host(site, policy):
    import dataclasses

    site.expect_request("/p").respond_with_data("<p>x</p>", content_type="text/html")
    polite = PoliteClient(dataclasses.replace(policy, delay=0.3))
    started = time.monotonic()
    for _ in range(3):
        polite.get(site.url_for("/p"))
    assert time.monotonic() - started >= 0.6  # robots.txt, then three pages: three gaps of 0.3 s at least
