import json

import pytest

from newsarchive.entities.resolve import entity_key, same_entity
from newsarchive.entities.variants import variant_key
from tests.support import REPO

VARIANTS = REPO.parent / "shared" / "entities-gold" / "variants.json"


def pairs(group):
    if not VARIANTS.exists():
        pytest.skip("../shared/entities-gold is not beside this checkout")
    return [(p["a"], p["b"], p["kind"]) for p in json.loads(VARIANTS.read_text(encoding="utf-8"))[group]]


def test_every_same_pair_meets():
    for a, b, kind in pairs("same"):
        assert same_entity(a, b, kind), (a, b)


def test_no_different_pair_meets():
    for a, b, kind in pairs("different"):
        assert not same_entity(a, b, kind), (a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Zaporizhzhya", "Zaporozhye"), ("Zelenskyy", "Zelenskiy"), ("Oleh", "Oleg"), ("Kyiv", "Kiev"), ("Sergei Lavrov", "Sergey Lavrov")],
)
def test_spellings_share_a_key(a, b):
    assert variant_key(a) == variant_key(b)


@pytest.mark.parametrize(("a", "b"), [("Niger", "Nigeria"), ("Kiev", "Kiel"), ("Kharkiv", "Kherson"), ("Iran", "Iraq")])
def test_look_alikes_do_not(a, b):
    assert variant_key(a) != variant_key(b)


def test_places_resolve_through_the_gazetteer():
    assert entity_key("Mykolaiv", "place") == entity_key("Nikolayev", "place")  # not one transliteration: an alias
    assert entity_key("Zaporizhzhya region", "place") == entity_key("Zaporizhzhia Oblast", "place")
