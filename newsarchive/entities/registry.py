"""The people and places of the whole archive: who and where, in which articles, with whom.

Built from the articles' front matter (``people``, ``places``) at site build
time; the site's entity pages and feeds are drawn from it. Names are resolved
across the archive (``resolve_names``): every spelling of one person or place
meets in one entity, named by its most-used full spelling.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import heapq
import itertools
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from newsarchive.articles import slugify
from newsarchive.entities.extract import PARTICLES
from newsarchive.entities.gazetteer import Gazetteer, default_gazetteer, first_names
from newsarchive.entities.resolve import entity_key
from newsarchive.entities.variants import variant_key
from newsarchive.files import atomic_write_bytes
from newsarchive.pagecache import stable_digest
from newsarchive.text import html_text

KINDS = ("person", "place")


@dataclass(frozen=True)
class ArticleRef:
    """What an entity page needs of an article: its title, date, source, URL and text."""

    key: str  # stable identity (the article file's path)
    title: str
    date: dt.datetime
    source: str
    url: str
    people: tuple[str, ...]
    places: tuple[str, ...]
    text: str = ""
    spelled: Mapping[tuple[str, str], frozenset[str]] | None = None  # ``spellings`` of the text, if found already


@dataclass
class Entity:
    kind: str  # "person" or "place"
    name: str
    slug: str
    articles: list[ArticleRef] = field(default_factory=list)
    spellings: Counter[str] = field(default_factory=Counter)  # spelling -> articles that use it
    geonames_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    ambiguous: tuple[str, ...] = ()  # a lone name the archive cannot tell apart: the entities it may mean

    def spelled(self) -> list[tuple[str, int]]:
        """The spellings the articles use, with how many articles use each: most-used first."""
        return sorted(self.spellings.items(), key=lambda item: (-item[1], item[0]))

    @property
    def url_kind(self) -> str:
        return "people" if self.kind == "person" else "places"

    def by_date(self) -> list[ArticleRef]:
        """Newest first."""
        return sorted(self.articles, key=lambda a: (a.date, a.key), reverse=True)

    def named_with(self, registry: EntityRegistry, kind: str, limit: int = 10) -> list[tuple[Entity, int]]:
        """The people (or places) most often named in the same articles, with how often."""
        counts = Counter(itertools.chain.from_iterable(registry.named_in(article, kind) for article in self.articles))
        if kind == self.kind:
            del counts[self.name]
        best = heapq.nsmallest(limit, counts.items(), key=lambda item: (-item[1], item[0]))
        return [(registry.get(kind, name), n) for name, n in best]

    def months(self) -> list[tuple[str, int]]:
        """Articles per month, from the first month to the last, empty months included."""
        # By (year, month), not by the date's text: Pelican's dates format themselves slowly.
        counts = Counter((a.date.year, a.date.month) for a in self.articles)
        if not counts:
            return []
        (year, month), last = min(counts), max(counts)
        months = []
        while (year, month) <= last:
            months.append((f"{year:04d}-{month:02d}", counts.get((year, month), 0)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


def article_states(registry: EntityRegistry, page_of: Callable[[Entity], str | None]) -> dict[str, str]:
    """What an entity's page shows of each article, as a digest by the article's key: its line in the
    list (address, title, date, source) and the people and places it names with their pages, of which
    the page's neighbours and their links are counted. Made once a build, for every page's inputs."""
    states = {}
    for article in registry.articles:
        named = [[[name, page_of(registry.get(kind, name))] for name in sorted(registry.named_in(article, kind))] for kind in KINDS]
        shown = [article.url, article.title, article.date.isoformat(), article.source, named]
        states[article.key] = stable_digest(shown)
    return states


def entity_page_inputs(entity: Entity, states: Mapping[str, str], feed: str | None) -> dict:
    """Everything an entity's page shows (theme/templates/entity.html), as data: its fingerprint's part (``pagecache``).

    Its articles' ``article_states`` stand for the list, the timeline and the neighbours, which are
    made of them: a build sees which pages changed without counting any page's neighbours.
    """
    return {
        "entity": [entity.kind, entity.name, entity.slug, entity.geonames_id, list(entity.ambiguous), entity.spelled()],
        "articles": [states[article.key] for article in entity.articles],
        "feed": feed,
    }


class EntityRegistry:
    """Every person and place the articles name, by kind and canonical name."""

    def __init__(self, articles: list[ArticleRef], gazetteer: Gazetteer | None = None):
        self._gazetteer = gazetteer or default_gazetteer()
        self._entities: dict[tuple[str, str], Entity] = {}  # (kind, canonical name) -> entity
        self._canonical: dict[tuple[str, str], str] = {}  # (kind, any name) -> canonical name
        ambiguous: dict[tuple[str, str], tuple[str, ...]] = {}
        for kind in KINDS:
            counts = Counter(name for article in articles for name in set(article.people if kind == "person" else article.places))
            canonical, unresolved = resolve_names(kind, counts, self._gazetteer)
            self._canonical.update({(kind, name): target for name, target in canonical.items()})
            ambiguous.update({(kind, name): options for name, options in unresolved.items()})
        slugs: dict[tuple[str, str], str] = {}
        self._named_in: dict[tuple[str, str], frozenset[str]] = {}  # (kind, article key) -> the entities' names
        self.articles = sorted(articles, key=lambda a: (a.date, a.key))  # oldest first, as each entity lists them
        for article in self.articles:
            spelled = (
                article.spelled if article.spelled is not None else spellings(article.text, article.people, article.places, self._gazetteer)
            )
            for kind, names in (("person", article.people), ("place", article.places)):
                # Each entity the article names, with every spelling it uses for it: counted once an article.
                named: dict[str, set[str]] = {}
                for name in names:
                    named.setdefault(self._canonical[(kind, name)], set()).update(spelled[(kind, name)])
                self._named_in[(kind, article.key)] = frozenset(named)
                for target, spelled_as in named.items():
                    entity = self._entities.get((kind, target))
                    if entity is None:
                        entity = self._new(kind, target, slugs)
                        entity.ambiguous = ambiguous.get((kind, target), ())
                    entity.articles.append(article)
                    for spelling in spelled_as:
                        entity.spellings[spelling] += 1

    def _new(self, kind: str, name: str, slugs: dict[tuple[str, str], str]) -> Entity:
        slug = slugify(name)
        if slugs.get((kind, slug)):  # two names, one slug: the later gets its key as well
            slug = f"{slug}-{variant_key(name).replace(' ', '-').lower()}"
        slugs[(kind, slug)] = name
        entity = Entity(kind=kind, name=name, slug=slug)
        if kind == "place":
            place = next(iter(self._gazetteer.lookup(name)), None)
            if place is not None:
                entity.geonames_id = place.id.removeprefix("geonames:") if place.id.startswith("geonames:") else None
                entity.latitude, entity.longitude = place.lat, place.lon
        self._entities[(kind, name)] = entity
        return entity

    def get(self, kind: str, name: str) -> Entity:
        """The entity a name (any spelling the archive has) belongs to."""
        return self._entities[(kind, self._canonical.get((kind, name), name))]

    def named_in(self, article: ArticleRef, kind: str) -> frozenset[str]:
        """The names of the entities of ``kind`` that ``article`` names (found once, for every page that counts them)."""
        return self._named_in[(kind, article.key)]

    def of_kind(self, kind: str) -> list[Entity]:
        """Most-named first, then A–Z."""
        return sorted((e for (k, _), e in self._entities.items() if k == kind), key=lambda e: (-len(e.articles), e.name))

    def alphabetical(self, kind: str) -> list[Entity]:
        return sorted((e for (k, _), e in self._entities.items() if k == kind), key=lambda e: (e.name.casefold(), e.name))

    def by_letter(self, kind: str) -> dict[str, list[Entity]]:
        """A–Z by first letter (``first_letter``): a to z, then the names of other letters."""
        letters: dict[str, list[Entity]] = {}
        for entity in self.alphabetical(kind):
            letters.setdefault(first_letter(entity.name), []).append(entity)
        return dict(sorted(letters.items(), key=lambda item: (item[0] == OTHER_LETTERS, item[0])))


OTHER_LETTERS = "other"


def first_letter(name: str) -> str:
    """The letter an A–Z list files a name under: its first, accents aside (Ólafur is o), or
    ``OTHER_LETTERS`` for a name that does not begin with a Latin letter (Володимир, 1st Battalion)."""
    letter = unicodedata.normalize("NFKD", name[:1]).casefold()[:1]
    return letter if "a" <= letter <= "z" else OTHER_LETTERS


def resolve_names(kind: str, counts: Counter[str], gazetteer: Gazetteer) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Which entity each name of ``kind`` means across the archive (``counts``: articles naming it).

    Returns each name's canonical name (the most-used full spelling of its entity), and the
    lone names that stay apart because several entities could be meant, with those entities.
    People: full names meet by variant key (Zelensky, Zelenskyy, Zelenskiy); a shorter given
    name meets the one it begins (Tim Morrison, Timothy Morrison), a name with middle initials
    the same name without them, an initial the given name it begins (B. U. Nzeribe, Benjamin
    Nzeribe) and a lone surname its full name (Trump, Donald Trump; Van Der Beek, James Van
    Der Beek), only where the archive has exactly one candidate.
    Places: by the gazetteer's place, else by variant key.
    """
    if kind == "place":
        groups = _grouped(counts, lambda name: entity_key(name, "place", gazetteer))
        return _named(groups, counts), {}
    lone_surnames = _surnames_alone([name for name in counts if len(name.split()) > 1])
    full = Counter({name: n for name, n in counts.items() if len(name.split()) > 1 and name not in lone_surnames})
    groups = _grouped(full, variant_key)
    # Sonya A. Zoghlin into Sonya Zoghlin, when the archive has no other Sonya ?. Zoghlin
    # (George Bush stays apart from George W. and George H. W. Bush).
    initialled: dict[str, list[str]] = {}
    for key, members in groups.items():
        bare = variant_key(_without_middle_initials(members[0]))
        if bare != key and bare in groups:
            initialled.setdefault(bare, []).append(key)
    for bare, keys in initialled.items():
        if len(keys) == 1:
            groups[bare] += groups.pop(keys[0])
    by_surname: dict[str, list[str]] = {}
    for key, members in groups.items():
        by_surname.setdefault(variant_key(_surname(members[0])), []).append(key)
    for keys in by_surname.values():  # Tim Morrison into Timothy Morrison, when only one Timothy Morrison
        given = {k: _given(groups[k][0]) for k in keys}
        # By given name: the names a given name begins are together (found by bisection,
        # not by trying every pair: a common surname has hundreds of given names).
        ordered = sorted(keys, key=lambda k: (given[k], k))
        givens = [given[k] for k in ordered]
        for short in sorted(keys, key=lambda k: len(given[k])):
            start = bisect.bisect_left(givens, given[short])
            end = bisect.bisect_left(givens, given[short] + "{")  # "{" follows "z": past every given name it begins
            longer = [k for k in ordered[start:end] if k != short and k in groups and _begins(given[k], given[short])]
            if short in groups and len(longer) == 1:
                groups[longer[0]] += groups.pop(short)
        # B. U. Nzeribe into Benjamin Nzeribe, when only one of the surname's given names begins with B.
        for key in keys:
            if key in groups and _INITIAL.fullmatch(groups[key][0].split()[0]):
                letter = groups[key][0][0].lower()
                spelled = [k for k in keys if k in groups and k != key and not _INITIAL.fullmatch(groups[k][0].split()[0])]
                matching = [k for k in spelled if given[k].startswith(letter)]
                if len(matching) == 1:
                    groups[matching[0]] += groups.pop(key)
    canonical = _named(groups, counts)
    ambiguous: dict[str, tuple[str, ...]] = {}
    for name in sorted(set(counts) - set(full)):
        if name in lone_surnames:
            ending = " " + variant_key(name)
            keys = [k for k in by_surname.get(variant_key(_surname(name)), ()) if k in groups]
            options = sorted({canonical[groups[k][0]] for k in keys if any(variant_key(m).endswith(ending) for m in groups[k])})
        else:
            options = sorted({canonical[groups[k][0]] for k in by_surname.get(variant_key(name), ()) if k in groups})
        if len(options) == 1:
            canonical[name] = options[0]
        else:
            canonical[name] = name
            if options:
                ambiguous[name] = tuple(options)
    return canonical, ambiguous


def family_key(name: str) -> str:
    """The variant key of a person's family name: ``resolve_names`` joins only names that share it.

    So the people of one family key, resolved alone, resolve as among the whole archive's: an
    update resolves again only the family keys whose names it changed."""
    return variant_key(_surname(name))


def _surnames_alone(names: list[str]) -> set[str]:
    """The names that are a family name of several words alone ("Van Der Beek", "Eriksson Ek"): they
    begin with a particle or a word that is no given name, and end another name of the archive."""
    given = first_names()
    alone = {name.casefold(): name for name in names if name.split()[0].casefold() in PARTICLES or name.split()[0] not in given}
    found = set()
    for name in names:  # compared as written, less case: a variant key for each of 100,000 names costs a second
        words = name.casefold().split()
        found.update(alone[ending] for ending in (" ".join(words[i:]) for i in range(1, len(words) - 1)) if ending in alone)
    return found


def _grouped(counts: Iterable[str], key) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for name in sorted(counts):
        groups.setdefault(key(name) or name, []).append(name)
    return groups


def _named(groups: dict[str, list[str]], counts: Counter[str]) -> dict[str, str]:
    """Each member's canonical name: its group's most-used spelling (the first A–Z among equals)."""
    canonical = {}
    for members in groups.values():
        best = min(members, key=lambda name: (-counts[name], name))
        canonical.update(dict.fromkeys(members, best))
    return canonical


def _given(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.split()[0].lower())


_INITIAL = re.compile(r"[A-Z]\.?")
_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})


def _surname(name: str) -> str:
    """The family name: the last word but a suffix ("Carlineo" of "Patrick W. Carlineo Jr.")."""
    words = name.split()
    return words[-2] if len(words) > 2 and words[-1] in _SUFFIXES else words[-1]


def _without_middle_initials(name: str) -> str:
    """The name without the initials between its given name and its surname ("Sonya A. Zoghlin": "Sonya Zoghlin")."""
    words = name.split()
    return " ".join([words[0], *(w for w in words[1:-1] if not _INITIAL.fullmatch(w)), words[-1]])


def _begins(longer: str, shorter: str) -> bool:
    return len(shorter) >= 3 and len(longer) > len(shorter) and longer.startswith(shorter)


def spellings(text: str, people: Iterable[str], places: Iterable[str], gazetteer: Gazetteer) -> dict[tuple[str, str], frozenset[str]]:
    """How ``text`` spells each person and place it names, the name as named among them: (kind, name) -> spellings."""
    return {
        (kind, name): frozenset({name} | spellings_in(text, name, kind, gazetteer))
        for kind, names in (("person", people), ("place", places))
        for name in names
    }


class SpellingsCache:
    """Each article's ``spellings`` kept between builds in ``file``, by the digest of its HTML and names.

    Finding them takes the text out of the article's HTML and looks for every name in it:
    0.2 ms an article, 2 s of every build at 10,000 articles. ``fingerprint`` (the package's:
    the code and the gazetteer) changes, and they are all found again.
    """

    def __init__(self, file: Path, fingerprint: str):
        self.file = file
        self.fingerprint = fingerprint
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            self._old = data["articles"] if data["fingerprint"] == fingerprint else {}
        except (OSError, ValueError, KeyError, TypeError):
            self._old = {}
        self._now: dict[str, list] = {}

    def of(
        self, html: str, people: tuple[str, ...], places: tuple[str, ...], gazetteer: Gazetteer
    ) -> dict[tuple[str, str], frozenset[str]]:
        """The article's ``spellings``: kept, or found in its text."""
        key = hashlib.sha256(json.dumps([html, people, places]).encode("utf-8")).hexdigest()
        found = self._now.get(key) or self._old.get(key)
        if found is None:
            found = [
                [kind, name, sorted(spelled)] for (kind, name), spelled in spellings(html_text(html), people, places, gazetteer).items()
            ]
        self._now[key] = found
        return {(kind, name): frozenset(spelled) for kind, name, spelled in found}

    def save(self) -> None:
        """Keep this build's articles' spellings (only theirs) for the next."""
        data = {"fingerprint": self.fingerprint, "articles": dict(sorted(self._now.items()))}
        self.file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(self.file, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), durable=False)


def spellings_in(text: str, name: str, kind: str, gazetteer: Gazetteer) -> set[str]:
    """How ``text`` spells the entity: its name, known aliases, and words with the same variant key."""
    found = set()
    candidates = {name}
    if kind == "place":
        for place in gazetteer.lookup(name)[:1]:
            candidates |= {place.name, *place.aliases}
    for candidate in candidates:
        if len(candidate) > 2 and candidate in text and _whole_word(candidate).search(text):
            found.add(candidate)
    distinctive = [w for w in name.split() if w not in ("Oblast", "County", "Region")]
    if distinctive:
        found |= _capitalised_by_key(text).get(variant_key(distinctive[-1]), set())
    return found


@functools.lru_cache(maxsize=1 << 14)
def _whole_word(text: str) -> re.Pattern:
    return re.compile(rf"(?<![\w.]){re.escape(text)}(?![\w])")


@functools.lru_cache(maxsize=4)  # an article's entities are looked for one after another
def _capitalised_by_key(text: str) -> dict[str, set[str]]:
    """The capitalised words of ``text`` (less a possessive 's) by variant key: read once an article, not once a name."""
    by_key: dict[str, set[str]] = {}
    for word in re.findall(r"\b[A-Z][\w'’-]+", text):
        by_key.setdefault(variant_key(word), set()).add(re.sub(r"['’]s$", "", word))
    return by_key
