"""The gazetteer: places by every name news uses for them (GeoNames data, CC BY 4.0)."""

from __future__ import annotations

import functools
import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from newsarchive.entities import cyrillic

DATA = Path(__file__).resolve().parent / "data"
ALWAYS_KINDS = ("country", "continent", "region", "sea", "admin1", "county")
RUSSIAN_SPOKEN = frozenset("UA RU BY MD KZ KG UZ TJ TM GE AM AZ".split())
"""Countries whose towns' Russian or Ukrainian names, and their Latin spellings, are local names."""


@dataclass(frozen=True)
class Place:
    id: str  # "geonames:703448", or "curated:..." for places GeoNames does not list as such
    name: str  # canonical: GeoNames' English name
    kind: str  # country, continent, region, sea, admin1, city
    country: str | None
    population: int
    lat: float | None
    lon: float | None
    aliases: tuple[str, ...]


class Gazetteer:
    """Places by name (case-insensitive)."""

    def __init__(self, places: list[Place]):
        self.places = places
        self._by_name: dict[str, list[Place]] = {}
        for place in places:
            for name in {place.name, *place.aliases}:
                self._by_name.setdefault(name.casefold(), []).append(place)
        for found in self._by_name.values():
            if len(found) > 1:  # (6,000 of 106,000 names: the sort's setup cost most of this loop)
                found.sort(key=lambda p: (p.kind not in ALWAYS_KINDS, -p.population, p.id))
        self._by_prefix: dict[str, list[Place]] = {}
        for place in places:
            if place.kind in ALWAYS_KINDS:
                for name in {place.name, *place.aliases}:
                    self._by_prefix.setdefault(name[:4].casefold(), []).append(place)

    def lookup(self, name: str) -> list[Place]:
        """Every place called ``name``, most important first (countries and regions, then by population)."""
        return list(self._by_name.get(name.casefold(), ()))

    def lookup_inflected(self, name: str) -> list[Place]:
        """Every place a Cyrillic ``name`` names in any case (Києва, Киеве: Kyiv), most important first.
        An abbreviation (США, РФ) does not decline: МИД is no case of Мед."""
        if name.isupper():
            return self.lookup(name)
        for key in cyrillic.skeletons(name):
            if key in self._by_skeleton:
                return list(self._by_skeleton[key])
        return []

    @functools.cached_property
    def _by_skeleton(self) -> dict[str, list[Place]]:
        found: dict[str, list[Place]] = {}
        for place in self.places:
            # A lone adjective (Артемівський, a district) would take its town's cases (Артемівськ).
            named = [
                name
                for name in place.aliases
                if cyrillic.is_cyrillic(name) and not (" " not in name and name.endswith(cyrillic.ADJECTIVE_NOMINATIVES))
            ]
            for key in {cyrillic.skeleton(name) for name in named}:
                found.setdefault(key, []).append(place)
        for places in found.values():
            places.sort(key=lambda p: (p.kind not in ALWAYS_KINDS, -p.population, p.id))
        return found

    def lookup_prefix(self, prefix: str) -> list[Place]:
        """Countries and regions with a name starting with these four letters (for demonyms)."""
        return self._by_prefix.get(prefix[:4].casefold(), [])

    def by_id(self, ident: str) -> Place | None:
        return next((p for p in self.places if p.id == ident), None)


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer shipped with newsarchive (`invoke gazetteer` regenerates it)."""
    rows = json.loads(gzip.decompress((DATA / "gazetteer.json.gz").read_bytes()))
    return Gazetteer([Place(r[0], r[1], r[2], r[3], r[4], r[5], r[6], tuple(r[7])) for r in rows])


@functools.cache
def first_names() -> frozenset[str]:
    """Given names of many languages (from gender-guesser's list)."""
    return frozenset(gzip.decompress((DATA / "first-names.txt.gz").read_bytes()).decode("utf-8").split())
