"""Text from captures: made safe to store (no character that YAML, XML or a terminal refuses or obeys), and read out of HTML."""

from __future__ import annotations

import re

import lxml.html

# C0 controls but tab, newline and carriage return; DEL and the C1 controls; lone surrogates;
# and Unicode's noncharacters (U+FDD0..U+FDEF, and the last two code points of every plane).
# YAML refuses DEL, C1 and U+FFFE; XML 1.0 refuses C0 controls; a terminal obeys ESC.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)


def printable(text: str) -> str:
    """``text`` without control characters and noncharacters (tab and line breaks are kept)."""
    return _UNSAFE.sub("", text)


def html_text(fragment: str) -> str:
    """The text of an HTML fragment as a reader sees it: its strings, each stripped, joined by spaces
    (BeautifulSoup's ``get_text(" ", strip=True)``, at a tenth of its cost: thousands of articles a build)."""
    if not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for hidden in root.iter("script", "style"):  # (comments' text itertext leaves out itself)
        hidden.text = None
    return " ".join(text for text in (string.strip() for string in root.itertext()) if text)
