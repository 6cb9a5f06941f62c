"""The static search format, declared once: Python writes it, the browser reads it from meta.json.

Everything the site's search must agree on with `invoke search` lives here: which
fields are searched and exported, how text is cut into words, and where each value
sits in the exported files. ``declaration()`` is written into ``meta.json``, and
``theme/static/js/search.js`` reads positions and analysis settings from there.
"""

from __future__ import annotations

import base64
import math
import unicodedata
import zlib

from newsarchive.entities import cyrillic, variants

FORMAT = 15
"""Raised when the files change shape: the next build then exports whole."""

SEARCHED_FIELDS = ("title", "body")
"""The fields plain words are looked for in."""

EXPORTED_FIELDS = ("title", "body", "variants", "name_words", "person_keys", "place_keys", "source", "tags", "year")
"""The fields whose terms the site's search files hold."""

NAME_SHARE = 0.5
"""A query's word finds other spellings of itself (by its search key) only if the archive writes it as a
name (capitalised, and not also in lower case in the same article) in at least this share of the articles
with it in their text, or no article has it in its text: Kiev and Zaporizhzhya do, "issues" and "team" do not
(their keys would find Yes and ISIS, and Tim). The share is ``name_words``' document frequency over ``body``'s."""


def written_as_name(name_articles: int, text_articles: int) -> bool:
    """Whether a word in ``name_articles`` as a name (``name_words``) and in ``text_articles`` (``body``) is
    looked up by its search key too (``NAME_SHARE``; search.js's ``writtenAsName`` is the same)."""
    return not text_articles or name_articles >= NAME_SHARE * text_articles


MIN_TOKEN = 2
"""Shorter words are not indexed."""

# Whoosh's English stop words, but "us" and "may", which name things in news.
STOP_WORDS = frozenset(
    "a an and are as at be by can for from have if in is it not of on or tbd that the this to we when will with yet you your".split()
)

# Folding: a word's Latin letters lose their accents (Zürich, zurich); letters that no
# decomposition takes apart are spelled as below; other scripts keep their marks (й is not и),
# but Russian ё is е, as Russian readers write it.
FOLD = {
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
    "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ı": "i", "ё": "е", "Ё": "Е",
}  # fmt: skip
_LATIN_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def fold(text: str) -> str:
    """``text`` folded as the index and the browser fold every word."""
    if text.isascii():  # most words: nothing to fold
        return text
    kept: list[str] = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.category(ch) == "Mn" and kept and kept[-1] in _LATIN_LETTERS:
            continue
        kept.append(ch)
    return "".join(FOLD.get(ch, ch) for ch in unicodedata.normalize("NFC", "".join(kept)))


TRANSLITERATED = ((0x00A0, 0x04FF), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0xFB00, 0xFB06))
"""The characters the browser spells in Latin letters as unidecode does, for variant keys: Latin
with accents, Greek, Cyrillic, Vietnamese, punctuation, ligatures (not, say, Chinese or Arabic)."""

DOC_FIELDS = ("title", "date", "source", "url", "people", "places", "text")
"""What ``doc/<number>.json`` holds, in this order: what a result shows, its snippet's text included
(one request a result)."""

SCORE_STEPS = 1_000_000
"""Scores are ranked as whole millionths (``ranking_score``): two articles whose TF-IDF sums differ only
in the last bits of a float (the sum's order follows Whoosh's segments, and the browser adds in its
own order) rank as equals, by date, in Python and in the browser alike."""


def ranking_score(score: float) -> int:
    """``score`` as it is compared when ranking (search.js computes it the same way, from meta.json's ``scoreSteps``)."""
    return math.floor(score * SCORE_STEPS + 0.5)


FACET_FILES = 3
"""How many of the people (or places) a page of results offers are counted from their facet files,
beyond those in ``facets/<kind>/common.json``: each file is a request."""

FACET_FIELDS = {"person": "people", "place": "places"}
"""The kinds of name with facet files (``facets/<kind>/...``), and the stored field they come from."""


def facet_file_number(name: str, files: int) -> int:
    """Which of a kind's ``files`` facet files holds ``name`` (lowercased): the CRC-32 of its UTF-8 bytes
    (zlib's), modulo ``files``; search.js computes the same (a test runs both)."""
    return zlib.crc32(name.encode("utf-8")) % files


FIRST_PAGE_HASHES = 7
"""How many places in the filter of first pages a key sets (``first_page_filter``)."""
FIRST_PAGE_BITS_PER_KEY = 10
"""The filter's bits a key (at least): with seven places a key, about one key in a hundred not in it is taken to be."""


def first_page_filter(keys: list[str]) -> str:
    """Which queries have their first page of results in a file (``top/``), as a Bloom filter: the page asks for a
    name's first page with its term files, not after them. Its bits (a power of two, ``FIRST_PAGE_BITS_PER_KEY``
    a key or more), base64; a query's key sets ``FIRST_PAGE_HASHES`` of them (``_filter_places``). A key it
    wrongly holds costs the page a request that finds no file; search.js reads it the same (a test runs both)."""
    size = 64
    while size < len(keys) * FIRST_PAGE_BITS_PER_KEY:
        size *= 2
    bits = bytearray(size // 8)
    for key in keys:
        for place in _filter_places(key, size):
            bits[place >> 3] |= 1 << (place & 7)
    return base64.b64encode(bytes(bits)).decode("ascii")


def in_first_page_filter(key: str, encoded: str) -> bool:
    """Whether ``first_page_filter``'s ``encoded`` bits hold ``key`` (or seem to)."""
    bits = base64.b64decode(encoded)
    return bool(bits) and all(bits[place >> 3] >> (place & 7) & 1 for place in _filter_places(key, len(bits) * 8))


def _filter_places(key: str, size: int) -> list[int]:
    """The filter's places of ``key``: two CRC-32s of its UTF-8 bytes (the second with a byte 1 after them, made odd),
    combined as ``first + n × second``, modulo the filter's bits (double hashing)."""
    data = key.encode("utf-8")
    first, second = zlib.crc32(data), zlib.crc32(data + b"\x01") | 1
    return [(first + n * second) % size for n in range(FIRST_PAGE_HASHES)]


def first_page_key(words: list[str]) -> str:
    """A query's key among the first pages: its words as analysed, a space between (its file: top/<hex key>.json);
    a hyphenated name is one word of them, its parts joined by "-" (rose-lynn)."""
    return " ".join(words)


def declaration() -> dict:
    """The format as meta.json carries it to the browser."""
    return {
        "format": FORMAT,
        "fields": list(SEARCHED_FIELDS),
        "stop": sorted(STOP_WORDS),
        "minsize": MIN_TOKEN,
        "doc": {name: place for place, name in enumerate(DOC_FIELDS)},
        "facets": {kind: DOC_FIELDS.index(field) for kind, field in FACET_FIELDS.items()},
        "facetFiles": FACET_FILES,
        "firstPageHashes": FIRST_PAGE_HASHES,
        "scoreSteps": SCORE_STEPS,
        "nameShare": NAME_SHARE,
        "fold": FOLD,
        "variants": {
            "digraphs": [list(pair) for pair in variants.DIGRAPHS],
            "letters": variants.LETTERS,
            "vowels": variants.VOWELS,
            "wordBreak": variants.WORD_BREAK,
            "short": variants.SHORT_KEY,
            "firstLetters": variants.FIRST_LETTERS,
            "glide": variants.GLIDE.pattern,
            "possessive": variants.POSSESSIVE.pattern,
            "minLetters": variants.MIN_LETTERS,
            "compound": variants.COMPOUND,
            "transliteration": variants.transliteration_table(TRANSLITERATED),
            # entities.cyrillic.dictionary_forms: a declined Cyrillic word's keys are its dictionary forms' too
            "cyrillic": {
                "letters": cyrillic.CYRILLIC.pattern,
                "nounEndings": list(cyrillic.NOUN_ENDINGS),
                "adjectiveEndings": list(cyrillic.ADJECTIVE_ENDINGS),
                "adjectiveStem": cyrillic.ADJECTIVE_STEM,
                "vowels": cyrillic.VOWELS,
                "minStem": cyrillic.MIN_STEM,
            },
        },
    }
