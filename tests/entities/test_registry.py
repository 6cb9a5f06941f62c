"""The archive's people and places: every spelling meets in one entity, named by its most-used full spelling."""

import dataclasses
import datetime as dt
import random
from collections import Counter

import pytest
from markupsafe import Markup

from newsarchive.entities.gazetteer import default_gazetteer
from newsarchive.entities.registry import (
    KINDS,
    ArticleRef,
    EntityRegistry,
    article_states,
    entity_page_inputs,
    family_key,
    first_letter,
    resolve_names,
)

PEOPLE = Counter(
    {"Volodymyr Zelensky": 3, "Volodymyr Zelenskyy": 2, "Volodymyr Zelenskiy": 1, "Zelensky": 1, "Donald Trump": 4, "Trump": 2,
     "Tim Morrison": 1, "Timothy Morrison": 2, "Boris Johnson": 1, "Dustin Johnson": 1, "Johnson": 1, "Mike Pence": 1, "Pence": 1}
)  # fmt: skip


def test_spellings_short_forms_and_lone_surnames_meet_their_person():
    canonical, ambiguous = resolve_names("person", PEOPLE, default_gazetteer())
    assert {canonical[n] for n in ("Volodymyr Zelensky", "Volodymyr Zelenskyy", "Volodymyr Zelenskiy", "Zelensky")} == {
        "Volodymyr Zelensky"
    }
    assert canonical["Trump"] == "Donald Trump" and canonical["Pence"] == "Mike Pence"
    assert canonical["Tim Morrison"] == "Timothy Morrison"


def test_a_lone_name_two_people_share_stays_apart_and_says_so():
    canonical, ambiguous = resolve_names("person", PEOPLE, default_gazetteer())
    assert canonical["Johnson"] == "Johnson" and canonical["Boris Johnson"] != canonical["Dustin Johnson"]
    assert ambiguous == {"Johnson": ("Boris Johnson", "Dustin Johnson")}


def test_initials_meet_the_one_name_they_can_stand_for():
    # As benchmarks/real_text.py's archive names them (an NBC and a Nigerian article), and look-alikes that must stay apart.
    people = Counter(
        {"Sonya A. Zoghlin": 30, "Sonya Zoghlin": 5, "B. U. Nzeribe": 31, "Benjamin Nzeribe": 33, "James P. Kennedy Jr.": 2,
         "James Kennedy Jr.": 1, "George Bush": 2, "George W. Bush": 3, "George H. W. Bush": 2, "J. Smith": 1, "John Smith": 2,
         "James Smith": 1, "Donald Trump": 3, "Donald Trump Jr.": 2}
    )  # fmt: skip
    canonical, _ = resolve_names("person", people, default_gazetteer())
    assert canonical["Sonya Zoghlin"] == canonical["Sonya A. Zoghlin"] == "Sonya A. Zoghlin"
    assert canonical["B. U. Nzeribe"] == "Benjamin Nzeribe" and canonical["James Kennedy Jr."] == "James P. Kennedy Jr."
    # Two Georges with initials, two Smiths a J. may be, a father and his son: each their own.
    assert len({canonical[name] for name in ("George Bush", "George W. Bush", "George H. W. Bush")}) == 3
    assert len({canonical[name] for name in ("J. Smith", "John Smith", "James Smith")}) == 3
    assert canonical["Donald Trump Jr."] != canonical["Donald Trump"]


def test_a_family_name_of_several_words_alone_meets_the_one_person_it_ends():
    # benchmarks/real_text.py's archive had pages for "Van Der Beek" (7 articles) and "Eriksson Ek" beside the full names.
    people = Counter(
        {"James Van Der Beek": 26, "Van Der Beek": 7, "Joel Eriksson Ek": 26, "Eriksson Ek": 2, "Marine Le Pen": 3,
         "Jean-Marie Le Pen": 2, "Le Pen": 4, "Mary Smith": 2, "Anne Mary Smith": 1}
    )  # fmt: skip
    canonical, ambiguous = resolve_names("person", people, default_gazetteer())
    assert canonical["Van Der Beek"] == "James Van Der Beek" and canonical["Eriksson Ek"] == "Joel Eriksson Ek"
    # Two Le Pens: the lone name stays apart and says so; "Mary" is a given name, so Mary Smith is a person of her own.
    assert canonical["Le Pen"] == "Le Pen" and ambiguous == {"Le Pen": ("Jean-Marie Le Pen", "Marine Le Pen")}
    assert canonical["Mary Smith"] == "Mary Smith"


def test_the_people_of_one_family_key_resolve_alone_as_among_everyone():
    """What lets an update resolve only the family keys it touched (search's export): every rule joins
    names of one family key, so resolving them alone gives each name what the whole archive gives it."""
    rng = random.Random(16)
    given = ["Tim", "Timothy", "Volodymyr", "Donald", "James", "J.", "B.", "George", "Marine", "Jean-Marie", "Anne", "Mary", "Joel"]
    family = ["Zelensky", "Zelenskyy", "Morrison", "Trump", "Van Der Beek", "Le Pen", "Smith", "Smyth", "Eriksson Ek", "Bush"]
    people = Counter()
    for _ in range(400):
        middle = rng.choice(["", "", "W.", "H. W.", "A."])
        suffix = rng.choice(["", "", "", "Jr."])
        full = " ".join(w for w in (rng.choice(given), middle, rng.choice(family), suffix) if w)
        people[rng.choice([full, full, rng.choice(family)])] += rng.randint(1, 5)
    people.update(PEOPLE)
    whole = resolve_names("person", people, default_gazetteer())
    by_family: dict[str, Counter] = {}
    for name, count in people.items():
        by_family.setdefault(family_key(name), Counter())[name] = count
    canonical, ambiguous = {}, {}
    for names in by_family.values():
        alone = resolve_names("person", names, default_gazetteer())
        canonical.update(alone[0])
        ambiguous.update(alone[1])
    assert len(by_family) >= 8 and len(set(whole[0].values())) > 50
    assert (canonical, ambiguous) == whole


def test_places_meet_by_the_gazetteer():
    canonical, _ = resolve_names("place", Counter({"Kyiv": 3, "Kiev": 2, "Zaporizhzhia Oblast": 2, "Zaporizhzhia": 1}), default_gazetteer())
    assert canonical["Kiev"] == canonical["Kyiv"] == "Kyiv"
    assert canonical["Zaporizhzhia"] != canonical["Zaporizhzhia Oblast"]  # the city and the region


def test_the_registry_has_one_entity_per_person_and_counts_articles_once():
    day = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    spellings = ["Volodymyr Zelensky", "Volodymyr Zelenskyy", "Volodymyr Zelenskiy", "Zelensky"]
    refs = [
        ArticleRef(
            key=f"a{n}",
            title=f"A{n}",
            date=day + dt.timedelta(days=n),
            source="S",
            url=f"a{n}/",
            people=(name, "Donald Trump"),
            places=("Kyiv",),
        )
        for n, name in enumerate(spellings * 2 + ["Volodymyr Zelensky"])  # the most-used spelling names the entity
    ]
    registry = EntityRegistry(refs)
    people = registry.of_kind("person")
    assert [(e.name, len(e.articles)) for e in people] == [("Donald Trump", 9), ("Volodymyr Zelensky", 9)]
    zelensky = registry.get("person", "Zelensky")
    assert zelensky is registry.get("person", "Volodymyr Zelenskiy") and set(spellings) <= set(zelensky.spellings)
    assert registry.get("person", "Donald Trump").named_with(registry, "person") == [(zelensky, 9)]


def test_named_with_counts_the_others_in_the_same_articles_most_first_and_months_fill_the_gaps():
    def ref(n, month, people, places):
        return ArticleRef(f"a{n}", f"A{n}", dt.datetime(*month, 5, tzinfo=dt.UTC), "S", f"a{n}/", people, places)

    refs = [
        ref(1, (2024, 11), ("Marco Rubio", "Steve Witkoff", "Sergey Lavrov"), ("Moscow",)),
        ref(2, (2024, 11), ("Marco Rubio", "Steve Witkoff"), ("Istanbul", "Moscow")),
        ref(3, (2025, 2), ("Marco Rubio", "Rubio", "Keith Kellogg"), ("Istanbul",)),
        ref(4, (2025, 2), ("Marco Rubio", "Sergey Lavrov", "Steve Witkoff"), ("Georgia",)),
        ref(5, (2025, 2), ("Georgia", "Keith Kellogg"), ("Georgia",)),  # a person of a place's name
    ]
    registry = EntityRegistry(refs)
    rubio = registry.get("person", "Rubio")
    named = [(e.name, n) for e, n in rubio.named_with(registry, "person")]
    assert named == [("Steve Witkoff", 3), ("Sergey Lavrov", 2), ("Keith Kellogg", 1)]  # not Rubio himself, named twice in a3
    assert [(e.name, n) for e, n in rubio.named_with(registry, "person", limit=2)] == named[:2]
    assert [(e.name, n) for e, n in rubio.named_with(registry, "place")] == [("Istanbul", 2), ("Moscow", 2), ("Georgia", 1)]
    # The place keeps the person of its name among its neighbours: only an entity of its own kind is itself.
    georgia = registry.get("place", "Georgia").named_with(registry, "person")
    assert [e.name for e, _ in georgia] == ["Georgia", "Keith Kellogg", "Marco Rubio", "Sergey Lavrov", "Steve Witkoff"]
    assert rubio.months() == [("2024-11", 2), ("2024-12", 0), ("2025-01", 0), ("2025-02", 2)]


def test_an_entity_pages_inputs_change_whenever_what_it_shows_changes():
    """A build renders an entity's page again only when ``entity_page_inputs`` differ: they must differ whenever
    anything the page shows does (its list, timeline, neighbours, their counts and links), on random archives."""
    people = ["Marco Rubio", "Steve Witkoff", "Sergey Lavrov", "Keith Kellogg", "Rubio", "Witkoff", "Olena Zelenska", "Andriy Yermak"]
    places = ["Kyiv", "Kiev", "Moscow", "Istanbul", "Odesa", "Riyadh"]

    def page_of(entity):
        return f"{entity.url_kind}/{entity.slug}/" if len(entity.articles) >= 2 else None

    def shown(entity, registry):
        lines = [(a.url, a.title, a.date, a.source) for a in entity.by_date()]
        others = [[(o.name, n, page_of(o)) for o, n in entity.named_with(registry, kind)] for kind in KINDS]
        return entity.name, entity.slug, entity.spelled(), lines, entity.months(), others

    def pages(refs):
        registry = EntityRegistry(refs)
        states = article_states(registry, page_of)
        return {
            (kind, e.name): (shown(e, registry), entity_page_inputs(e, states, None))
            for kind in KINDS
            for e in registry.of_kind(kind)
            if page_of(e)
        }

    rng = random.Random(7)
    outcomes = Counter()
    for trial in range(40):
        refs = [
            ArticleRef(
                f"a{n}",
                f"Title {n}",
                dt.datetime(2025, rng.randint(1, 6), rng.randint(1, 28), tzinfo=dt.UTC),
                rng.choice("ST"),
                f"a{n}/",
                tuple(rng.sample(people, rng.randint(1, 3))),
                tuple(rng.sample(places, rng.randint(1, 2))),
            )
            for n in range(rng.randint(6, 12))
        ]
        changed = list(refs)
        if trial % 2:  # one more article
            changed.append(
                ArticleRef("new", "New", dt.datetime(2025, 7, 1, tzinfo=dt.UTC), "S", "new/", (rng.choice(people),), (rng.choice(places),))
            )
        else:  # an article retitled
            at = rng.randrange(len(refs))
            changed[at] = dataclasses.replace(refs[at], title="Retitled")
        before, after = pages(refs), pages(changed)
        for name in before.keys() & after.keys():
            (shown_before, inputs_before), (shown_after, inputs_after) = before[name], after[name]
            if shown_before != shown_after:
                assert inputs_before != inputs_after, (trial, name)
            outcomes[(shown_before == shown_after, inputs_before == inputs_after)] += 1
    assert outcomes[(True, True)] > 0 and outcomes[(False, False)] > 0  # pages kept, and pages made again
    # A title Pelican hands over as Markup (its typogrify) is a state like any other.
    titled = ArticleRef("m", Markup("Kyiv &amp; Odesa"), dt.datetime(2025, 1, 1, tzinfo=dt.UTC), "S", "m/", ("Marco Rubio",), ("Kyiv",))
    assert set(article_states(EntityRegistry([titled]), page_of)) == {"m"}


def test_names_are_filed_under_their_first_latin_letter_and_the_rest_last():
    assert [first_letter(n) for n in ("Zelensky", "ólafur Arnalds", "Étienne", "Володимир", "1st Battalion", "al-Tanf")] == [
        "z",
        "o",
        "e",
        "other",
        "other",
        "a",
    ]
    day = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    names = ("Zoe Smith", "Ólafur Arnalds", "Володимир Зеленський", "Anna Ostrova", "Oleg Morozov")
    registry = EntityRegistry([ArticleRef(f"a{n}", "A", day, "S", f"a{n}/", (name,), ()) for n, name in enumerate(names)])
    by_letter = {letter: [e.name for e in entities] for letter, entities in registry.by_letter("person").items()}
    assert list(by_letter) == ["a", "o", "z", "other"]
    assert by_letter["o"] == ["Oleg Morozov", "Ólafur Arnalds"] and by_letter["other"] == ["Володимир Зеленський"]


def test_spellings_kept_between_builds_are_the_ones_found(tmp_path):
    from newsarchive.entities.registry import SpellingsCache, spellings
    from newsarchive.text import html_text

    html = "<p>Zelenskyy met Donald Trump in Kiev. <b>Zelensky</b> said Kyiv would wait.</p>"
    named = (("Volodymyr Zelensky", "Donald Trump"), ("Kyiv",))
    found = spellings(html_text(html), *named, default_gazetteer())
    assert found[("person", "Volodymyr Zelensky")] >= {"Zelenskyy", "Zelensky"} and found[("place", "Kyiv")] >= {"Kyiv", "Kiev"}

    first = SpellingsCache(tmp_path / "spellings.json", "code")
    assert first.of(html, *named, default_gazetteer()) == found
    first.save()
    kept = SpellingsCache(tmp_path / "spellings.json", "code")
    assert kept.of(html, *named, None) == found  # kept: not looked for again (no gazetteer to look with)
    kept.save()
    assert SpellingsCache(tmp_path / "spellings.json", "code").of(html, *named, None) == found  # still kept
    with pytest.raises(AttributeError):  # with other code they are looked for again (here with no gazetteer: an error)
        SpellingsCache(tmp_path / "spellings.json", "other code").of(html, *named, None)
