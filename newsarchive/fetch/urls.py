"""URL canonicalisation: one article, one key, however the link reached us."""

from __future__ import annotations

import ipaddress
import re
import urllib.parse

from newsarchive.errors import NewsarchiveError

# Query parameters that track the reader, not select the page.
TRACKING_PARAMETERS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|"
    r"mkt_tok|ref_src|ref_url|cmpid|cmp|ocid|ncid|sr_share|share|smid|at_medium|at_campaign|at_custom\d*)$",
    re.IGNORECASE,
)
DEFAULT_PORTS = {"http": 80, "https": 443}


class UrlError(NewsarchiveError):
    """Not a URL newsarchive can fetch; the message says why."""


def canonical_url(url: str) -> str:
    """The URL in one spelling: scheme and host in lower case, no default port, no fragment,
    no tracking parameters, remaining parameters in order, an empty path as ``/``."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise UrlError(f"not a valid URL: {url!r} ({error})") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise UrlError(f"not an http(s) URL: {url!r}")
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        raise UrlError(f"no host in URL: {url!r}")
    if _is_ip_address(host):
        host = f"[{host}]" if ":" in host else host  # an IPv6 address keeps its brackets
    else:
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise UrlError(f"not a valid host name: {url!r}") from None
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username or parts.password:
        raise UrlError(f"URLs with a user name or password are not fetched: {url!r}")
    query = urllib.parse.urlencode(
        sorted(
            (key, value) for key, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMETERS.match(key)
        )
    )
    path = urllib.parse.quote(urllib.parse.unquote(parts.path), safe="/:@!$&'()*+,;=-._~%") or "/"
    return urllib.parse.urlunsplit((scheme, netloc, path, query, ""))


def host_of(url: str) -> str:
    """The host (and port, when not the default) that politeness rules count by."""
    return urllib.parse.urlsplit(canonical_url(url)).netloc


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
