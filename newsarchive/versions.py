"""Versions of an article: every capture of it, and what changed from one to the next.

News articles change after publication (corrections, new headlines, quiet edits) and
readers save an article more than once. Each capture of one article is a version
(``Article.versions`` names them, oldest first); converting each one again gives its
title and text, and a word diff of consecutive versions shows what changed. Identical
text from different bytes (a new ad, a new timestamp in the page) is no change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from newsarchive.articles import ArticleFileError, read_article
from newsarchive.captures import HTML_SUFFIXES, CaptureError, captured_at, load_capture
from newsarchive.convert import ConversionError, convert_capture
from newsarchive.records import Article, Heading, ListBlock, Media, Paragraph, Quote


@dataclass(frozen=True)
class Version:
    """One capture of an article, as a reader sees it."""

    capture: str  # path relative to the project
    captured: str  # when, UTC ISO 8601 ("" if not known)
    kind: str  # "HTML page" or "text copy"
    how: str  # "fetched" or "saved by hand"
    title: str
    text: str  # the body as plain text, a paragraph a line


@dataclass(frozen=True)
class Change:
    """What changed between two consecutive versions of one article."""

    before: Version
    after: Version
    title: tuple[tuple[str, str], ...]  # word diff: ("same" | "del" | "ins", text)
    body: tuple[tuple[str, str], ...]

    @property
    def words_added(self) -> int:
        return sum(len(text.split()) for op, text in self.title + self.body if op == "ins")

    @property
    def words_removed(self) -> int:
        return sum(len(text.split()) for op, text in self.title + self.body if op == "del")

    @property
    def title_changed(self) -> bool:
        return any(op != "same" for op, _ in self.title)

    def summary(self) -> str:
        """'+12 −3 words, new title'."""
        parts = [f"+{self.words_added} −{self.words_removed} words"]
        if self.title_changed:
            parts.append("new title")
        return ", ".join(parts)


def versions_of(captures: Iterable[str], root: Path) -> list[Version]:
    """The versions named by capture paths (relative to ``root``), oldest first; a capture
    that no longer converts is left out (the article shows another)."""
    found = []
    for ref in captures:
        try:
            capture = load_capture(root / ref)
            article = convert_capture(capture, ref)
        except (CaptureError, ConversionError):
            continue
        p = capture.provenance
        found.append(
            Version(
                capture=ref,
                captured=p.captured_at,
                kind="HTML page" if capture.path.suffix.lower() in HTML_SUFFIXES else "text copy",
                how="fetched" if p.http_status else "saved by hand",
                title=article.title,
                text=plain_text(article),
            )
        )
    return sorted(found, key=lambda v: (v.captured, v.capture))


def changes(versions: list[Version]) -> list[Change]:
    """What changed from each version to the next, oldest first; versions with the same title
    and text make no change."""
    found = []
    for before, after in zip(versions, versions[1:], strict=False):
        if (before.title, before.text) == (after.title, after.text):
            continue
        found.append(Change(before, after, word_diff(before.title, after.title), word_diff(before.text, after.text)))
    return found


_TOKEN = re.compile(r"\s+|[^\s]+")


def word_diff(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """The words of ``after`` against ``before``: runs of ("same" | "del" | "ins", text), spaces kept."""
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    runs: list[tuple[str, str]] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if runs and runs[-1][0] == op:
            runs[-1] = (op, runs[-1][1] + text)
        else:
            runs.append((op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("same", "".join(old[i1:i2]))
            continue
        add("del", "".join(old[i1:i2]))
        add("ins", "".join(new[j1:j2]))
    return tuple(runs)


def plain_text(article: Article) -> str:
    """An article's body as plain text, a block a line: what a diff compares."""
    lines = []
    for block in article.body:
        if isinstance(block, Paragraph | Heading):
            lines.append(block.text)
        elif isinstance(block, Media):
            lines.append(f"{block.kind}: {block.title}")
        elif isinstance(block, Quote):
            lines += [p.text for p in block.paragraphs]
        elif isinstance(block, ListBlock):
            lines += [item.text for item in block.items]
    return "\n".join(lines)


@dataclass(frozen=True)
class ArchiveChange:
    """A change to one article of the archive, for the Changes page, its feed and `invoke changes`."""

    article_title: str
    article_at: str  # where the article is: its file (relative to the articles folder), or its page (URL in the site)
    change: Change

    @property
    def when(self) -> str:
        return self.change.after.captured


def recent_changes(found: Iterable[ArchiveChange], since: dt.datetime | None = None) -> list[ArchiveChange]:
    """Changes newest first (then by article), from ``since`` on when given."""
    kept = [c for c in found if since is None or stamp_time(c.when) >= since]
    return sorted(kept, key=lambda c: (c.when, c.article_at), reverse=True)


EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
"""The date of a feed with no entries, or of an entry whose capture has no time."""


def stamp_time(stamp: str) -> dt.datetime:
    """A capture's time stamp (ISO 8601, "Z" for UTC) as a datetime; an unreadable one is the earliest."""
    try:
        when = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return dt.datetime.min.replace(tzinfo=dt.UTC)
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def with_versions(article: Article, captures: Iterable[str]) -> Article:
    """The article naming every capture of it as its versions (only when there are several)."""
    refs = tuple(captures)
    return dataclasses.replace(article, versions=refs if len(refs) > 1 else ())


def archive_changes(articles_dir: Path, root: Path) -> list[ArchiveChange]:
    """Every change to an article of the archive (articles with several captures), unsorted."""
    found = []
    for path in sorted(articles_dir.rglob("*.md")):
        try:
            article = read_article(path)
        except ArticleFileError:
            continue  # reported by the build that reads it
        if len(article.versions) > 1:
            for change in changes(versions_of(article.versions, root)):
                found.append(ArchiveChange(article.title, path.relative_to(articles_dir).as_posix(), change))
    return found


@dataclass(frozen=True)
class Refetch:
    """An archived article to ask for again: its address and the outlet it is from."""

    url: str
    source: str


def to_refetch(articles_dir: Path, root: Path, older_than: dt.timedelta | None = None, source: str | None = None) -> list[Refetch]:
    """The archived articles with an address to ask for again: all, or those whose newest
    capture is older than ``older_than``, or those of one outlet (``source``, any case)."""
    now = dt.datetime.now(dt.UTC)
    found: dict[str, Refetch] = {}
    for path in sorted(articles_dir.rglob("*.md")):
        try:
            article = read_article(path)
        except ArticleFileError:
            continue
        if not article.source_url or (source and article.source.casefold() != source.casefold()):
            continue
        if older_than is not None:
            newest = max((captured_at(root / ref) for ref in article.versions or (article.capture or "",)), default="")
            if newest and stamp_time(newest) > now - older_than:
                continue
        found.setdefault(article.source_url, Refetch(article.source_url, article.source))
    return list(found.values())
