"""newsarchive's own settings: each with its default and one line of help, checked at start.

They live in ``pelicanconf.py`` beside Pelican's, so a project has one settings
file. Relative paths are relative to ``ARCHIVE_ROOT`` (the project's folder).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class SettingsError(Exception):
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
)


@dataclass(frozen=True)
class ArchiveSettings:
    """The checked settings, paths made absolute."""

    root: Path
    captures_path: Path
    articles_path: Path
    search_index_path: Path
    search_results: int


def archive_settings(values: Mapping[str, Any]) -> ArchiveSettings:
    """Check newsarchive's settings in a Pelican settings mapping; fill in defaults."""
    checked = {}
    for setting in SETTINGS:
        value = values.get(setting.name, setting.default)
        if not isinstance(value, setting.kind) or isinstance(value, bool):
            raise SettingsError(
                f"{setting.name} must be a {setting.kind.__name__}, not {value!r} ({setting.help})"
            )
        checked[setting.name] = value
    if checked["SEARCH_RESULTS"] < 1:
        raise SettingsError(f"SEARCH_RESULTS must be at least 1, not {checked['SEARCH_RESULTS']}")

    root = Path(checked["ARCHIVE_ROOT"]).resolve()

    def path(name: str) -> Path:
        return (root / checked[name]).resolve()

    settings = ArchiveSettings(
        root=root,
        captures_path=path("CAPTURES_PATH"),
        articles_path=path("ARTICLES_PATH"),
        search_index_path=path("SEARCH_INDEX_PATH"),
        search_results=checked["SEARCH_RESULTS"],
    )
    _check_layout(settings, values)
    return settings


def _check_layout(settings: ArchiveSettings, values: Mapping[str, Any]) -> None:
    content = values.get("PATH")
    output = values.get("OUTPUT_PATH")
    if content and not settings.articles_path.is_relative_to(Path(content).resolve()):
        raise SettingsError(
            f"ARTICLES_PATH ({settings.articles_path}) must be inside Pelican's PATH ({content}), "
            "or Pelican will not build the articles"
        )
    if output and settings.search_index_path.is_relative_to(Path(output).resolve()):
        raise SettingsError(
            f"SEARCH_INDEX_PATH ({settings.search_index_path}) must be outside OUTPUT_PATH ({output}): "
            "the output folder is wiped on rebuild"
        )


def describe() -> str:
    """A table of the settings with their defaults and help, for the README and `invoke settings`."""
    return "\n".join(f"{s.name} = {s.default!r}\n    {s.help}" for s in SETTINGS)
