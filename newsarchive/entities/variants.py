"""Variant keys: one key for the spellings of one name, different keys for look-alikes.

News spells names from Cyrillic in many systems (Zaporizhzhia, Zaporizhzhya,
Zaporozhye; Zelenskyy, Zelensky, Zelenskiy; Kharkiv, Kharkov). The key keeps
what these systems agree on, the consonants, spelled one way, and drops what
they disagree on, the vowels (noting only whether the word ends in one), so that
Niger and Nigeria, Kharkiv and Kherson, Kiev and Kiel keep different keys.
"""

from __future__ import annotations

import re

from unidecode import unidecode

# Digraphs first, each to one letter of its own, so that "zh" never meets "z" + "h".
_DIGRAPHS = (
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
_LETTERS = str.maketrans({"g": "h", "w": "v", "q": "k", "c": "k"})
_VOWELS = set("aeiouy")


def variant_key(name: str) -> str:
    """The key of a name (one word or several): words' keys joined by spaces."""
    return " ".join(key for key in (_word_key(word) for word in re.split(r"[\s\-–]+", name)) if key)


def _word_key(word: str) -> str:
    text = re.sub(r"[^a-z]", "", unidecode(word).lower())
    if not text:
        return ""
    ends_in_vowel = text[-1] in _VOWELS
    for digraph, letter in _DIGRAPHS:
        text = text.replace(digraph, letter)
    text = text.translate(_LETTERS)
    consonants = [ch for ch in text if ch not in _VOWELS]
    collapsed = [ch for n, ch in enumerate(consonants) if n == 0 or ch != consonants[n - 1]]
    return "".join(collapsed) + ("V" if ends_in_vowel else "")
