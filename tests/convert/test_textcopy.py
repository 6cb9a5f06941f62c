"""A page copy of any outlet: the article told from the page around it (convert.textcopy)."""

import datetime as dt

import pytest

from newsarchive.captures import load_capture
from newsarchive.convert import ConversionError, convert_capture
from newsarchive.convert.plaintext import decode_text, parse_page_copy
from newsarchive.convert.textcopy import as_headline, byline, copyright_holder, name_before_date, printed_date
from newsarchive.records import Capture, Heading, Paragraph, Provenance
from tests.support import FIXTURES, text_copy

SLASHGEAR = FIXTURES / "slashgear-vw-id-space-vizzion.txt"
SLASHGEAR_URL = "https://www.slashgear.com/the-vw-id-space-vizzion-is-a-weird-ev-sports-wagon-with-a-secret-message-19600475/"


def slashgear():
    return parse_page_copy(SLASHGEAR.read_text(encoding="utf-8"), url=SLASHGEAR_URL)


def test_a_copy_of_an_outlet_with_no_profile_keeps_the_article_and_drops_the_page():
    parts = slashgear()
    assert parts.site is None
    assert parts.title == "The VW ID. SPACE VIZZION is a weird EV sports wagon with a secret message"
    paragraphs = [block.text for block in parts.body if isinstance(block, Paragraph)]
    assert len(paragraphs) == 14
    assert paragraphs[0].startswith("Volkswagen’s first ID.3 all-electric car")
    assert paragraphs[-1].startswith("In a time when SUVs and crossovers are only growing in popularity")
    text = "\n".join(paragraphs)
    for page_line in ("Search SlashGear", "Story Timeline", "Must Read Bits & Bytes", "Editorial Standards", "RSS Feed", "Facebook"):
        assert page_line not in text


def test_its_byline_date_and_outlet_are_read_off_the_copy():
    parts = slashgear()
    assert parts.authors == ("Chris Davies",)
    assert parts.published == dt.datetime(2019, 11, 19, 22, 31, tzinfo=dt.timezone(dt.timedelta(hours=-6)))
    assert parts.site_name == "SlashGear"  # "© 2005-2019 SlashGear, All Rights Reserved."


def test_every_line_says_what_became_of_it():
    explained = dict(slashgear().explained)
    assert explained["The VW ID. SPACE VIZZION is a weird EV sports wagon with a secret message"] == "the headline"
    assert explained["Chris Davies - Nov 19, 2019, 10:31 pm CST"] == "the date"
    assert explained["Search SlashGear"] == "page: above the article"
    assert explained["Pokemon GO creators’ next big game: CATAN World Explorers"].startswith("page:")
    assert sum(1 for why in explained.values() if why == "article") == 14


def test_the_copy_converts_with_no_date_and_no_source_given(tmp_path):
    capture = load_capture(text_copy(tmp_path, "copy.txt", SLASHGEAR.read_text(encoding="utf-8")))
    capture = Capture(capture.path, capture.data, Provenance(given_url=SLASHGEAR_URL))
    article = convert_capture(capture, "copy.txt")
    assert (article.source, article.date_source, f"{article.date:%Y-%m-%d}") == ("SlashGear", "text", "2019-11-19")
    assert article.people == () and "Mobile" not in article.places  # menu words name nobody


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("November 19, 2019", "2019-11-19T00:00:00+00:00"),
        ("Nov. 20, 2019, 9:28 AM UTC", "2019-11-20T09:28:00+00:00"),
        ("5:45 AM PST 11/19/2019", "2019-11-19T05:45:00-08:00"),
        ("By Tess Bonn - 11/19/19 06:56 AM EST", "2019-11-19T06:56:00-05:00"),
        ("BY KASHMIRA GANDER ON 11/13/19 AT 4:00 PM EST", "2019-11-13T16:00:00-05:00"),
        ("Tuesday 19 November 2019 10.04 GMT", "2019-11-19T10:04:00+00:00"),
        ("기사입력 :[ 2018-08-25 15:24 ]", "2018-08-25T15:24:00+00:00"),
        ("Updated 1:39 am EST, Wednesday, November 20, 2019", "2019-11-20T01:39:00-05:00"),
        ("23/08/2018", "2018-08-23T00:00:00+00:00"),  # no 23rd month: day first
        ("03/04/2018", "2018-03-04T00:00:00+00:00"),  # either way round: read as US pages print it
    ],
)
def test_dates_as_news_pages_print_them(line, expected):
    found = printed_date(line)
    assert (found.isoformat() if found else None) == expected


def test_a_date_in_the_future_or_the_distant_past_is_no_publication_date():
    assert printed_date("March 3, 2099") is None
    assert printed_date("June 1, 1887") is None


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Jane Roe and John Doe, Reuters", "Jane Roe and John Doe"),
        ("written by Regan", "Regan"),
        ("BY KASHMIRA GANDER ON 11/13/19 AT 4:00 PM EST", "KASHMIRA GANDER"),
        ("Byzantine art returns to Ravenna", None),
    ],
)
def test_bylines(line, names):
    assert byline(line) == names


def test_a_name_before_a_date_is_the_author():
    assert name_before_date("Chris Davies - Nov 19, 2019, 10:31 pm CST") == "Chris Davies"
    assert name_before_date("Updated Nov 19, 2019") is None


def test_a_headline_set_in_capitals_is_given_capitalised_words():
    assert as_headline("CANNABIS USE DISORDER IS RISING IN U.S. STATES") == "Cannabis Use Disorder Is Rising In U.S. States"
    assert as_headline("Floods reach the old town") == "Floods reach the old town"


def test_the_outlet_is_the_copyright_holder():
    assert copyright_holder(["Terms", "© 2019 The Washington Post"]) == "The Washington Post"
    assert copyright_holder(["Copyright © 2019 CBS Interactive Inc. All rights reserved."]) == "CBS Interactive"
    assert copyright_holder(["No notice here"]) is None


def test_subheadings_stay_as_headings_and_teasers_go():
    copy = "\n".join(
        [
            "Home",
            "World",
            "Floods reach the old town as the river keeps rising",
            "By Jane Roe",
            "March 3, 2025",
            "The river rose two metres overnight and flooded the lower streets of the old town, officials said on Monday morning.",
            "Residents Count the Cost",
            "Shops along the embankment stayed shut, and their owners said the water had reached the counters by dawn.",
            "Insurers said claims would take weeks to settle, and the mayor asked for help from the national government.",
            "Related stories",
            "Storm hits the coast",
            "Bridge closed after crash",
            "Schools reopen next week",
            "© 2025 Example Times",
        ]
    )
    parts = parse_page_copy(copy, url="https://example.com/world/floods-reach-old-town-river-rising")
    assert parts.title == "Floods reach the old town as the river keeps rising"
    assert parts.authors == ("Jane Roe",)
    assert [type(block) for block in parts.body] == [Paragraph, Heading, Paragraph, Paragraph]
    assert parts.site_name == "Example Times"


@pytest.mark.parametrize(("encoding", "bom"), [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-8", b"\xef\xbb\xbf")])
def test_notepad_unicode_and_a_utf8_byte_order_mark_are_read(encoding, bom):
    assert decode_text(bom + "Київ, Zürich — news".encode(encoding)) == "Київ, Zürich — news"


def test_an_outlet_neither_the_copy_nor_the_address_names_needs_source(tmp_path):
    path = text_copy(tmp_path, "copy.txt", "A Headline From A Small Paper\n\n" + "The council met again on Monday, and talked. " * 5)
    capture = Capture(path, path.read_bytes(), Provenance(given_date="2025-01-02"))
    with pytest.raises(ConversionError, match="--source"):
        convert_capture(capture, "c")
