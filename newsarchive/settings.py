"""newsarchive's own settings, declared once: name, type, default, range, help and where each goes.

They live in ``pelicanconf.py`` beside Pelican's, so a project has one settings
file. Relative paths are relative to ``ARCHIVE_ROOT`` (the project's folder).
Every setting is checked when a build starts; ``README.md``'s table lists them
all with the same defaults (a test compares the two).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican.settings import read_settings

from newsarchive.entities.corrections import load_corrections
from newsarchive.errors import NewsarchiveError
from newsarchive.periods import Period, PeriodError, parse_period


class SettingsError(NewsarchiveError):
    """A setting has a wrong value; the message names the setting and the problem."""


@dataclass(frozen=True)
class Setting:
    """One setting: what it is called, its type and default, its limits, and where its value goes."""

    name: str
    default: Any
    help: str
    kind: type
    target: str  # the attribute of ArchiveSettings it fills; "fetch.delay" for one of a group's
    minimum: float | None = None
    above: float | None = None  # the value must be more than this
    check: Callable[[Any], str | None] | None = None  # what is wrong with a value, or None
    path: bool = False  # a path, relative to ARCHIVE_ROOT


def _networks(value: tuple) -> str | None:
    for network in value:
        try:
            ipaddress.ip_network(network, strict=False)
        except (TypeError, ValueError):
            return f"{network!r} is not a network such as '127.0.0.0/8' or '10.0.0.5'"
    return None


def _domain(value: str) -> str | None:
    if value and not re.fullmatch(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}", value, re.IGNORECASE):
        return f"must be a domain name such as news.example.org, not {value!r}"
    return None


def _period(value: str) -> str | None:
    try:
        parse_period(value) if value else None
    except PeriodError as error:
        return f"must be days such as 2025 or 2024-07..2025-06, not {value!r} ({error})"
    return None


def _git_name(value: str) -> str | None:
    if not re.fullmatch(r"[\w./-]+", value) or value.startswith("-"):
        return f"must be a git branch or remote name, not {value!r}"
    return None


SETTINGS = (
    Setting("ARCHIVE_ROOT", ".", "The project's folder; the paths below are relative to it.", str, "root"),
    Setting("CAPTURES_PATH", "captures", "Raw captures, each with a JSON provenance sidecar.", str, "captures_path", path=True),
    Setting("ARTICLES_PATH", "content/articles", "Where converted articles are written; inside Pelican's PATH.", str, "articles_path", path=True),
    Setting("SEARCH_INDEX_PATH", "search-index", "The Whoosh index; kept outside OUTPUT_PATH.", str, "search_index_path", path=True),
    Setting("SEARCH_RESULTS", 10, "How many results `invoke search` shows by default, and the search page at a time.", int, "search_results", minimum=1),
    Setting(
        "SEARCH_FACET_LIMIT", 8, "How many people, places, sources and years the search page offers to narrow by, each.", int,
        "search_facet_limit", minimum=1,
    ),
    Setting(
        "SEARCH_FIRST_PAGE_MIN_ARTICLES", 50,
        "A name in at least this many articles has its first page of search results in one file, one request where each result is one (0: none has).",
        int, "search_first_page_min_articles", minimum=0,
    ),
    Setting(
        "SITE_PERIOD", "", "Publish only the articles of these days (2025, 2024-07..2025-06); empty for all. A site a period keeps a large archive under GitHub Pages' 1 GB.",
        str, "site_period", check=_period,
    ),
    Setting("FEEDS_FILE", "feeds.yml", "The feeds `invoke update` follows, with their defaults.", str, "feeds_file", path=True),
    Setting(
        "ENTITIES_FILE", "entities.yml", "Your corrections to the people and places found (merge, alias, rename, drop).", str,
        "entities_file", path=True,
    ),
    Setting(
        "ENTITY_PAGE_MIN_ARTICLES", 1, "A person or place has a page of its own only if named in at least this many articles (the lists name the others); 2 halves a large site.",
        int, "entity_page_min_articles", minimum=1,
    ),
    Setting(
        "ENTITY_LIST_MAX_NAMES", 1000, "People's and places' lists show at most this many names: the most named first list its first, and a longer A–Z list is a page a letter.",
        int, "entity_list_max_names", minimum=1,
    ),
    Setting(
        "ENTITY_FEED_MIN_ARTICLES", 10, "With feeds on, a person or place has an Atom feed (titles and links) only if named in at least this many articles.",
        int, "entity_feed_min_articles", minimum=1,
    ),
    Setting(
        "ENTITY_FEED_MAX_ITEMS", 10, "How many of a person's or place's newest articles their Atom feed lists.",
        int, "entity_feed_max_items", minimum=1,
    ),
    Setting(
        "MINIFY_HTML", False, "Write pages without the spaces and quotes they do not need (publishconf.py: on; a published site 5–10% smaller).",
        bool, "minify_html",
    ),
    Setting("FETCH_CONTACT_URL", "", "Where site owners can reach you; sent in the User-Agent.", str, "fetch.contact_url"),
    Setting("FETCH_DELAY", 1.0, "Seconds between two requests to one host (robots.txt may ask for more).", float, "fetch.delay", minimum=0),
    Setting("FETCH_CONCURRENCY", 4, "How many hosts are fetched from at once.", int, "fetch.concurrency", minimum=1),
    Setting("FETCH_CONNECT_TIMEOUT", 10.0, "Seconds to wait for a connection.", float, "fetch.connect_timeout", minimum=0),
    Setting(
        "FETCH_READ_TIMEOUT", 30.0, "Seconds to wait for the server between two pieces of a response.", float, "fetch.read_timeout",
        minimum=0,
    ),
    Setting("FETCH_RETRIES", 3, "Retries after a 429, a 5xx or a timeout, waiting longer each time.", int, "fetch.retries", minimum=0),
    Setting("FETCH_MAX_BYTES", 15 * 1024 * 1024, "The largest page kept, in bytes.", int, "fetch.max_bytes", minimum=1),
    Setting(
        "FETCH_PAGE_DEADLINE", 120.0, "Seconds a page may take to arrive in all, however steadily it trickles.", float,
        "fetch.page_deadline", above=0,
    ),
    Setting(
        "FETCH_ALLOWED_NETWORKS", (), "Private or local networks that may be fetched (e.g. ['127.0.0.0/8']); by default none is.",
        tuple, "fetch.allowed_networks", check=_networks,
    ),
    Setting("GITHUB_PAGES_BRANCH", "gh-pages", "The branch `invoke gh-pages` publishes the site to.", str, "pages.branch", check=_git_name),
    Setting("GITHUB_PAGES_REMOTE", "origin", "The git remote `invoke gh-pages` pushes that branch to.", str, "pages.remote", check=_git_name),
    Setting(
        "GITHUB_PAGES_CNAME", "", "A custom domain for the site (e.g. news.example.org), written to CNAME; empty for none.", str,
        "pages.cname", check=_domain,
    ),
)  # fmt: skip
BY_NAME = {setting.name: setting for setting in SETTINGS}


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


@dataclass(frozen=True)
class PagesSettings:
    branch: str
    remote: str
    cname: str


@dataclass(frozen=True)
class ArchiveSettings:
    """The checked settings, paths made absolute; filled from SETTINGS by their targets."""

    root: Path
    captures_path: Path
    articles_path: Path
    search_index_path: Path
    search_results: int
    search_facet_limit: int
    search_first_page_min_articles: int
    site_period: str
    feeds_file: Path
    entities_file: Path
    entity_page_min_articles: int
    entity_list_max_names: int
    entity_feed_min_articles: int
    entity_feed_max_items: int
    minify_html: bool
    fetch: FetchSettings
    pages: PagesSettings

    @property
    def period(self) -> Period | None:
        """SITE_PERIOD's days, or None for the whole archive."""
        return parse_period(self.site_period) if self.site_period else None

    @property
    def corrections(self):
        """The corrections in ENTITIES_FILE (read each time: a build picks up an edit)."""
        return load_corrections(self.entities_file)


_GROUPS = {"fetch": FetchSettings, "pages": PagesSettings}


def setting_in(values: Mapping[str, Any], name: str) -> Any:
    """One setting's value in a Pelican settings mapping, checked (its default when unset): what a plugin reads."""
    return checked_value(BY_NAME[name], values.get(name, BY_NAME[name].default))


def site_period(values: Mapping[str, Any]) -> Period | None:
    """SITE_PERIOD's days in a Pelican settings mapping (checked), or None for the whole archive."""
    text = setting_in(values, "SITE_PERIOD")
    return parse_period(text) if text else None


def archive_settings(values: Mapping[str, Any]) -> ArchiveSettings:
    """Check newsarchive's settings in a Pelican settings mapping; fill in defaults."""
    checked = {setting.name: checked_value(setting, values.get(setting.name, setting.default)) for setting in SETTINGS}
    root = Path(checked["ARCHIVE_ROOT"]).resolve()
    filled: dict[str, dict[str, Any]] = {"": {}, **{group: {} for group in _GROUPS}}
    for setting in SETTINGS:
        value = (root / checked[setting.name]).resolve() if setting.path else checked[setting.name]
        group, _, attribute = setting.target.rpartition(".")
        filled[group][attribute] = value
    filled[""]["root"] = root
    settings = ArchiveSettings(**filled[""], **{group: kind(**filled[group]) for group, kind in _GROUPS.items()})
    _check_layout(settings, values)
    return settings


def checked_value(setting: Setting, value: Any) -> Any:
    """``value`` as ``setting`` takes it (an int for a float, a list for a tuple); SettingsError if it does not fit."""
    if setting.kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if setting.kind is tuple and isinstance(value, list):
        value = tuple(value)
    if not isinstance(value, setting.kind) or (isinstance(value, bool) and setting.kind is not bool):
        kind = "list" if setting.kind is tuple else setting.kind.__name__
        raise SettingsError(f"{setting.name} must be a {kind}, not {value!r} ({setting.help})")
    if setting.minimum is not None and value < setting.minimum:
        raise SettingsError(
            f"{setting.name} must be at least {setting.minimum}, not {value}"
            if setting.minimum
            else f"{setting.name} must not be negative, not {value}"
        )
    if setting.above is not None and value <= setting.above:
        raise SettingsError(f"{setting.name} must be more than {setting.above} seconds, not {value}")
    problem = setting.check(value) if setting.check else None
    if problem:
        raise SettingsError(f"{setting.name}: {problem}" if setting.kind is tuple else f"{setting.name} {problem}")
    return value


def _check_layout(settings: ArchiveSettings, values: Mapping[str, Any]) -> None:
    content = values.get("PATH")
    output = values.get("OUTPUT_PATH")
    if content and not settings.articles_path.is_relative_to(Path(content).resolve()):
        raise SettingsError(
            f"ARTICLES_PATH ({settings.articles_path}) must be inside Pelican's PATH ({content}), or Pelican will not build the articles"
        )
    if output and settings.search_index_path.is_relative_to(Path(output).resolve()):
        raise SettingsError(
            f"SEARCH_INDEX_PATH ({settings.search_index_path}) must be outside OUTPUT_PATH ({output}): the output folder is wiped on rebuild"
        )


def near_misses(values: Mapping[str, Any], known: set[str]) -> list[str]:
    """A warning for each upper-case name in ``values`` that is no setting but one or two edits from one."""
    warnings = []
    for name in sorted(values):
        if not name.isupper() or name in known or name in BY_NAME:
            continue
        close = sorted(n for n in (*BY_NAME, *known) if _edits(name, n) <= 2)
        if close:
            warnings.append(f"{name} is not a setting; did you mean {' or '.join(close)}? (it is ignored)")
    return warnings


def _edits(a: str, b: str) -> int:
    """Levenshtein distance, giving up (3) as soon as it is over two."""
    if abs(len(a) - len(b)) > 2:
        return 3
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if min(current) > 2:
            return 3
        previous = current
    return previous[-1]


def describe(values: Mapping[str, Any] | None = None) -> str:
    """Each setting with its value in force (from ``values``: the settings files and environment), its default and help."""
    lines = []
    for setting in SETTINGS:
        if values is None:
            lines.append(f"{setting.name} = {setting.default!r}\n    {setting.help}")
            continue
        value = values.get(setting.name, setting.default)
        where = "default" if setting.name not in values or value == setting.default else f"default {setting.default!r}"
        lines.append(f"{setting.name} = {value!r}  ({where})\n    {setting.help}")
    return "\n".join(lines)


def readme_default(setting: Setting) -> str:
    """The default as README's settings table writes it."""
    value = setting.default
    return '""' if value == "" else "()" if value == () else str(value)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsarchive")
    except PackageNotFoundError:
        return "dev"


def load_settings(settings_file: Path, overrides: dict[str, Any] | None = None) -> tuple[dict, ArchiveSettings]:
    """Pelican's settings from ``settings_file`` and ours, checked before any work starts."""
    settings = read_settings(str(settings_file), override=overrides or {})
    # Pelican makes CACHE_PATH absolute only once the folder exists: before that a relative
    # one is the working directory's, so a build run from elsewhere kept its caches there.
    settings["CACHE_PATH"] = str(Path(settings_file).resolve().parent / settings["CACHE_PATH"])
    return settings, archive_settings(settings)
