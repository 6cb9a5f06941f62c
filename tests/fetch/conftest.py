import pytest
from pytest_httpserver import HTTPServer

from newsarchive.fetch.http import FetchPolicy


@pytest.fixture(scope="session")
def make_httpserver():
    """pytest-httpserver on 127.0.0.1 (never another address), one thread per request,
    so a deliberately slow answer does not hold up the next test."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def policy():
    """Polite in every way but patience: no delay between requests, short waits."""
    return FetchPolicy(
        user_agent="newsarchive-tests/1 (+https://tests.example/)",
        delay=0.0,
        backoff=0.01,
        read_timeout=1.0,
        connect_timeout=1.0,
        retries=2,
        max_bytes=200_000,
        allowed_networks=("127.0.0.1/32",),
    )


@pytest.fixture
def site(httpserver):
    """The local test server with a permissive robots.txt."""
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    return httpserver
