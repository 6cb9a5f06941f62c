"""Russian and Ukrainian names as the text inflects them: Києва, Киеве and Київ are one word.

Names change their endings with the sentence (Зеленский, Зеленского, Зеленському;
Москва, Москве; Київ, Києва). Rules good enough for names, not a grammar: strip
one case ending to find the stem, and guess the dictionary forms a word may be
of. Latin spellings and Cyrillic ones then meet by variant key (``variants``).
"""

from __future__ import annotations

import re

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
CYRILLIC_CAPITALS = "\u0400-\u042f\u0490"
"""Ѐ–Я (Ё, Є, І, Ї among them) and Ґ: the capitals a Cyrillic name starts with."""

NOUN_ENDINGS = tuple("ами ями ові еві ою ею єю ом ем ём ым им ой ей ам ям ах ях ы и і ї а я у ю е".split())
"""Case endings of nouns, longest first (Києва, Москве, Путиным, Одесі)."""
ADJECTIVE_ENDINGS = tuple("ого его ому ему ими ыми ым им ой ая ую ий ый ій ої ою ом ей а у".split())
"""Endings of adjectives, longest first: surnames and places in -ский, -цкий, -ський (Зеленського)."""
ADJECTIVE_NOMINATIVES = ("ий", "ый", "ій", "ой")
ADJECTIVE_STEM = r"[сцз]ь?к$"
"""What a stem ends with before an adjective's ending in a surname or a place (Зеленськ-ого, Донецьк-ий)."""
_ADJECTIVE_STEM = re.compile(ADJECTIVE_STEM)
VOWELS = "аеёиоуыэюяіїє"
_VOWELS = set(VOWELS)
_ALTERNATING = set("оеєиії")
"""Vowels Ukrainian and Russian swap inside a name as it declines (Київ, Києва; Харків, Харкова)."""
_DROPPED = str.maketrans("", "", "ьъ'’")
MIN_STEM = 3
_ENDINGS_LONGEST_FIRST = sorted(set(NOUN_ENDINGS + ADJECTIVE_ENDINGS), key=lambda e: (-len(e), e))


def is_cyrillic(word: str) -> bool:
    return bool(CYRILLIC.search(word))


def stem(word: str) -> str:
    """The word without its case ending (lowercased): Києва and Київ give києв and київ."""
    lowered = word.lower().replace("ё", "е")
    for ending in _ENDINGS_LONGEST_FIRST:
        if lowered.endswith(ending) and len(lowered) - len(ending) >= MIN_STEM:
            return lowered[: -len(ending)]
    return lowered


def skeleton(name: str) -> str:
    """A name's stems with their alternating vowels blanked, which Ukrainian changes within a word (Київ, Києва;
    Харків, Харкова): the key of a place's Cyrillic name."""
    return " ".join(_blanked(stem(word)) for word in name.split())


def skeletons(name: str) -> list[str]:
    """The keys an inflected name may have, its longest ending first: Харкові is Харков-і, not Харк-ові."""
    choices = [list(dict.fromkeys(_blanked(s) for s in _stems(word))) for word in name.split()]
    keys = [""]
    for words in choices:
        keys = [f"{key} {word}".strip() for key in keys for word in words]
    return keys


def _stems(word: str) -> list[str]:
    lowered = word.lower().replace("ё", "е")
    found = [lowered[: -len(e)] for e in _ENDINGS_LONGEST_FIRST if lowered.endswith(e) and len(lowered) - len(e) >= MIN_STEM]
    return found + [lowered]


def _blanked(word: str) -> str:
    return "".join("*" if ch in _ALTERNATING else ch for ch in word.translate(_DROPPED))


def dictionary_forms(word: str) -> list[str]:
    """The word and the dictionary forms it may be an inflection of, most likely first
    (Зеленського: Зеленський; Путина: Путин, Путина; Москве: Москва, Москв). search.js's
    ``dictionaryForms`` is the same rule (tests/search/test_analysis.py runs both)."""
    forms = [word]
    lowered = word.lower()
    for ending in ADJECTIVE_ENDINGS:
        base = word[: -len(ending)]
        if lowered.endswith(ending) and len(base) >= MIN_STEM and _ADJECTIVE_STEM.search(base.lower()):
            forms.append(base + "ий")
            break
    for ending in NOUN_ENDINGS:
        base = word[: -len(ending)]
        if lowered.endswith(ending) and len(base) >= MIN_STEM and base[-1].lower() not in _VOWELS:
            forms += [base, base + "а"]
            break
    return list(dict.fromkeys(forms))


def nominative(word: str) -> str:
    """The word as a name's nominative, where its ending says it is not one (Зеленського: Зеленський)."""
    lowered = word.lower()
    if lowered.endswith(ADJECTIVE_NOMINATIVES[:3]):
        return word
    for ending in ADJECTIVE_ENDINGS[:-2]:  # not a bare -а or -у: Ольга is a nominative
        base = word[: -len(ending)]
        if lowered.endswith(ending) and len(base) >= MIN_STEM and _ADJECTIVE_STEM.search(base.lower()):
            return base + "ий"
    return word


TITLES = frozenset(
    """президент президента президентом президенту прем'єр-міністр премьер-министр прем’єр-міністр міністр министр
    глава голова спикер спікер речник речниця пресс-секретарь прес-секретар посол посланник спецпосланник
    генерал канцлер сенатор депутат лидер лідер мэр мер губернатор командующий командувач патриарх патріарх
    госсекретарь держсекретар советник радник помощник помічник""".split()
)
"""Words before a name that say what the person is ("президент Путин"): lowercase in Cyrillic text."""
SPEECH = frozenset(
    "сказал сказала заявил заявила сообщил сообщила отметил отметила сказав сказала заявив заявила повідомив повідомила зазначив зазначила".split()
)
"""Verbs after a name that make it a person ("Лавров заявил")."""
_RUN = re.compile(
    rf"[{CYRILLIC_CAPITALS}][\u0400-\u04ff'’-]*(?:\s+[{CYRILLIC_CAPITALS}][\u0400-\u04ff'’-]*)*(?:\s+област[\u0430-\u044f\u0456]*)?"
)
"""Capitalised words, and "область" after them in any case (Донецкой области)."""


def runs(text: str) -> list[re.Match]:
    """Runs of capitalised Cyrillic words: where names are."""
    return list(_RUN.finditer(text))


def latin_spellings(word: str) -> list[str]:
    """Latin spellings of a Cyrillic word, to look it up in lists of Latin names (Юлія: Iuliia, Yuliia)."""
    from unidecode import unidecode

    plain = unidecode(word).replace("'", "")
    spellings = [plain, re.sub(r"^I([aeu])", r"Y\1", plain)]
    spellings += [s.replace("ii", "iy") for s in spellings] + [re.sub(r"i[iy]$", "y", s) for s in spellings]
    return list(dict.fromkeys(spellings))


_LETTER = re.compile(r"[^\W\d_]")
_UKRAINIAN_ONLY = set("іїєґІЇЄҐ")
_BELARUSIAN_ONLY = set("ўЎ")


def language_of(text: str) -> str | None:
    """ "uk", "be" or "ru" for a text written mostly in Cyrillic (by the letters only one of them
    has: і, ї, є, ґ are Ukrainian, ў Belarusian); None for any other text: a page's own
    statement of its language is what tells the rest apart."""
    letters = _LETTER.findall(text)
    if not letters or sum(1 for letter in letters if CYRILLIC.match(letter)) * 2 < len(letters):
        return None
    found = set(letters)
    if found & _BELARUSIAN_ONLY:
        return "be"
    return "uk" if found & _UKRAINIAN_ONLY else "ru"
