"""Pelican plugin: pages for the people and places the archive names.

A thin adapter: newsarchive.entities.registry finds who and where, in which
articles and with whom; this writes /people/, /places/, a page for each, an
Atom feed for each when feeds are on, and gives article pages their links.

An entity's feed gives each article's title, link, date and source, not its text
nor its byline: the site's own feeds carry the text, and a feed per person or place
would repeat each article as often as it names people and places (at 10,000
articles, 375 MB of feeds). It lists the newest ENTITY_FEED_MAX_ITEMS articles (a
reader polling it needs the new ones, not the archive), and only people and places
named in ENTITY_FEED_MIN_ARTICLES articles or more have one: a feed of one or two
articles is not worth following, and most names are named once.
"""

import shutil
from pathlib import Path

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from newsarchive.entities.gazetteer import default_gazetteer
from newsarchive.entities.registry import (
    KINDS,
    OTHER_LETTERS,
    ArticleRef,
    EntityRegistry,
    SpellingsCache,
    article_states,
    entity_page_inputs,
)
from newsarchive.entities.timeline import timeline_svg
from newsarchive.files import package_fingerprint
from newsarchive.pagecache import PageCache, site_fingerprint
from newsarchive.settings import setting_in


class EntityPagesGenerator(Generator):
    def generate_context(self):
        articles = self.context.get("articles", [])
        self.by_key = {article.source_path: article for article in articles}
        gazetteer = default_gazetteer()
        found = SpellingsCache(Path(self.settings["CACHE_PATH"]) / "entity-spellings.json", package_fingerprint())
        refs = [
            ArticleRef(
                key=article.source_path,
                title=article.title,
                date=article.date,
                source=str(article.category),
                url=article.url,
                people=(people := tuple(article.metadata.get("people") or ())),
                places=(places := tuple(article.metadata.get("places") or ())),
                spelled=found.of(article.content, people, places, gazetteer),
            )
            for article in articles
        ]
        found.save()
        self.registry = EntityRegistry(refs, gazetteer)
        self.page_from = setting_in(self.settings, "ENTITY_PAGE_MIN_ARTICLES")
        for article in articles:
            article.people_links = [self._link("person", name) for name in article.metadata.get("people") or ()]
            article.place_links = [self._link("place", name) for name in article.metadata.get("places") or ()]

    def _link(self, kind, name):
        entity = self.registry.get(kind, name)
        return entity.name, self.page_of(entity)

    def page_of(self, entity):
        """The entity's page (its URL), if it has one: named in ENTITY_PAGE_MIN_ARTICLES articles or more."""
        return f"{entity.url_kind}/{entity.slug}/" if len(entity.articles) >= self.page_from else None

    def generate_output(self, writer):
        relative = self.settings.get("RELATIVE_URLS")
        feeds = bool(self.settings.get("FEED_ALL_ATOM"))
        feed_from = setting_in(self.settings, "ENTITY_FEED_MIN_ARTICLES")
        feed_items = setting_in(self.settings, "ENTITY_FEED_MAX_ITEMS")
        list_max = setting_in(self.settings, "ENTITY_LIST_MAX_NAMES")
        remove_stale_pages(Path(self.output_path), self.registry, self.page_of)
        # An entity's page is rendered again only when what it shows changed (people/ and
        # places/ are kept between builds: OUTPUT_RETENTION).
        site = site_fingerprint(self.settings, Path(self.theme), [(p.title, p.url) for p in self.context.get("pages", [])])
        pages = PageCache(Path(self.settings["CACHE_PATH"]), "entity-pages", Path(self.output_path), site)
        states = article_states(self.registry, self.page_of)
        for kind in KINDS:
            entities = self.registry.of_kind(kind)
            if not entities:
                continue
            folder = entities[0].url_kind
            # One list in two orders: the list_max most named first, and A–Z whole or, when longer, a page a
            # letter (a-z-b.html) with a-z.html listing the letters. No person's or place's folder ends in .html.
            by_letter = self.registry.by_letter(kind) if len(entities) > list_max else {}
            letters = [(letter, "Other" if letter == OTHER_LETTERS else letter.upper(), len(names)) for letter, names in by_letter.items()]
            lists = [
                ("index.html", "count", entities[:list_max], None, None),
                ("a-z.html", "name", [] if by_letter else self.registry.alphabetical(kind), None, None),
            ]
            lists += [(f"a-z-{letter}.html", "name", by_letter[letter], letter, label) for letter, label, _ in letters]
            for page, order, listed, letter, label in lists:
                writer.write_file(
                    f"{folder}/{page}",
                    self.get_template("entities"),
                    self.context,
                    relative_urls=relative,
                    url=f"{folder}/" if page == "index.html" else f"{folder}/{page}",
                    kind=kind,
                    folder=folder,
                    order=order,
                    entities=listed,
                    total=len(entities),
                    letters=letters,
                    letter=letter,
                    letter_label=label,
                    page_of=self.page_of,
                )
            written = {page for page, *_ in lists}
            for stale in (Path(self.output_path) / folder).glob("a-z-*.html"):  # letters no longer listed apart
                if stale.name not in written:
                    stale.unlink()
            for entity in entities:
                if not self.page_of(entity):
                    continue
                feed = f"feeds/{folder}/{entity.slug}.atom.xml" if feeds and len(entity.articles) >= feed_from else None
                path = f"{folder}/{entity.slug}/index.html"
                if not pages.unchanged(path, entity_page_inputs(entity, states, feed)):
                    people_with = [(other, n, self.page_of(other)) for other, n in entity.named_with(self.registry, "person")]
                    places_with = [(other, n, self.page_of(other)) for other, n in entity.named_with(self.registry, "place")]
                    writer.write_file(
                        path,
                        self.get_template("entity"),
                        self.context,
                        relative_urls=relative,
                        url=f"{folder}/{entity.slug}/",
                        entity=entity,
                        entity_feed=feed,
                        timeline=Markup(timeline_svg(entity.months(), entity.name)),
                        people_with=people_with,
                        places_with=places_with,
                    )
                if feed:
                    articles = [TitleAndLink(self.by_key[ref.key]) for ref in entity.by_date()[:feed_items]]
                    writer.write_feed(articles, self.context, feed, feed_title=entity.name)
        pages.save()


class TitleAndLink:
    """An article as an entity's feed gives it: Pelican's feed writer finds no content, summary or author."""

    summary = None
    author = None

    def __init__(self, article):
        self._article = article

    def __getattr__(self, name):
        return getattr(self._article, name)

    def get_content(self, siteurl):
        return None


def remove_stale_pages(output: Path, registry: EntityRegistry, page_of) -> None:
    """Pages of people and places no article names any more (after a correction, say), or too few
    to have a page, go; with no one left, the list goes too."""
    for kind in KINDS:
        folder = output / ("people" if kind == "person" else "places")
        current = {entity.slug for entity in registry.of_kind(kind) if page_of(entity)}
        if not registry.of_kind(kind):
            shutil.rmtree(folder, ignore_errors=True)
            continue
        for page in folder.glob("*/index.html") if folder.is_dir() else ():
            if page.parent.name not in current:
                shutil.rmtree(page.parent)


def get_generators(pelican):
    return EntityPagesGenerator


def register():
    signals.get_generators.connect(get_generators)
