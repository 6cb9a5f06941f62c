"""Which entity a name means: the gazetteer for places, variant keys for everything else."""

from __future__ import annotations

from newsarchive.entities.gazetteer import Gazetteer, default_gazetteer
from newsarchive.entities.variants import variant_key


def entity_key(name: str, kind: str, gazetteer: Gazetteer | None = None) -> str:
    """A key that every spelling of one person or place shares."""
    if kind == "place":
        places = (gazetteer or default_gazetteer()).lookup(name)
        if places:
            return places[0].id
    return "variant:" + variant_key(name)


def same_entity(a: str, b: str, kind: str) -> bool:
    """Whether two names are spellings of one person or place."""
    return entity_key(a, kind) == entity_key(b, kind)
