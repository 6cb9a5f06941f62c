import pytest

from newsarchive.fetch.urls import UrlError, canonical_url, host_of


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://WWW.RFERL.ORG:443/a/story/1.html#comments", "https://www.rferl.org/a/story/1.html"),
        ("http://example.com:80", "http://example.com/"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        ("https://example.com/a?utm_source=tw&utm_medium=social&id=7&fbclid=abc", "https://example.com/a?id=7"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com/a%20b", "https://example.com/a%20b"),
        ("https://пример.рф/новости", "https://xn--e1afmkfd.xn--p1ai/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8"),
    ],
)
def test_canonical_url(url, canonical):
    assert canonical_url(url) == canonical


@pytest.mark.parametrize("url", ["ftp://example.com/", "javascript:alert(1)", "https://", "https://user:pw@example.com/", "not a url"])
def test_unfetchable_urls(url):
    with pytest.raises(UrlError):
        canonical_url(url)


def test_host_counts_port():
    assert host_of("http://127.0.0.1:8080/a") == "127.0.0.1:8080"
    assert host_of("https://Example.com/a") == "example.com"
