import datetime as dt
import random

from pelican.generators import ArticlesGenerator
from pelican.settings import DEFAULT_CONFIG

from newsarchive.listings import ArticleList, period_archives


class Dated:
    """An article as the lists see it: an object with a date, equal only to itself (as Pelican's are)."""

    def __init__(self, date):
        self.date = date


def articles(count=300, seed=3):
    rng = random.Random(seed)
    start = dt.datetime(2023, 11, 20, tzinfo=dt.UTC)
    return [Dated(start + dt.timedelta(hours=rng.randrange(24 * 120))) for _ in range(count)]


def test_period_archives_are_pelicans(tmp_path):
    site = articles()
    for newest_first in (True, False):
        dates = sorted(site, key=lambda a: a.date, reverse=newest_first)
        in_site_order = sorted(site, key=lambda a: a.date.minute)  # (any other order: each list keeps it)
        for granularities in ({}, {"DAY_ARCHIVE_SAVE_AS": "{date:%Y}/{date:%m}/{date:%d}/index.html"}, {"YEAR_ARCHIVE_SAVE_AS": ""}):
            settings = {
                **DEFAULT_CONFIG,
                "YEAR_ARCHIVE_SAVE_AS": "{date:%Y}/index.html",
                "MONTH_ARCHIVE_SAVE_AS": "{date:%Y}/{date:%m}/index.html",
            }
            settings.update(granularities)
            pelicans = ArticlesGenerator._build_period_archives(None, dates, in_site_order, settings)
            ours = period_archives(dates, in_site_order, settings)
            assert ours == pelicans and len(ours["month"]) == 5  # (November to March)


def test_an_article_list_answers_in_as_a_list_does():
    site = articles(50)
    authors = ArticleList(site[::3])
    assert authors == site[::3] and isinstance(authors, list)
    assert [a for a in site if a in authors] == [a for a in site if a in site[::3]]
    assert Dated(site[0].date) not in authors  # the same date is not the same article
