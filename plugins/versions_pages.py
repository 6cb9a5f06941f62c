"""Pelican plugin: every version of an article, what changed, and the archive's Changes page and feed.

A thin adapter: newsarchive.versions reads each capture an article names in its
``versions`` and diffs them; this gives article pages their list of versions and
their diffs, and writes /changes/ and, when feeds are on, feeds/changes.atom.xml.
"""

from pathlib import Path

from feedgenerator import Atom1Feed
from pelican import signals
from pelican.generators import Generator

from newsarchive.versions import EPOCH, ArchiveChange, changes, recent_changes, stamp_time, versions_of

FEED = "feeds/changes.atom.xml"


class VersionPagesGenerator(Generator):
    def generate_context(self):
        root = Path(self.settings.get("ARCHIVE_ROOT") or Path(self.settings["PATH"]).parent)
        found = []
        for article in self.context.get("articles", []):
            refs = article.metadata.get("versions") or ()
            versions = versions_of([str(ref) for ref in refs], root) if refs else []
            article.version_list = versions
            article.changes = changes(versions)
            found += [ArchiveChange(article.title, article.url, change) for change in article.changes]
        self.recent = recent_changes(found)

    def generate_output(self, writer):
        feed = FEED if self.settings.get("FEED_ALL_ATOM") else None
        writer.write_file(
            "changes/index.html",
            self.get_template("changes"),
            self.context,
            relative_urls=self.settings.get("RELATIVE_URLS"),
            url="changes/",
            recent=self.recent,
            changes_feed=feed,
        )
        if feed:
            write_changes_feed(Path(self.output_path) / feed, self.settings, self.recent)


class StableAtom(Atom1Feed):
    """An Atom feed whose date is its newest entry's, and the epoch when it has none (not the
    time of the build: rebuilding gives the same site)."""

    def latest_post_date(self):
        return super().latest_post_date() if self.items else EPOCH


def write_changes_feed(path: Path, settings: dict, recent: list[ArchiveChange]) -> None:
    """The Changes page as Atom: one entry a change, newest first, its summary as the text."""
    site = settings.get("FEED_DOMAIN") or settings.get("SITEURL", "")
    atom = StableAtom(title=f"{settings.get('SITENAME', '')}: changes", link=f"{site}/changes/", description="")
    for item in recent[:100]:
        when = item.change.after.captured or item.change.before.captured
        atom.add_item(
            title=f"{item.article_title}: {item.change.summary()}",
            link=f"{site}/{item.article_at}",
            unique_id=f"{site}/{item.article_at}#change-{item.change.after.capture}",
            description=f"{item.change.before.captured} → {when}: {item.change.summary()}",
            pubdate=stamp_time(when) if when else EPOCH,
            updateddate=stamp_time(when) if when else EPOCH,
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        atom.write(out, "utf-8")


def get_generators(pelican):
    return VersionPagesGenerator


def register():
    signals.get_generators.connect(get_generators)
