"""Which addresses may become links in the archive: absolute http(s) ones, nothing else.

A capture, its sidecar, a feed and a user's option can each carry an article's
address, and it ends up as the "Original" link and ``rel=canonical`` of a page.
``javascript:``, ``data:``, ``vbscript:`` and the like would run in the reader's
browser, so an address is checked where it enters and again where it is written.
"""

from __future__ import annotations

import re
import urllib.parse

from newsarchive.errors import NewsarchiveError

WEB_SCHEMES = frozenset({"http", "https"})
# White space or a control character anywhere: browsers strip or ignore some of them
# ("java\tscript:"), so an address holding one is not what it seems.
_HIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]")


def web_address(value: object) -> str | None:
    """``value`` (trimmed) if it is an absolute http(s) address with a host, else None."""
    if not isinstance(value, str):
        return None
    address = value.strip()
    if not address or _HIDDEN.search(address):
        return None
    try:
        parts = urllib.parse.urlsplit(address)
        parts.port  # noqa: B018 - raises on a port that is not a number in range
    except ValueError:
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return None
    return address


class AddressError(NewsarchiveError):
    """An address given for an article's original is not an http(s) one."""


def require_web_address(value: object, where: str) -> str:
    """``value`` as :func:`web_address` accepts it; an AddressError naming ``where`` otherwise."""
    address = web_address(value)
    if address is None:
        raise AddressError(f"{where}: {value!r} is not an http(s) address; only a web page's address can be an article's original")
    return address
