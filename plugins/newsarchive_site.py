"""Pelican plugin: a thin adapter from Pelican's signals to the newsarchive package.

- an article's ``source_url`` is kept only if it is an http(s) address (it becomes a link);
- each article's ``source`` becomes its category, so Pelican makes one page per source,
  and a known outlet's home page is offered where the original's address was not recorded;
- with ``SITE_PERIOD`` set, articles of other days are left out before Pelican makes its
  pages of sources, tags and dates (and before the entity pages are made);
- a reader is told what an article was archived from (the kind of capture, when fetched),
  not its path in the project;
- a feed entry names all the article's authors, or has no author element when it has none
  (Pelican writes its first author only, and an empty ``<author>`` when there is none);
- a source's or a tag's feed gives each article's summary and link, not its text: the
  site's feed of all articles carries the text (a feed per source repeated every article
  whole: 6.3 of 33.2 KB an article on 2,225 articles of real news text);
- each period's, source's, tag's and author's list of articles is made, and each source's,
  tag's and author's page given its articles by date, in linear time (``newsarchive.listings``:
  Pelican's own take articles × articles, or terms × articles, steps);
- an article's address is formatted once (Pelican formats it from the settings each time
  it is asked: 100,000 times a build at 10,000 articles);
- the content cache's md5 of each article file is remembered with the file's stamp
  (``newsarchive.files.StampedFiles``): an unchanged file is not read to be checked.
- the templates get ``SITE_ADDRESS``, the site's address, where a page's ``SITEURL`` is relative
  to it (the 404 page links from it);
- with ``MINIFY_HTML`` on (the published site), each page Pelican writes is minified
  (``newsarchive.minify``).

The stages around Pelican (converting, the search index and its files, sitemap.xml and
robots.txt) are run by ``newsarchive.build``, the pipeline `invoke build` calls.
"""

import hashlib
from functools import partial
from pathlib import Path

from pelican import signals
from pelican.contents import Article, Author, Category

from newsarchive.addresses import web_address
from newsarchive.captures import archived_from
from newsarchive.files import StampedFiles
from newsarchive.listings import TERM_KINDS, period_archives, with_article_lists, write_term_pages
from newsarchive.minify import minify_page
from newsarchive.settings import setting_in, site_period
from newsarchive.sites import site_named


def source_as_category(content):
    # Checked again where it becomes a link: a hand-written article may hold any text here.
    if "source_url" in content.metadata:
        content.source_url = web_address(content.metadata["source_url"])
    source = content.metadata.get("source")
    if isinstance(content, Article) and source:
        content.category = Category(str(source), content.settings)
        site = site_named(str(source))
        content.source_homepage = site.homepage if site else None


def what_it_was_archived_from(content):
    if isinstance(content, Article) and content.metadata.get("capture"):
        content.archived_from = archived_from(str(content.metadata["capture"]), content.metadata.get("captured") or ())


def every_author_in_feeds(content):
    authors = getattr(content, "authors", None) or []
    if len(authors) > 1:  # Pelican's feeds name ``author``, its first; the pages list ``authors``
        content.author = Author(", ".join(str(author) for author in authors), content.settings)


def no_empty_author(context, feed):
    for item in feed.items:
        if not item["author_name"]:
            item["author_name"] = None


def summaries_in_source_and_tag_feeds(context, feed):
    url = feed.feed.get("feed_url") or ""
    folders = [str(context.get(name) or "").partition("{slug}")[0] for name in ("CATEGORY_FEED_ATOM", "TAG_FEED_ATOM")]
    if any(folder and f"/{folder}" in f"/{url.split('://')[-1]}" for folder in folders):
        for item in feed.items:
            # Pelican leaves out a summary equal to the text (a short article): the text is the summary then.
            item["description"] = item["description"] or item["content"]
            item["content"] = None


def site_address(generator):
    # The 404 page is shown at any missing address, at any depth: its links cannot be relative to
    # where it is saved (RELATIVE_URLS), so it links from the site's address, as feeds do.
    generator.context.setdefault("SITE_ADDRESS", generator.settings.get("SITEURL") or "")


def minified_page(path, context):
    if path.endswith(".html") and setting_in(context, "MINIFY_HTML"):
        minify_page(Path(path))


def keep_site_period(generator):
    period = site_period(generator.settings)
    if period:
        generator.articles = [article for article in generator.articles if period.holds(article.date)]
        generator.translations = [article for article in generator.translations if period.holds(article.date)]


def addresses_formatted_once(generator):
    # Once every article's status is final (a draft's address is another). Pelican answers
    # ``url`` from ``override_url`` when an article has one; not ``save_as``: an article with
    # ``override_save_as`` may overwrite another's page without an error.
    for article in (*generator.articles, *generator.translations):
        article.override_url = article.url


_DIGESTS_FILE = "article-md5.json"


def md5_by_stamp(generator):
    # Pelican checks every article file against its content cache by the md5 of its bytes
    # (CHECK_MODIFIED_METHOD): the same md5, from a file read only when its stamp changed.
    if generator.settings.get("CHECK_MODIFIED_METHOD") != "md5" or not generator.settings.get("CACHE_CONTENT"):
        return
    digests = StampedFiles(Path(generator.settings["CACHE_PATH"]) / _DIGESTS_FILE, lambda data: hashlib.md5(data).hexdigest())
    md5 = lambda filename: bytes.fromhex(digests.of(Path(filename)))  # noqa: E731
    for cacher in (generator, generator.readers):  # (which caches depends on CONTENT_CACHING_LAYER)
        if hasattr(cacher, "_filestamp_func"):
            cacher._filestamp_func = md5
    generator.newsarchive_md5 = digests  # saved once the generator has read every article


def save_md5(generator):
    if digests := getattr(generator, "newsarchive_md5", None):
        digests.save()


def linear_period_archives(generator):
    generator._build_period_archives = period_archives  # (this generator's: Pelican's class is left as it is)


def linear_term_pages(generator):
    for kind, pairs in TERM_KINDS.items():  # generate_tags, generate_categories, generate_authors (this generator's)
        setattr(generator, f"generate_{pairs}", partial(write_term_pages, generator, kind))


def linear_lists_of_articles(generator):
    # In place: the context holds the same lists (and tags the same dict).
    generator.authors[:] = with_article_lists(generator.authors)
    generator.categories[:] = with_article_lists(generator.categories)
    generator.tags.update(with_article_lists(generator.tags.items()))


def register():
    signals.content_object_init.connect(source_as_category)
    signals.content_object_init.connect(what_it_was_archived_from)
    signals.content_object_init.connect(every_author_in_feeds)
    signals.article_generator_pretaxonomy.connect(keep_site_period)
    signals.article_generator_pretaxonomy.connect(addresses_formatted_once)
    signals.generator_init.connect(site_address)
    signals.article_generator_init.connect(linear_period_archives)
    signals.article_generator_init.connect(md5_by_stamp)
    signals.article_generator_finalized.connect(save_md5)
    signals.article_generator_init.connect(linear_term_pages)
    signals.article_generator_finalized.connect(linear_lists_of_articles)
    signals.feed_generated.connect(no_empty_author)
    signals.feed_generated.connect(summaries_in_source_and_tag_feeds)
    signals.content_written.connect(minified_page)
