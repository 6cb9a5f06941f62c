import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from newsarchive.captures import load_capture
from newsarchive.convert import ConversionError, convert_capture, parse_date
from newsarchive.records import Capture, Provenance
from tests.support import SAMPLE


def sample(**provenance) -> Capture:
    capture = load_capture(SAMPLE)
    return dataclasses.replace(capture, provenance=dataclasses.replace(capture.provenance, **provenance))


def test_date_comes_from_the_sidecar():
    article = convert_capture(sample(), "captures/sample.txt")
    assert article.date == dt.datetime(2025, 8, 6, tzinfo=dt.UTC)
    assert article.date_source == "sidecar"


def test_a_date_the_user_gave_beats_the_sidecar():
    article = convert_capture(sample(given_date="2025-08-07T09:30:00+02:00"), "captures/sample.txt")
    assert article.date == dt.datetime(2025, 8, 7, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert article.date_source == "user"


def test_no_date_is_a_clear_error_naming_the_file():
    with pytest.raises(ConversionError, match=r"rferl-trump-putin-witkoff-meeting\.txt: no publication date.*--date"):
        convert_capture(sample(published=None), "captures/sample.txt")


def test_a_bad_date_is_a_clear_error():
    with pytest.raises(ConversionError, match=r"--date.*not an ISO 8601 date: '6 August'"):
        convert_capture(sample(given_date="6 August"), "captures/sample.txt")


def test_source_recognised_from_the_page_or_given():
    assert convert_capture(sample(), "c").source == "RFE/RL"
    assert convert_capture(sample(given_source="rferl"), "c").source == "RFE/RL"  # a known alias
    assert convert_capture(sample(given_source="Current Time"), "c").source == "Current Time"


def test_unknown_outlet_without_source_is_an_error(tmp_path):
    path = tmp_path / "copy.txt"
    path.write_text(
        "A Headline From A Small Paper\n\nSome text of the article, long enough to be an article of its own, as the council met again on Monday.\n",
        encoding="utf-8",
    )
    capture = Capture(path, path.read_bytes(), Provenance(given_date="2025-01-02"))
    with pytest.raises(ConversionError, match=r"copy\.txt: .*--source"):
        convert_capture(capture, "c")
    article = convert_capture(dataclasses.replace(capture, provenance=Provenance(given_date="2025-01-02", given_source="Local Paper")), "c")
    assert article.source == "Local Paper"


def test_url_and_summary_and_tags():
    article = convert_capture(sample(given_url="https://www.rferl.org/a/example/1.html"), "captures/sample.txt")
    assert article.source_url == "https://www.rferl.org/a/example/1.html"
    assert article.summary.startswith("US President Donald Trump said a meeting on August 6")
    assert article.tags == ("Russia-Ukraine war", "US-Russia talks")
    assert article.capture == "captures/sample.txt"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty capture"),
        ("blank.txt", b"  \n\n ", "empty capture"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "a PNG image, not a web page"),
        ("latin1.txt", "Caf\u00e9 News\n\nText.\n".encode("latin-1"), "not UTF-8 text"),
        ("title-only.txt", b"Just A Title\n", "no article text"),
        ("page.pdf", b"%PDF-1.4", "a PDF, not a web page"),
        ("page.bin", b"\x00\x01 no page", "unknown capture type"),
    ],
)
def test_bad_input_is_one_clear_line(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    capture = Capture(path, data, Provenance(given_date="2025-01-01", given_source="X"))
    with pytest.raises(ConversionError) as raised:
        convert_capture(capture, "c")
    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    assert reason in message
    assert "\n" not in message


def test_parse_date():
    assert parse_date("2025-08-06") == dt.datetime(2025, 8, 6, tzinfo=dt.UTC)
    assert parse_date("2025-08-06T10:00:00") == dt.datetime(2025, 8, 6, 10, tzinfo=dt.UTC)
    with pytest.raises(ValueError):
        parse_date("yesterday")


def test_capture_path_is_used_as_given():
    article = convert_capture(sample(), "captures/rferl/x.txt")
    assert Path(article.capture) == Path("captures/rferl/x.txt")


@pytest.mark.parametrize(
    ("line", "credited"),
    [
        ("Associated Press writers Jane Roe in Kyiv and Ann Lee contributed to this report.", ("Jane Roe", "Ann Lee")),
        ("(Reporting by Jane Roe in Kyiv; Editing by Mark Porter)", ("Jane Roe", "Mark Porter")),
    ],
)
def test_who_contributed_to_the_report_is_credited_not_a_person_of_the_story(tmp_path, line, credited):
    from tests.support import text_copy

    text = (
        "Talks resume in Geneva\n\nPresident Volodymyr Zelensky said on Monday that talks with Russia would resume in "
        "Geneva next week, his office said, after weeks of strikes on the power grid.\n\n" + line + "\n"
    )
    article = convert_capture(load_capture(text_copy(tmp_path, "copy.txt", text)), "captures/copy.txt")
    assert article.credits == credited
    assert article.people == ("Volodymyr Zelensky",)
    assert line in [getattr(block, "text", "") for block in article.body]  # the line itself stays in the article
