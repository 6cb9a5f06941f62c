import datetime as dt
import random
from types import SimpleNamespace

from pelican.generators import ArticlesGenerator
from pelican.settings import DEFAULT_CONFIG

from newsarchive.listings import TERM_KINDS, ArticleList, period_archives, write_term_pages


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


class Term:
    def __init__(self, name):
        self.name = self.slug = self.page_name = name
        self.save_as, self.url = f"{name}/index.html", f"{name}/"

    def __str__(self):
        return self.name


def test_term_pages_are_written_as_pelican_writes_them():
    site = articles(120)
    rng = random.Random(5)
    terms = {kind: [(Term(f"{kind}{n}"), ArticleList(rng.sample(site, 15))) for n in range(6)] for kind in TERM_KINDS}
    generator = SimpleNamespace(
        dates=sorted(site, key=lambda a: a.date),
        articles=site,
        context={"SITENAME": "x"},
        get_template=lambda name: f"{name}.html",
        tags=dict(terms["tag"]),
        categories=terms["category"],
        authors=terms["author"],
    )

    def writes(calls):
        return lambda *args, **kwargs: calls.append((args, kwargs))

    for kind, pairs in TERM_KINDS.items():
        pelicans, ours = [], []
        getattr(ArticlesGenerator, f"generate_{pairs}")(generator, writes(pelicans))
        write_term_pages(generator, kind, writes(ours))
        assert ours == pelicans and len(ours) == 6 and ours[0][1]["dates"] == sorted(ours[0][1]["articles"], key=lambda a: a.date)
