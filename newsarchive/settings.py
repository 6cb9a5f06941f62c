"""newsarchive's own settings: each with its default and one line of help, checked at start.

They live in ``pelicanconf.py`` beside Pelican's, so a project has one settings
file. Relative paths are relative to ``ARCHIVE_ROOT`` (the project's folder).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsarchive.errors import NewsarchiveError


class SettingsError(NewsarchiveError):
    """A setting has a wrong value; the message names the setting and the problem."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    kind: type


SETTINGS = (
    Setting("ARCHIVE_ROOT", ".", "The project's folder; the paths below are relative to it.", str),
    Setting("CAPTURES_PATH", "captures", "Raw captures, each with a JSON provenance sidecar.", str),
    Setting("ARTICLES_PATH", "content/articles", "Where converted articles are written; inside Pelican's PATH.", str),
    Setting("SEARCH_INDEX_PATH", "search-index", "The Whoosh index; kept outside OUTPUT_PATH.", str),
    Setting("SEARCH_RESULTS", 10, "How many results `invoke search` shows by default.", int),
    Setting("FEEDS_FILE", "feeds.yml", "The feeds `invoke update` follows, with their defaults.", str),
    Setting("ENTITIES_FILE", "entities.yml", "Your corrections to the people and places found (merge, alias, rename, drop).", str),
    Setting("FETCH_CONTACT_URL", "", "Where site owners can reach you; sent in the User-Agent.", str),
    Setting("FETCH_DELAY", 1.0, "Seconds between two requests to one host (robots.txt may ask for more).", float),
    Setting("FETCH_CONCURRENCY", 4, "How many hosts are fetched from at once.", int),
    Setting("FETCH_CONNECT_TIMEOUT", 10.0, "Seconds to wait for a connection.", float),
    Setting("FETCH_READ_TIMEOUT", 30.0, "Seconds to wait for the server between two pieces of a response.", float),
    Setting("FETCH_RETRIES", 3, "Retries after a 429, a 5xx or a timeout, waiting longer each time.", int),
    Setting("FETCH_MAX_BYTES", 15 * 1024 * 1024, "The largest page kept, in bytes.", int),
    Setting("FETCH_PAGE_DEADLINE", 120.0, "Seconds a page may take to arrive in all, however steadily it trickles.", float),
    Setting(
        "FETCH_ALLOWED_NETWORKS",
        (),
        "Private or local networks that may be fetched (e.g. ['127.0.0.0/8']); by default none is.",
        tuple,
    ),
    Setting("GITHUB_PAGES_BRANCH", "gh-pages", "The branch `invoke gh-pages` publishes the site to.", str),
    Setting("GITHUB_PAGES_REMOTE", "origin", "The git remote `invoke gh-pages` pushes that branch to.", str),
    Setting("GITHUB_PAGES_CNAME", "", "A custom domain for the site (e.g. news.example.org), written to CNAME; empty for none.", str),
)


@dataclass(frozen=True)
class ArchiveSettings:
    """The checked settings, paths made absolute."""

    root: Path
    captures_path: Path
    articles_path: Path
    search_index_path: Path
    search_results: int
    feeds_file: Path
    entities_file: Path
    fetch: FetchSettings
    pages: PagesSettings

    @property
    def corrections(self):
        """The corrections in ENTITIES_FILE (read each time: a build picks up an edit)."""
        from newsarchive.entities.corrections import load_corrections

        return load_corrections(self.entities_file)


@dataclass(frozen=True)
class PagesSettings:
    branch: str
    remote: str
    cname: str


@dataclass(frozen=True)
class FetchSettings:
    contact_url: str
    delay: float
    concurrency: int
    connect_timeout: float
    read_timeout: float
    retries: int
    max_bytes: int
    page_deadline: float
    allowed_networks: tuple[str, ...]

    @property
    def user_agent(self) -> str:
        """Names the project, and the archive's contact when one is set."""
        contact = f"; +{self.contact_url}" if self.contact_url else ""
        return f"newsarchive/{_version()} (news archiver{contact})"


def archive_settings(values: Mapping[str, Any]) -> ArchiveSettings:
    """Check newsarchive's settings in a Pelican settings mapping; fill in defaults."""
    checked = {}
    for setting in SETTINGS:
        value = values.get(setting.name, setting.default)
        if setting.kind is tuple and isinstance(value, list):
            value = tuple(value)
        if setting.kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, setting.kind) or isinstance(value, bool):
            kind = "list" if setting.kind is tuple else setting.kind.__name__
            raise SettingsError(f"{setting.name} must be a {kind}, not {value!r} ({setting.help})")
        checked[setting.name] = value
    for name in ("SEARCH_RESULTS", "FETCH_CONCURRENCY", "FETCH_MAX_BYTES"):
        if checked[name] < 1:
            raise SettingsError(f"{name} must be at least 1, not {checked[name]}")
    for name in ("FETCH_DELAY", "FETCH_RETRIES", "FETCH_CONNECT_TIMEOUT", "FETCH_READ_TIMEOUT"):
        if checked[name] < 0:
            raise SettingsError(f"{name} must not be negative, not {checked[name]}")
    if checked["FETCH_PAGE_DEADLINE"] <= 0:
        raise SettingsError(f"FETCH_PAGE_DEADLINE must be more than 0 seconds, not {checked['FETCH_PAGE_DEADLINE']}")
    for network in checked["FETCH_ALLOWED_NETWORKS"]:
        try:
            ipaddress.ip_network(network, strict=False)
        except (TypeError, ValueError):
            raise SettingsError(f"FETCH_ALLOWED_NETWORKS: {network!r} is not a network such as '127.0.0.0/8' or '10.0.0.5'") from None

    cname = checked["GITHUB_PAGES_CNAME"]
    if cname and not re.fullmatch(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}", cname, re.IGNORECASE):
        raise SettingsError(f"GITHUB_PAGES_CNAME must be a domain name such as news.example.org, not {cname!r}")
    for name in ("GITHUB_PAGES_BRANCH", "GITHUB_PAGES_REMOTE"):
        if not re.fullmatch(r"[\w./-]+", checked[name]) or checked[name].startswith("-"):
            raise SettingsError(f"{name} must be a git branch or remote name, not {checked[name]!r}")

    root = Path(checked["ARCHIVE_ROOT"]).resolve()

    def path(name: str) -> Path:
        return (root / checked[name]).resolve()

    settings = ArchiveSettings(
        root=root,
        captures_path=path("CAPTURES_PATH"),
        articles_path=path("ARTICLES_PATH"),
        search_index_path=path("SEARCH_INDEX_PATH"),
        search_results=checked["SEARCH_RESULTS"],
        feeds_file=path("FEEDS_FILE"),
        entities_file=path("ENTITIES_FILE"),
        fetch=FetchSettings(
            contact_url=checked["FETCH_CONTACT_URL"],
            delay=checked["FETCH_DELAY"],
            concurrency=checked["FETCH_CONCURRENCY"],
            connect_timeout=checked["FETCH_CONNECT_TIMEOUT"],
            read_timeout=checked["FETCH_READ_TIMEOUT"],
            retries=checked["FETCH_RETRIES"],
            max_bytes=checked["FETCH_MAX_BYTES"],
            page_deadline=checked["FETCH_PAGE_DEADLINE"],
            allowed_networks=tuple(checked["FETCH_ALLOWED_NETWORKS"]),
        ),
        pages=PagesSettings(
            branch=checked["GITHUB_PAGES_BRANCH"],
            remote=checked["GITHUB_PAGES_REMOTE"],
            cname=checked["GITHUB_PAGES_CNAME"],
        ),
    )
    _check_layout(settings, values)
    return settings


def _check_layout(settings: ArchiveSettings, values: Mapping[str, Any]) -> None:
    content = values.get("PATH")
    output = values.get("OUTPUT_PATH")
    if content and not settings.articles_path.is_relative_to(Path(content).resolve()):
        raise SettingsError(
            f"ARTICLES_PATH ({settings.articles_path}) must be inside Pelican's PATH ({content}), or Pelican will not build the articles"
        )
    if output and settings.search_index_path.is_relative_to(Path(output).resolve()):
        raise SettingsError(
            f"SEARCH_INDEX_PATH ({settings.search_index_path}) must be outside OUTPUT_PATH ({output}): "
            "the output folder is wiped on rebuild"
        )


def describe() -> str:
    """A table of the settings with their defaults and help, for the README and `invoke settings`."""
    return "\n".join(f"{s.name} = {s.default!r}\n    {s.help}" for s in SETTINGS)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsarchive")
    except PackageNotFoundError:
        return "dev"
