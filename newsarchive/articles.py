"""Article files: ``content/articles/YYYY/MM/<slug>.md``, Markdown with YAML front matter.

The writer is deterministic (same Article, same bytes) and never lets text from
a capture become raw HTML or Markdown syntax: every piece of page text is
escaped, so the body renders as the words the page had and nothing more.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from newsarchive.files import atomic_write_bytes
from newsarchive.records import Article, Block, Heading, Media, Paragraph, Quote

SLUG_LENGTH = 80
FRONT_MATTER = re.compile(r"\A---\n(?P<yaml>.*?)\n---\n(?P<body>.*)\Z", re.DOTALL)


class ArticleFileError(Exception):
    """An article file cannot be read; the message names the file."""


# ---------------------------------------------------------------- writing


def render_article(article: Article) -> str:
    """The article as Markdown with YAML front matter, keys in the documented order."""
    fields = [
        ("title", _string(article.title)),
        ("date", article.date.isoformat()),
        ("date_source", article.date_source),
        ("authors", _list(article.authors)),
        ("source", _string(article.source)),
        ("source_url", _string(article.source_url)),
        ("capture", _string(article.capture)),
        ("summary", _string(article.summary)),
        ("image_caption", _string(article.image_caption)),
        ("credits", _list(article.credits)),
        ("people", _list(article.people)),
        ("places", _list(article.places)),
        ("tags", _list(article.tags)),
    ]
    front = "\n".join(f"{key}: {value}" for key, value in fields)
    body = "\n\n".join(render_block(block) for block in article.body)
    return f"---\n{front}\n---\n{body}\n"


def render_block(block: Block) -> str:
    """One body block as Markdown."""
    if isinstance(block, Paragraph):
        return escape_markdown(block.text)
    if isinstance(block, Heading):
        return "#" * block.level + " " + escape_markdown(block.text, line_start=False)
    if isinstance(block, Media):
        return f"**{escape_markdown(block.kind, line_start=False)}:** {escape_markdown(block.title, line_start=False)}"
    if isinstance(block, Quote):
        return "> " + escape_markdown(block.text, line_start=False)
    raise TypeError(f"unknown block {block!r}")


_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]#])")


def escape_markdown(text: str, line_start: bool = True) -> str:
    """Text that Markdown renders as exactly these characters: no HTML, links or emphasis.

    White space is folded to single spaces, since a newline or an indent would
    change the block's meaning.
    """
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = _INLINE_SPECIALS.sub(r"\\\1", text)
    if line_start:
        text = re.sub(r"^(\d+)([.)])(?=\s)", r"\1\\\2", text)  # "1984. " would start a list
        text = re.sub(r"^([>+-])", r"\\\1", text)  # a quote or a bullet
    return text


def _string(value: str | None) -> str:
    # A JSON string is a valid YAML double-quoted scalar: one escaping rule for any text.
    return "null" if value is None else json.dumps(value, ensure_ascii=False)


def _list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(_string(v) for v in values) + "]"


def slugify(text: str) -> str:
    """ASCII, lower case, hyphenated, at most SLUG_LENGTH characters, cut at a word."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > SLUG_LENGTH:
        slug = slug[: SLUG_LENGTH + 1].rsplit("-", 1)[0] if "-" in slug[:SLUG_LENGTH] else slug[:SLUG_LENGTH]
    return slug or "article"


def article_path(article: Article, articles_dir: Path) -> Path:
    """Where the article lives: stable for the same article, never another article's file.

    Two different articles whose titles give the same slug in the same month are
    told apart by a short hash of what identifies them (their URL, else their capture).
    """
    folder = articles_dir / f"{article.date:%Y}" / f"{article.date:%m}"
    path = folder / f"{slugify(article.title)}.md"
    if path.exists() and _identity(read_article(path)) != _identity(article):
        digest = hashlib.sha256(_identity(article).encode("utf-8")).hexdigest()[:8]
        path = folder / f"{slugify(article.title)[: SLUG_LENGTH - 9]}-{digest}.md"
    return path


def _identity(article: Article | ArticleFile) -> str:
    return article.source_url or article.capture or article.title


def write_article(article: Article, articles_dir: Path) -> tuple[Path, bool]:
    """Write the article atomically; returns its path and whether the file changed."""
    path = article_path(article, articles_dir)
    changed = atomic_write_bytes(path, render_article(article).encode("utf-8"))
    return path, changed


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class ArticleFile:
    """An article file as read back: its front matter's fields and its Markdown body."""

    path: Path
    title: str
    date: dt.datetime
    source: str
    body_markdown: str
    source_url: str | None = None
    capture: str | None = None
    summary: str | None = None
    authors: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


def read_article(path: Path) -> ArticleFile:
    """Parse an article file's front matter and body."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ArticleFileError(f"{path}: cannot read article ({error})") from error
    match = FRONT_MATTER.match(text)
    if not match:
        raise ArticleFileError(f"{path}: no YAML front matter between '---' lines")
    try:
        meta = yaml.safe_load(match.group("yaml"))
    except yaml.YAMLError as error:
        raise ArticleFileError(f"{path}: front matter is not valid YAML ({error})") from error
    if not isinstance(meta, dict):
        raise ArticleFileError(f"{path}: front matter must be a mapping")
    for required in ("title", "date", "source"):
        if not meta.get(required):
            raise ArticleFileError(f"{path}: front matter has no {required!r}")
    date = meta["date"]
    if isinstance(date, str):
        date = dt.datetime.fromisoformat(date)
    elif isinstance(date, dt.date) and not isinstance(date, dt.datetime):
        date = dt.datetime.combine(date, dt.time(), dt.timezone.utc)
    if date.tzinfo is None:
        date = date.replace(tzinfo=dt.timezone.utc)
    return ArticleFile(
        path=path,
        title=str(meta["title"]),
        date=date,
        source=str(meta["source"]),
        body_markdown=match.group("body"),
        source_url=meta.get("source_url"),
        capture=meta.get("capture"),
        summary=meta.get("summary"),
        authors=_tuple(meta.get("authors")),
        people=_tuple(meta.get("people")),
        places=_tuple(meta.get("places")),
        tags=_tuple(meta.get("tags")),
    )


def _tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value if v is not None)
    return (str(value),)


def iter_article_paths(articles_dir: Path) -> list[Path]:
    """Every article file, in a stable order."""
    if not articles_dir.is_dir():
        return []
    return sorted(p for p in articles_dir.rglob("*.md") if not p.name.startswith("."))
