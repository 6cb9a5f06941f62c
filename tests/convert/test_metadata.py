import datetime as dt
import json
from pathlib import Path

import pytest

from newsarchive.convert import convert_capture
from newsarchive.convert.metadata import clean_authors, clean_title, looks_like_person, parse_page_date
from newsarchive.records import Capture, Provenance
from tests.support_shared import benchmark_page

EXPECTED = json.loads((Path(__file__).with_name("metadata_expected.json")).read_text(encoding="utf-8"))["pages"]
LIMIT = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize("expected", EXPECTED, ids=[page["id"][:8] for page in EXPECTED])
def test_metadata_of_hand_checked_pages(expected):
    url, data = benchmark_page(expected["id"])
    article = convert_capture(Capture(Path("page.html"), data, Provenance(requested_url=url)), "page.html")
    assert article.title == expected["title"]
    if expected["date_from"] == "text":
        assert article.date.date().isoformat() == expected["date"]
    else:
        assert article.date.astimezone(dt.UTC).date().isoformat() == expected["date"]
        assert article.date_source == "page"
    assert list(article.authors) == expected["authors"]


def test_the_hand_checked_set_is_large_enough():
    assert len(EXPECTED) >= 20


@pytest.mark.parametrize(
    ("raw", "people"),
    [
        (["By TOM KRISHER, AP Auto Writer"], ("Tom Krisher",)),
        (["Jane Doe, News reporter"], ("Jane Doe",)),
        (["Jane Doe, MS; RDN"], ("Jane Doe",)),
        (["By Mike Wuerthele and Malcolm Owen Monday, November 18, 2019"], ("Mike Wuerthele", "Malcolm Owen")),
        (["Amy Kuperinsky | NJ Advance Media for NJ.com"], ("Amy Kuperinsky",)),
        (["Finian Cunningham. Sputnik International"], ("Finian Cunningham",)),
        (["Troy L. Smith, Cleveland.com"], ("Troy L. Smith",)),
        (["Текст: Венера Ерофеева"], ("Венера Ерофеева",)),
        (["Reuters"], ()),
        (["Associated Press"], ()),
        (["Staff"], ()),
        (["Editorial"], ()),
        (["The Russian and Syrian defense ministries"], ()),
        (["Ludwig van Beethoven"], ("Ludwig van Beethoven",)),
        (["Jane Doe", "JANE DOE"], ("Jane Doe",)),
    ],
)
def test_authors_are_people_only(raw, people):
    assert clean_authors(raw, organisations={"Example News"}) == people


def test_a_site_or_publisher_is_not_an_author():
    assert clean_authors(["LinkNaija"], organisations={"linknaija"}, single_names=True) == ()
    assert clean_authors(["Regan"], organisations={"theantijunecleaver"}, single_names=True) == ("Regan",)
    assert clean_authors(["Regan"]) == ()  # one word, not marked as a person: too often a desk


def test_weekday_and_month_words_are_not_names():
    assert not looks_like_person("Monday November")
    assert not looks_like_person("Updated Daily")


@pytest.mark.parametrize(
    ("title", "site", "url", "clean"),
    [
        ("Alibaba to raise up to $12.9bn : CityAM", None, "https://www.cityam.com/a", "Alibaba to raise up to $12.9bn"),
        (
            "Opinion | Republicans Are Following Trump to Nowhere - The New York Times",
            "The New York Times",
            None,
            "Opinion | Republicans Are Following Trump to Nowhere",
        ),
        (
            "The Guardian view on Hong Kong | Editorial | Opinion | The Guardian",
            "the Guardian",
            None,
            "The Guardian view on Hong Kong | Editorial | Opinion",
        ),
        ("RFE/RL | Trump Meets Putin", "RFE/RL", None, "Trump Meets Putin"),
        (
            "Star Wars Jedi: Fallen Order review - shoots for the moon",
            "VG247",
            None,
            "Star Wars Jedi: Fallen Order review - shoots for the moon",
        ),
    ],
)
def test_titles_lose_the_site_name(title, site, url, clean):
    assert clean_title(title, site, url) == clean


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-11-19T07:03:25+00:00", dt.datetime(2019, 11, 19, 7, 3, 25, tzinfo=dt.UTC)),
        ("2019-11-19T06:56:43-05:00", dt.datetime(2019, 11, 19, 11, 56, 43, tzinfo=dt.UTC)),
        ("Mon, 18 Nov 2019 16:07:38 -0600", dt.datetime(2019, 11, 18, 22, 7, 38, tzinfo=dt.UTC)),
        ("November 19, 2019, 07:47 PM EST", dt.datetime(2019, 11, 20, 0, 47, tzinfo=dt.UTC)),
        ("0001-01-01T00:00:00Z", None),
        ("0001-01-01 00:00:00Z", None),
        ("2099-01-01", None),
        ("soon", None),
    ],
)
def test_page_dates(value, expected):
    assert parse_page_date(value, LIMIT.replace(year=2030)) == expected


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("Jill Disis, CNN Business", ("Jill Disis",)),
        ("Analysis by Chris Cillizza, CNN Editor-at-large", ("Chris Cillizza",)),
        ("By Jane Doe and John Smith III", ("Jane Doe", "John Smith III")),
        ("Photographs and text by Tom Krisher", ("Tom Krisher",)),
        ("BBC Verify", ()),
    ],
)
def test_an_author_is_the_persons_name_only(byline, authors):
    assert clean_authors([byline]) == authors
