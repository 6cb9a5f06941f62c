"""Pelican plugin: a build renders only the article and list pages whose content changed.

A thin adapter around newsarchive.pagecache.KeptPages. Pelican renders and writes every
page every build: at 10,000 articles, adding one rewrote 10,000 article pages and every
author's, source's and tag's list. This writer asks first, for the pages whose inputs it
can name, whether those inputs changed since the last build:

- an article's page (article.html): the article's own state (its text, metadata and what
  the plugins gave it: people's links, versions) and its text as that page shows it;
- a list of articles (an author's, a source's or a tag's, a month's or a year's): the
  state of each article listed, in order, and the period;

and, for every page, the code, templates, settings and the static pages the menu lists.
Other pages (the home page and its pages, the lists of all sources, tags and authors,
feeds) are rendered every build. Pelican's emptying of the output spares the folders
that hold kept pages; what the last build wrote there and this one did not is removed.
"""

import os
from pathlib import Path

from pelican import signals
from pelican.utils import get_relative_path, path_to_url
from pelican.writers import Writer

from newsarchive.pagecache import KeptPages, Unstable, setup_fingerprint, site_fingerprint, stable_digest, stable_text

LIST_TEMPLATES = ("author.html", "category.html", "tag.html", "period_archives.html")


def spare_kept_folders(pelican) -> None:
    """As Pelican starts: the last build's record handed to this one, and the folders of pages it may keep
    spared when Pelican empties the output (this build removes their stale files)."""
    settings = pelican.settings
    setup = setup_fingerprint(settings, Path(settings["THEME"]))
    pages = KeptPages.begin(Path(settings["CACHE_PATH"]), Path(settings["OUTPUT_PATH"]), setup)
    if pelican.delete_outputdir:
        pelican.output_retention = [*pelican.output_retention, *pages.folders()]


class KeepingWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.pages = KeptPages.resume(Path(self.settings["CACHE_PATH"]), Path(output_path))
        self._states: dict[int, object] = {}  # article (by id) -> its state, taken once a build
        self._site = None
        self._opened: list[str] = []
        signals.finalized.connect(self.finish)

    def _open_w(self, filename, encoding, override=False):
        self._opened.append(filename)
        return super()._open_w(filename, encoding, override)

    def write_file(
        self, name, template, context, relative_urls=False, paginated=None, template_name=None, override_output=False, url=None, **kwargs
    ):
        inputs = self._inputs(name, template, context, relative_urls, override_output, url, kwargs) if name else None
        if self.pages.unchanged(name, inputs):
            return
        self._opened = []
        super().write_file(name, template, context, relative_urls, paginated, template_name, override_output, url, **kwargs)
        self._wrote(name)

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        self._opened = []
        feed = super().write_feed(elements, context, path, *args, **kwargs)
        if path:
            self._wrote(path)
        return feed

    def _wrote(self, name) -> None:
        files = [Path(path).relative_to(self.output_path).as_posix() for path in self._opened if path != os.devnull]
        self.pages.wrote(name, files)

    def _inputs(self, name, template, context, relative_urls, override_output, url, kwargs):
        """What the page shows, as stable text; None for a page rendered every build."""
        if not (template.name == "article.html" and "article" in kwargs) and template.name not in LIST_TEMPLATES:
            return None
        if self._site is None:
            self._site = site_fingerprint(self.settings, Path(self.settings["THEME"]), [(p.title, p.url) for p in context.get("pages", [])])
        try:
            if template.name == "article.html":
                article = kwargs["article"]
                # The text with its links made relative to this page, as the page will show it (Pelican keeps it).
                siteurl = path_to_url(get_relative_path(name)) if relative_urls else context.get("localsiteurl", "")
                shown = [self._state(article), stable_digest(article.get_content(siteurl)), str(kwargs.get("category"))]
            else:  # (all_articles, which Pelican passes too, is not shown by these templates)
                shown = [
                    [self._state(article) for article in kwargs.get("articles", ())],
                    [self._state(article) for article in kwargs.get("dates", ())],
                    [str(kwargs.get(term)) for term in ("author", "category", "tag", "page_name")],
                    [str(context.get(part)) for part in ("period", "period_num")],
                ]
            return stable_text([self._site, name, template.name, relative_urls, override_output, url, shown])
        except Unstable:
            return None

    def _state(self, article) -> object:
        """The digest of everything the article holds but the site's settings and context: taken when the pages are written, after every plugin."""
        key = id(article)
        if key not in self._states:
            self._states[key] = stable_digest({k: v for k, v in vars(article).items() if k not in ("_context", "settings")})
        return self._states[key]

    def finish(self, pelican) -> None:
        signals.finalized.disconnect(self.finish)
        output = Path(self.output_path)
        for stale in self.pages.stale(pelican.settings.get("OUTPUT_RETENTION") or ()):
            path = output / stale  # (gone already where Pelican emptied its folder)
            path.unlink(missing_ok=True)
            for folder in path.parents:
                if folder == output or (folder.is_dir() and any(folder.iterdir())):
                    break
                if folder.is_dir():
                    folder.rmdir()
        self.pages.save()


def get_writer(pelican):
    return KeepingWriter


def register():
    signals.initialized.connect(spare_kept_folders)
    signals.get_writer.connect(get_writer)
