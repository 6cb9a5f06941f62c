"""Feeds: the list in ``feeds.yml`` and the items of an RSS or Atom feed."""

from __future__ import annotations

import datetime as dt
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import feedparser
import yaml

from newsarchive.errors import NewsarchiveError
from newsarchive.fetch.urls import UrlError, canonical_url


class FeedError(NewsarchiveError):
    """``feeds.yml`` or a feed cannot be read; the message names the file or URL and the problem."""


@dataclass(frozen=True)
class Feed:
    """A feed to follow, with what to say of its articles when they do not say it themselves."""

    url: str
    source: str | None = None
    tags: tuple[str, ...] = ()
    language: str | None = None


@dataclass(frozen=True)
class FeedItem:
    url: str
    title: str | None = None
    published: str | None = None  # ISO 8601, UTC


_FEED_KEYS = {"url", "source", "tags", "language"}


def read_feeds_file(path: Path) -> tuple[Feed, ...]:
    """The feeds listed in ``feeds.yml`` (see the README for its format)."""
    if not path.exists():
        raise FeedError(f"{path}: no such file; list your feeds there (see the README, 'Fetching')")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise FeedError(f"{path}: not valid YAML ({error})") from None
    except UnicodeDecodeError:
        raise FeedError(f"{path}: not UTF-8 text; feeds.yml is a YAML file") from None
    entries = data.get("feeds") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise FeedError(f"{path}: expected a 'feeds:' list")
    feeds = []
    for number, entry in enumerate(entries, 1):
        where = f"{path}: feed {number}"
        if isinstance(entry, str):
            entry = {"url": entry}
        if not isinstance(entry, dict) or "url" not in entry:
            raise FeedError(f"{where}: each feed needs a 'url'")
        unknown = set(entry) - _FEED_KEYS
        if unknown:
            raise FeedError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(_FEED_KEYS))})")
        tags = entry.get("tags") or []
        if isinstance(tags, str):
            tags = [tags]
        if not all(isinstance(t, str) for t in tags):
            raise FeedError(f"{where}: 'tags' must be a list of words")
        try:
            canonical_url(str(entry["url"]))
        except UrlError as error:
            raise FeedError(f"{where}: {error}") from None
        feeds.append(Feed(url=str(entry["url"]), source=entry.get("source"), tags=tuple(tags), language=entry.get("language")))
    return tuple(feeds)


def parse_feed(data: bytes, feed_url: str) -> tuple[FeedItem, ...]:
    """The items of an RSS or Atom feed: links made absolute, each article once, in feed order."""
    parsed = feedparser.parse(data, response_headers={"content-location": feed_url})
    if parsed.bozo and not parsed.entries:
        raise FeedError(f"{feed_url}: not an RSS or Atom feed ({parsed.get('bozo_exception')})")
    items, seen = [], set()
    for entry in parsed.entries:
        link = entry.get("link") or next((alt.get("href") for alt in entry.get("links", []) if alt.get("href")), None)
        if not link:
            continue
        url = urllib.parse.urljoin(feed_url, link)
        try:
            key = canonical_url(url)
        except UrlError:
            continue
        if key in seen:
            continue
        seen.add(key)
        items.append(FeedItem(url=url, title=entry.get("title"), published=_published(entry)))
    return tuple(items)


def _published(entry) -> str | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not stamp:
        return None
    return dt.datetime(*stamp[:6], tzinfo=dt.UTC).isoformat()
