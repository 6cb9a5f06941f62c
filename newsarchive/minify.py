"""The site's pages and scripts as published: without the spaces and comments that make them readable.

GitHub Pages compresses what it sends, so this is for what it stores: its 1 GB holds a site's
files as written. Both minifiers are maintained libraries that keep what the markup means:
minify-html (its defaults keep to the HTML spec; we keep closing tags and the html and head
tags too) and rjsmin.
"""

from __future__ import annotations

from pathlib import Path

import minify_html
import rjsmin

from newsarchive.files import atomic_write_bytes


def minify_scripts(output: Path) -> None:
    """The theme's scripts without their comments and spaces, which a first search fetched (search.js:
    43 KB, 28 KB so; gzipped 13 and 9). Pelican copies them anew each run; theme/static keeps them as written."""
    for path in sorted((output / "theme" / "js").glob("*.js")):
        _rewrite(path, rjsmin.jsmin)


def minify_page(path: Path) -> None:
    """An HTML page without the spaces between its tags and the quotes its attributes do not need."""
    _rewrite(path, lambda html: minify_html.minify(html, keep_closing_tags=True, keep_html_and_head_opening_tags=True))


def _rewrite(path: Path, minify) -> None:
    source = path.read_text(encoding="utf-8")
    published = minify(source)
    if published != source:
        atomic_write_bytes(path, published.encode("utf-8"), durable=False)
