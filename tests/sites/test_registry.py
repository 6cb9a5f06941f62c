"""The registry of outlets: a source's name, as a user or a page gives it, finds its site."""

from newsarchive.sites import site_named


def test_a_site_is_found_by_its_name_or_an_alias_in_any_case_and_punctuation():
    assert site_named("RFE/RL").name == site_named("rferl").name == site_named("Radio Free Europe").name
    assert site_named("polygraph.INFO").name == site_named("Polygraph").name
    assert site_named("Настоящее Время").name == site_named("настоящее время").name == site_named("currenttime").name


def test_a_name_of_no_known_site_finds_none_whatever_its_script():
    assert site_named("Example News") is None
    assert site_named("Українська правда") is None  # folded to nothing, it matched the first Cyrillic-named site
    assert site_named("") is None
