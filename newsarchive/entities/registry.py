"""The people and places of the whole archive: who and where, in which articles, with whom.

Built from the articles' front matter (``people``, ``places``) at site build
time; the site's entity pages and feeds are drawn from it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from newsarchive.articles import slugify
from newsarchive.entities.gazetteer import Gazetteer, default_gazetteer
from newsarchive.entities.variants import variant_key

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


@dataclass
class Entity:
    kind: str  # "person" or "place"
    name: str
    slug: str
    articles: list[ArticleRef] = field(default_factory=list)
    spellings: set[str] = field(default_factory=set)
    geonames_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None

    @property
    def url_kind(self) -> str:
        return "people" if self.kind == "person" else "places"

    def by_date(self) -> list[ArticleRef]:
        """Newest first."""
        return sorted(self.articles, key=lambda a: (a.date, a.key), reverse=True)

    def named_with(self, registry: EntityRegistry, kind: str, limit: int = 10) -> list[tuple[Entity, int]]:
        """The people (or places) most often named in the same articles, with how often."""
        counts: Counter[str] = Counter()
        for article in self.articles:
            for name in article.people if kind == "person" else article.places:
                if not (kind == self.kind and name == self.name):
                    counts[name] += 1
        return [(registry.get(kind, name), n) for name, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]]

    def months(self) -> list[tuple[str, int]]:
        """Articles per month, from the first month to the last, empty months included."""
        counts = Counter(f"{a.date:%Y-%m}" for a in self.articles)
        if not counts:
            return []
        year, month = map(int, min(counts).split("-"))
        last = max(counts)
        months = []
        while f"{year:04d}-{month:02d}" <= last:
            label = f"{year:04d}-{month:02d}"
            months.append((label, counts.get(label, 0)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


class EntityRegistry:
    """Every person and place the articles name, by kind and canonical name."""

    def __init__(self, articles: list[ArticleRef], gazetteer: Gazetteer | None = None):
        self._gazetteer = gazetteer or default_gazetteer()
        self._entities: dict[tuple[str, str], Entity] = {}
        slugs: dict[tuple[str, str], str] = {}
        for article in sorted(articles, key=lambda a: (a.date, a.key)):
            for kind, names in (("person", article.people), ("place", article.places)):
                for name in names:
                    entity = self._entities.get((kind, name))
                    if entity is None:
                        entity = self._new(kind, name, slugs)
                    entity.articles.append(article)
                    entity.spellings |= spellings_in(article.text, name, kind, self._gazetteer)

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
        return self._entities[(kind, name)]

    def of_kind(self, kind: str) -> list[Entity]:
        """Most-named first, then A–Z."""
        return sorted((e for (k, _), e in self._entities.items() if k == kind), key=lambda e: (-len(e.articles), e.name))

    def alphabetical(self, kind: str) -> list[Entity]:
        return sorted((e for (k, _), e in self._entities.items() if k == kind), key=lambda e: (e.name.casefold(), e.name))


def spellings_in(text: str, name: str, kind: str, gazetteer: Gazetteer) -> set[str]:
    """How ``text`` spells the entity: its name, known aliases, and words with the same variant key."""
    found = set()
    candidates = {name}
    if kind == "place":
        for place in gazetteer.lookup(name)[:1]:
            candidates |= {place.name, *place.aliases}
    for candidate in candidates:
        if len(candidate) > 2 and re.search(rf"(?<![\w.]){re.escape(candidate)}(?![\w])", text):
            found.add(candidate)
    distinctive = [w for w in name.split() if w not in ("Oblast", "County", "Region")]
    if distinctive:
        keys = {variant_key(distinctive[-1])}
        for word in re.findall(r"\b[A-Z][\w'’-]+", text):
            if variant_key(word) in keys:
                found.add(re.sub(r"['’]s$", "", word))
    return found
