"""The user's corrections to people and places, from one YAML file (``entities.yml``).

```yaml
people:
  merge:                      # names of one person: the first is kept
    - [Volodymyr Zelenskyy, Volodymyr Zelensky]
  alias:                      # a spelling that names the person wherever it appears
    Steve Witkoff: [Steven Witkoff]
  rename:
    Bob Iger: Robert Iger
  drop: [Mary Poppins]        # not a person
places:
  alias:
    Rukban: [the Berm]
  drop: [Columbia]
```

They are applied when articles are converted, so the front matter, the site
and the search index agree; the next build applies a change everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from newsarchive.entities.extract import Entities
from newsarchive.errors import NewsarchiveError

SECTIONS = {"people": "person", "places": "place"}
ACTIONS = ("merge", "alias", "rename", "drop")


class CorrectionsError(NewsarchiveError):
    """The corrections file cannot be used; the message names it and the problem."""


@dataclass(frozen=True)
class KindCorrections:
    canonical: dict[str, str] = field(default_factory=dict)  # any name → the name to use
    dropped: frozenset[str] = frozenset()
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # canonical → spellings

    def apply(self, names: tuple[str, ...], text: str, used: set[tuple[str, str]] | None = None) -> tuple[str, ...]:
        """The names as the user wants them; ``used`` gathers the entries that matched (see ``entries``)."""
        used = set() if used is None else used
        result = []
        for name in names:
            if name in self.canonical:
                used.add(("merge or rename", name))
            name = self.canonical.get(name, name)
            if name in self.dropped:
                used.add(("drop", name))
            elif name not in result:
                result.append(name)
        for name, spellings in self.aliases.items():
            if any(_names(spelling, text) for spelling in spellings):
                used.add(("alias", name))
                if name not in result and name not in self.dropped:
                    result.append(name)
        return tuple(result)

    def entries(self) -> set[tuple[str, str]]:
        """Every name the user's corrections act on, as (action, name)."""
        return (
            {("merge or rename", name) for name in self.canonical}
            | {("drop", name) for name in self.dropped}
            | {("alias", name) for name in self.aliases}
        )


@dataclass(frozen=True)
class Corrections:
    people: KindCorrections = KindCorrections()
    places: KindCorrections = KindCorrections()

    def apply(self, entities: Entities, text: str, used: set[tuple[str, str, str]] | None = None) -> Entities:
        """The entities as the user wants them; ``used`` gathers the corrections that matched something."""
        people_used: set[tuple[str, str]] = set()
        places_used: set[tuple[str, str]] = set()
        corrected = Entities(
            people=self.people.apply(entities.people, text, people_used), places=self.places.apply(entities.places, text, places_used)
        )
        if used is not None:
            used |= {("people", *entry) for entry in people_used} | {("places", *entry) for entry in places_used}
        return corrected

    def unused(self, used: set[tuple[str, str, str]]) -> list[str]:
        """One line for each correction that matched nothing (``used``: what ``apply`` gathered over the archive)."""
        every = {("people", *entry) for entry in self.people.entries()} | {("places", *entry) for entry in self.places.entries()}
        return [f"{section}: {action} {name!r} matched no name in any article" for section, action, name in sorted(every - used)]

    @property
    def fingerprint(self) -> str:
        """Changes whenever the corrections do (for the search index's change detection)."""
        return repr(self)

    def aliases_of(self, kind: str, name: str) -> tuple[str, ...]:
        """The other names of an entity (merged ones and aliases), for search."""
        section = self.people if kind == "person" else self.places
        others = {other for other, canonical in section.canonical.items() if canonical == name and other != name}
        return tuple(sorted(others | set(section.aliases.get(name, ()))))


NO_CORRECTIONS = Corrections()


def _names(spelling: str, text: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(spelling)}(?![\w])", text) is not None


def load_corrections(path: Path) -> Corrections:
    """Read ``entities.yml``; a missing file means no corrections."""
    if not path.exists():
        return NO_CORRECTIONS
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise CorrectionsError(f"{path}: not valid YAML ({error})") from None
    except UnicodeDecodeError:
        raise CorrectionsError(f"{path}: not UTF-8 text; entities.yml is a YAML file") from None
    except OSError as error:
        raise CorrectionsError(f"{path}: cannot be read ({error.strerror})") from None
    if not isinstance(data, dict) or set(data) - set(SECTIONS):
        raise CorrectionsError(
            f"{path}: expected 'people:' and/or 'places:' sections, found {sorted(data) if isinstance(data, dict) else data!r}"
        )
    return Corrections(**{section: _section(path, section, data.get(section) or {}) for section in SECTIONS})


def _section(path: Path, section: str, data: dict) -> KindCorrections:
    where = f"{path}: {section}"
    if not isinstance(data, dict) or set(data) - set(ACTIONS):
        raise CorrectionsError(f"{where}: the actions are {', '.join(ACTIONS)}")
    canonical: dict[str, str] = {}
    for group in data.get("merge") or []:
        if not isinstance(group, list) or len(group) < 2 or not all(isinstance(n, str) for n in group):
            raise CorrectionsError(f"{where}: merge: each entry is a list of two or more names, the first kept")
        canonical.update({name: group[0] for name in group[1:]})
    renames = data.get("rename") or {}
    if not isinstance(renames, dict):
        raise CorrectionsError(f"{where}: rename: give 'old name: new name' pairs")
    for old, new in renames.items():
        canonical[str(old)] = str(new)
        canonical.update({name: str(new) for name, target in list(canonical.items()) if target == old})
    aliases = data.get("alias") or {}
    if not isinstance(aliases, dict) or not all(isinstance(v, list) for v in aliases.values()):
        raise CorrectionsError(f"{where}: alias: give 'name: [spelling, ...]'")
    dropped = data.get("drop") or []
    if not isinstance(dropped, list):
        raise CorrectionsError(f"{where}: drop: give a list of names")
    return KindCorrections(
        canonical=canonical,
        dropped=frozenset(map(str, dropped)),
        aliases={canonical.get(str(k), str(k)): tuple(map(str, v)) for k, v in aliases.items()},
    )
