"""One base class for the errors a user can cause; a bug keeps its traceback."""

import pytest
from invoke import Exit

from newsarchive.addresses import AddressError
from newsarchive.articles import ArticleFileError
from newsarchive.build import BuildError
from newsarchive.captures import CaptureError
from newsarchive.convert import ConversionError, ConversionSkipped
from newsarchive.convert.html import HtmlError
from newsarchive.entities.corrections import CorrectionsError
from newsarchive.errors import NewsarchiveError, UsageError
from newsarchive.fetch.feeds import FeedError
from newsarchive.fetch.http import FetchFailed
from newsarchive.fetch.urls import UrlError
from newsarchive.publish import PublishError
from newsarchive.search import SearchError
from newsarchive.settings import SettingsError


@pytest.mark.parametrize(
    "error",
    [
        AddressError,
        ArticleFileError,
        BuildError,
        CaptureError,
        ConversionError,
        ConversionSkipped,
        HtmlError,
        CorrectionsError,
        UsageError,
        FeedError,
        FetchFailed,
        UrlError,
        PublishError,
        SearchError,
        SettingsError,
    ],
)
def test_every_user_error_is_a_newsarchive_error_and_no_value_error(error):
    assert issubclass(error, NewsarchiveError) and not issubclass(error, ValueError)


def test_a_user_error_is_one_line_and_a_bug_keeps_its_traceback(capsys):
    import tasks

    def wrong_setting():
        raise SettingsError("SEARCH_RESULTS must be at least 1, not 0")

    with pytest.raises(Exit) as stopped:
        tasks._run(wrong_setting)
    assert stopped.value.code == 1
    assert capsys.readouterr().err == "error: SEARCH_RESULTS must be at least 1, not 0\n"
    with pytest.raises(ValueError, match="invalid literal"):  # not caught: a bug shows where it happened
        tasks._run(lambda: int("not a number"))
