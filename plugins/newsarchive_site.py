"""Pelican plugin: a thin adapter from Pelican's signals to the newsarchive package.

- at start, newsarchive's settings are checked (a wrong one stops the build with a clear message);
- an article's ``source_url`` is kept only if it is an http(s) address (it becomes a link);
- each article's ``source`` becomes its category, so Pelican makes one page per source,
  and a known outlet's home page is offered where the original's address was not recorded;
- when the site is written, the search index is brought up to date and exported
  into output/search/ for the site's search page, and robots.txt and (when SITEURL
  is an address) sitemap.xml are written.
"""

import logging
from pathlib import Path

from pelican import signals
from pelican.contents import Article, Category

from newsarchive.addresses import web_address
from newsarchive.build import build_lock
from newsarchive.publish import is_absolute_url, write_robots, write_sitemap
from newsarchive.search import export_static, update_index
from newsarchive.settings import archive_settings
from newsarchive.sites import site_named

logger = logging.getLogger(__name__)


def check_settings(pelican):
    _ = archive_settings(pelican.settings).corrections  # reading entities.yml: a broken one stops the build here


def source_as_category(content):
    # Checked again where it becomes a link: a hand-written article may hold any text here.
    if "source_url" in content.metadata:
        content.source_url = web_address(content.metadata["source_url"])
    source = content.metadata.get("source")
    if isinstance(content, Article) and source:
        content.category = Category(str(source), content.settings)
        site = site_named(str(source))
        content.source_homepage = site.homepage if site else None


_ARTICLE_URLS: dict[int, dict[str, str]] = {}  # per build (its settings' id): article file -> URL
_ARTICLE_DATES: dict[int, dict] = {}  # per build: article URL -> when it last changed


def remember_article_urls(generator):
    archive = archive_settings(generator.settings)
    _ARTICLE_URLS[id(generator.settings)] = {
        Path(article.source_path).resolve().relative_to(archive.articles_path).as_posix(): article.url
        for article in generator.articles
        if Path(article.source_path).resolve().is_relative_to(archive.articles_path)
    }
    _ARTICLE_DATES[id(generator.settings)] = {article.url: getattr(article, "modified", article.date) for article in generator.articles}


def update_search_index(pelican):
    archive = archive_settings(pelican.settings)
    with build_lock(archive):  # already held when `invoke build` runs Pelican; taken when Pelican runs alone
        report = update_index(archive.articles_path, archive.search_index_path, archive.corrections)
        for failure in report.failed:
            logger.warning("left out of the search: %s", failure)
        urls = _ARTICLE_URLS.pop(id(pelican.settings), {})
        export_static(archive.search_index_path, Path(pelican.settings["OUTPUT_PATH"]) / "search", urls)


def write_crawler_files(pelican):
    output = Path(pelican.settings["OUTPUT_PATH"])
    siteurl = pelican.settings.get("SITEURL") or ""
    dates = _ARTICLE_DATES.pop(id(pelican.settings), {})
    write_robots(output, siteurl)
    # A sitemap lists absolute addresses: only a site that knows its own (publishconf.py) has one.
    if is_absolute_url(siteurl):
        write_sitemap(output, siteurl, dates)
    else:
        (output / "sitemap.xml").unlink(missing_ok=True)  # one left by a published build


def register():
    signals.initialized.connect(check_settings)
    signals.content_object_init.connect(source_as_category)
    signals.article_generator_finalized.connect(remember_article_urls)
    signals.finalized.connect(update_search_index)
    signals.finalized.connect(write_crawler_files)
