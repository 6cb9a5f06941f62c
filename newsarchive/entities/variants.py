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
import string
from collections.abc import Callable

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
SHORT_KEY = 4
"""A search key of fewer consonants than this also keeps the word's first two letters (e, i and y
as one: Kyiv, Kiev), so that Yukos (ks) does not find UK's, Keys or Cox, nor Rooney (rnV) Irina,
nor Paris (prs) Press, nor Canada (kndV) Kennedy: on real news text three consonants still met
ordinary words (Singh: Using, Sang; Ukraine: Karena), four rarely do."""
FIRST_LETTERS = {"e": "i", "y": "i"}
GLIDE = re.compile(r"^y(?=e)")
"""A first y before e is left out of the first letters: Yevgeny and Evgeny, Yermak and Ermak (a Є or Е
begins with it in one transliteration and not in another). Not before other vowels: Ian is not Ann."""
POSSESSIVE = re.compile(r"['’][sS]?$")
"""A possessive's ending, which a search key leaves out: Kiev finds Kyiv's."""
MIN_LETTERS = 2
"""A word of fewer letters has no search key: an initial (A., J.) is not a spelling of a name."""
COMPOUND = "-"
"""Joins the search keys of a hyphenated word's parts into one more key (ki_klrV-si_slk, Kilroy-Silk):
a search for the name finds it whole, not its parts apart."""
_WORD_BREAK = re.compile(WORD_BREAK)
_LETTERS = str.maketrans(LETTERS)
_VOWELS = set(VOWELS)


@functools.lru_cache(maxsize=1 << 18)  # (an archive's names are keyed again by each export and build: 370,000 times at 100,000 articles)
def variant_key(name: str) -> str:
    """The key of a name (one word or several): words' keys joined by spaces."""
    return " ".join(key for key in map(_word_key, _WORD_BREAK.split(name)) if key)


def search_keys(name: str) -> list[str]:
    """The keys a search matches a name's words by, a word each: its variant key, and for a short
    key (SHORT_KEY) the word's first letters too, as ``ki_kv`` for Kyiv and Kiev."""
    return [key for key in (_search_key(word) for word in re.split(WORD_BREAK, name)) if key]


def compound_key(keys: list[str]) -> str:
    """The one key of a hyphenated word's parts' keys: what a search for the word looks up."""
    return COMPOUND.join(keys)


@functools.lru_cache(maxsize=1 << 16)  # (every capitalised word of every article indexed, and of every snippet)
def inflected_keys(word: str) -> frozenset[str]:
    """The search keys of one word as text has it (a hyphenated word's parts', and their
    compound key): a Cyrillic word's are those of the dictionary forms it may be a case of
    (Зеленського: Зеленський), so that Zelensky finds it."""
    keys: set[str] = set()
    for form in cyrillic.dictionary_forms(word) if cyrillic.is_cyrillic(word) else [word]:
        parts = search_keys(form)
        keys.update(parts)
        if len(parts) > 1:
            keys.add(compound_key(parts))
    return frozenset(keys)


_CONTINUATIONS = tuple(sorted({digraph[1:] for digraph, _ in DIGRAPHS} | {""}))
"""What may follow a word's first letter, for what its key's spelling begins with: the rest of each digraph, or nothing."""


@functools.cache
def key_beginnings(key: str) -> tuple[tuple[str, str], ...]:
    """How a word must begin for ``key`` (one of ``search_keys``) to be one of its ``inflected_keys``, if
    it begins with a letter of ASCII's: pairs of capitals it may begin with and a pattern of what must
    follow (its case aside). A key with first letters begins with a capital of those; a key without
    (four consonants or more) with one of its first consonant, or with vowels, then a letter of that
    consonant (the key leaves the vowels out, and digits and apostrophes: Avdiivka's is vdvk).

    A snippet looks for other spellings of a name only at words that begin so (a test asks every short word).
    """
    if "_" in key:  # (a short key: its first letters, as ``_search_key`` writes them)
        head = key[0]
        return ((_capitals(lambda word: _search_key(word)[:1] == head), ""),)
    consonants = _capitals(lambda word: _spelled(word)[0][:1] == key[:1])
    vowels = VOWELS.upper()
    return ((consonants, ""), (vowels, f"[{VOWELS}0-9_'’]*[{consonants.lower()}]"))


def _capitals(begins: Callable[[str], bool]) -> str:
    """The capitals that ``begins`` holds true of, with a vowel after them or the rest of a digraph and a vowel."""
    return "".join(letter for letter in string.ascii_uppercase if any(begins(letter + then + "a") for then in _CONTINUATIONS))


def transliteration_table(ranges: tuple[tuple[int, int], ...]) -> list[list]:
    """unidecode's Latin spelling of every character in ``ranges`` (first and last code point):
    ``[[first, [spelling, ...]], ...]``, as the site's search reads it to make the same keys."""
    return [[first, [unidecode(chr(code)) for code in range(first, last + 1)]] for first, last in ranges]


def _word_key(word: str) -> str:
    return _spelled(word)[1]


@functools.lru_cache(maxsize=1 << 16)
def _search_key(word: str) -> str:
    spelled, key = _spelled(POSSESSIVE.sub("", word))
    if len(spelled) < MIN_LETTERS:
        return ""
    if sum(ch != "V" for ch in key) >= SHORT_KEY:
        return key
    return "".join(FIRST_LETTERS.get(ch, ch) for ch in GLIDE.sub("", spelled)[:2]) + "_" + key


@functools.lru_cache(maxsize=1 << 16)  # an archive's names share their words: each word's key is worked out once
def _spelled(word: str) -> tuple[str, str]:
    """The word in the key's letters (digraphs as one letter, vowels kept), and its key."""
    text = re.sub(r"[^a-z]", "", unidecode(word).lower())
    if not text:
        return "", ""
    ends_in_vowel = text[-1] in _VOWELS
    for digraph, letter in DIGRAPHS:
        text = text.replace(digraph, letter)
    text = text.translate(_LETTERS)
    consonants = [ch for ch in text if ch not in _VOWELS]
    collapsed = [ch for n, ch in enumerate(consonants) if n == 0 or ch != consonants[n - 1]]
    return text, "".join(collapsed) + ("V" if ends_in_vowel else "")
