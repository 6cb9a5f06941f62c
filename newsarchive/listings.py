"""The lists of a period's, source's, tag's and author's articles Pelican makes, in time linear in the articles.

Pelican 4.12 finds a period's articles (``ArticlesGenerator._build_period_archives``), and
a category's, tag's or author's articles by date (``generate_categories`` and the others), by
asking of every article whether it is in a list: articles × articles comparisons for the
years, as many for the months, the sources and the authors. For the periods that is 1.5 s at
10,000 articles and two and a half minutes at 100,000, in every build that runs Pelican. Here
the same lists are made with sets of the articles' identities (Pelican's articles compare by
identity); ``tests/test_listings.py`` holds them equal to Pelican's. Each source's, tag's
and author's page is then given its articles in the site's date order by walking all the
site's articles once for each (``generate_tags`` and the others: 4 million steps for 400
authors of 10,000 articles, in every build, whether the page is rendered or kept);
``write_term_pages`` places them by their rank instead.
"""

from __future__ import annotations

import calendar
import itertools
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from pelican.writers import FileOverwriteFailedError

logger = logging.getLogger(__name__)

_PERIODS = {  # granularity -> its settings, and how many of (year, month, day) name one
    "year": ("YEAR_ARCHIVE_SAVE_AS", "YEAR_ARCHIVE_URL", 1),
    "month": ("MONTH_ARCHIVE_SAVE_AS", "MONTH_ARCHIVE_URL", 2),
    "day": ("DAY_ARCHIVE_SAVE_AS", "DAY_ARCHIVE_URL", 3),
}


def period_archives(sorted_articles: Sequence, articles: Sequence, settings: Mapping) -> dict[str, list[dict]]:
    """What ``_build_period_archives`` returns: by granularity, each period's archive (its articles by
    date and in the site's order, its address and its name), for the granularities the settings save."""
    archives: dict[str, list[dict]] = defaultdict(list)
    for granularity, (save_as_setting, url_setting, parts) in _PERIODS.items():
        save_as = settings[save_as_setting]
        if not save_as:
            continue
        for period, group in itertools.groupby(sorted_articles, key=lambda a: (a.date.year, a.date.month, a.date.day)[:parts]):
            dates = list(group)
            members = {id(article) for article in dates}
            first = dates[0].date
            named = (period[0], calendar.month_name[period[1]], *period[2:]) if parts > 1 else period
            archives[granularity].append(
                {
                    "dates": dates,
                    "articles": [article for article in articles if id(article) in members],
                    "save_as": save_as.format(date=first),
                    "url": settings[url_setting].format(date=first),
                    "period": named,
                    "period_num": period,
                }
            )
    return archives


class ArticleList(list):
    """A list of articles that answers ``in`` from a set of their identities (Pelican asks it of
    every article of the site for each source's, tag's and author's list). Made once the lists are complete."""

    def __init__(self, articles: Iterable = ()):
        super().__init__(articles)
        self._members = {id(article) for article in self}

    def __contains__(self, article) -> bool:
        return id(article) in self._members


def with_article_lists(pairs: Iterable[tuple]) -> list[tuple]:
    """Pelican's (author, articles) pairs (or a source's, or a tag's) with each list an :class:`ArticleList`."""
    return [(name, ArticleList(articles)) for name, articles in pairs]


TERM_KINDS = {"tag": "tags", "category": "categories", "author": "authors"}  # template -> the generator's pairs


def write_term_pages(generator, kind: str, write: Callable) -> None:
    """What Pelican's ``generate_tags`` (``kind`` "tag"), ``generate_categories`` or ``generate_authors`` writes:
    each term's page, with its ``dates`` (its articles in the site's date order) placed by rank."""
    rank = {id(article): n for n, article in enumerate(generator.dates)}
    template = generator.get_template(kind)
    terms = getattr(generator, TERM_KINDS[kind])
    for term, articles in terms.items() if isinstance(terms, Mapping) else terms:
        dates = sorted((article for article in articles if id(article) in rank), key=lambda article: rank[id(article)])
        try:
            write(
                term.save_as,
                template,
                generator.context,
                url=term.url,
                articles=articles,
                dates=dates,
                template_name=kind,
                blog=True,
                page_name=term.page_name,
                all_articles=generator.articles,
                **{kind: term},
            )
        except FileOverwriteFailedError:
            if term.slug:
                logger.error('Failed to write %s page for "%s".', kind.title(), term)
                raise
            logger.info('%s "%s" has an invalid slug; skipping writing its page...', kind.title(), term)
