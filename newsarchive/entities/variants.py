"""Variant keys: one key for the spellings of one name, different keys for look-alikes.

News spells names from Cyrillic in many systems (Zaporizhzhia, Zaporizhzhya,
Zaporozhye; Zelenskyy, Zelensky, Zelenskiy; Kharkiv, Kharkov). The key keeps
what these systems agree on, the consonants, spelled one way, and drops what
they disagree on, the vowels (noting only whether the word ends in one), so that
Niger and Nigeria, Kharkiv and Kherson, Kiev and Kiel keep different keys.
"""

from __future__ import annotations

import functools
import re

from unidecode import unidecode

from newsarchive.entities import cyrillic

# Digraphs first, each to one letter of its own, so that "zh" never meets "z" + "h".
DIGRAPHS = (
    ("shch", "Q"),
    ("sch", "Q"),
    ("zh", "J"),
    ("kh", "X"),
    ("ch", "C"),
    ("sh", "S"),
    ("ts", "T"),
    ("tz", "T"),
    ("ck", "k"),
    ("ph", "f"),
    ("th", "t"),
    ("x", "ks"),
)
# Ukrainian h is Russian g (Luhansk, Lugansk; Oleh, Oleg); w and v, q and k are one sound.
LETTERS = {"g": "h", "w": "v", "q": "k", "c": "k"}
VOWELS = "aeiouy"
WORD_BREAK = r"[\s\-–]+"
"""Where a name is cut into words (spaces, hyphens, dashes): each word has its key."""
_LETTERS = str.maketrans(LETTERS)
_VOWELS = set(VOWELS)


def variant_key(name: str) -> str:
    """The key of a name (one word or several): words' keys joined by spaces."""
    return " ".join(key for key in (_word_key(word) for word in re.split(WORD_BREAK, name)) if key)


def inflected_keys(word: str) -> set[str]:
    """The keys of one word as text has it: a Cyrillic word's keys are those of the dictionary
    forms it may be a case of (Зеленського: Зеленський), so that Zelensky finds it."""
    forms = cyrillic.dictionary_forms(word) if cyrillic.is_cyrillic(word) else [word]
    return {key for form in forms if (key := variant_key(form))}


def transliteration_table(ranges: tuple[tuple[int, int], ...]) -> list[list]:
    """unidecode's Latin spelling of every character in ``ranges`` (first and last code point):
    ``[[first, [spelling, ...]], ...]``, as the site's search reads it to make the same keys."""
    return [[first, [unidecode(chr(code)) for code in range(first, last + 1)]] for first, last in ranges]


@functools.lru_cache(maxsize=1 << 16)  # an archive's names share their words: each word's key is worked out once
def _word_key(word: str) -> str:
    text = re.sub(r"[^a-z]", "", unidecode(word).lower())
    if not text:
        return ""
    ends_in_vowel = text[-1] in _VOWELS
    for digraph, letter in DIGRAPHS:
        text = text.replace(digraph, letter)
    text = text.translate(_LETTERS)
    consonants = [ch for ch in text if ch not in _VOWELS]
    collapsed = [ch for n, ch in enumerate(consonants) if n == 0 or ch != consonants[n - 1]]
    return "".join(collapsed) + ("V" if ends_in_vowel else "")
