"""Article files: ``content/articles/YYYY/MM/<slug>.md``, Markdown with YAML front matter.

The writer is deterministic (same Article, same bytes) and never lets text from
a capture become raw HTML or Markdown syntax: every piece of page text is
escaped, so the body renders as the words the page had and nothing more.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
import unicodedata
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from unidecode import unidecode

from newsarchive.errors import NewsarchiveError
from newsarchive.files import atomic_write_bytes, walk_files
from newsarchive.records import Article, Block, Figure, Heading, ListBlock, Media, Paragraph, Quote, Span, Table
from newsarchive.text import printable

SLUG_LENGTH = 80
FRONT_MATTER = re.compile(r"\A---\n(?P<yaml>.*?)\n---\n(?P<body>.*)\Z", re.DOTALL)


class ArticleFileError(NewsarchiveError):
    """An article file cannot be read; the message names the file."""


# ---------------------------------------------------------------- writing


def render_article(article: Article) -> str:
    """The article as Markdown with YAML front matter, keys in the documented order."""
    fields = [
        ("title", _string(article.title)),
        ("date", article.date.isoformat()),
        ("date_source", article.date_source),
        ("modified", article.modified.isoformat() if article.modified else "null"),
        ("authors", _list(article.authors)),
        ("source", _string(article.source)),
        ("source_url", _string(article.source_url)),
        ("capture", _string(article.capture)),
        ("captured", _list(article.captured)),
        *([("versions", _list(article.versions))] if article.versions else []),
        *([("truncated", "true")] if article.truncated else []),
        ("section", _string(article.section)),
        ("language", _string(article.language)),
        ("summary", _string(article.summary)),
        ("image", _string(article.image)),
        ("image_caption", _string(article.image_caption)),
        ("image_credit", _string(article.image_credit)),
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
        return render_paragraph(block)
    if isinstance(block, Heading):
        return "#" * block.level + " " + escape_markdown(block.text, line_start=False)
    if isinstance(block, Media):
        return f"**{escape_markdown(block.kind, line_start=False)}:** {escape_markdown(block.title, line_start=False)}"
    if isinstance(block, Quote):
        return "\n>\n".join("> " + render_paragraph(p) for p in block.paragraphs)
    if isinstance(block, ListBlock):
        return "\n".join((f"{number}. " if block.ordered else "- ") + render_paragraph(item) for number, item in enumerate(block.items, 1))
    if isinstance(block, Figure):
        credit = f" ({escape_markdown(block.credit, line_start=False)})" if block.credit else ""
        return f"**Image:** {escape_markdown(block.caption, line_start=False)}{credit}"
    if isinstance(block, Table):
        return _render_table(block)
    raise TypeError(f"unknown block {block!r}")


def render_paragraph(paragraph: Paragraph) -> str:
    """A paragraph's text, with its links and emphasis when it has spans."""
    if not paragraph.spans:
        return escape_markdown(paragraph.text)
    parts = []
    for number, span in enumerate(_merge_spans(paragraph.spans)):
        text = escape_markdown(span.text, line_start=number == 0, strip=False)
        core = text.strip()
        if not core:
            parts.append(text)
            continue
        if span.strong:
            core = f"**{core}**"
        if span.emphasis:
            core = f"*{core}*"
        if span.href:
            core = f"[{core}]({markdown_url(span.href)})"
        # Keep the spaces outside the markers: "** word**" is not emphasis in Markdown.
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        parts.append(lead + core + trail)
    return "".join(parts).strip()


def _merge_spans(spans: tuple[Span, ...]) -> list[Span]:
    """Neighbouring spans of one kind as one (texts gathered in lists: long paragraphs stay linear)."""
    runs: list[tuple[tuple, list[str]]] = []
    for span in spans:
        kind = (span.href, span.strong, span.emphasis)
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(span.text)
        else:
            runs.append((kind, [span.text]))
    return [Span("".join(texts), *kind) for kind, texts in runs]


def markdown_url(url: str) -> str:
    """A URL that cannot break out of Markdown's ``(...)``: spaces, parentheses and the like percent-encoded."""
    return urllib.parse.quote(url, safe="/:?&=#%@+,;~!*'$-._")


def _render_table(table: Table) -> str:
    width = max(len(row) for row in table.rows)
    rows = [[escape_markdown(cell, line_start=False).replace("|", "\\|") for cell in row] + [""] * (width - len(row)) for row in table.rows]
    header = rows[0] if table.header else [""] * width
    body = rows[1:] if table.header else rows
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * width]
    lines.extend("| " + " | ".join(row) + " |" for row in body)
    return "\n".join(lines)


# "{" and "}" too: Python-Markdown's attr_list would read "{: onclick=...}" as attributes.
_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]#{}])")


def escape_markdown(text: str, line_start: bool = True, strip: bool = True) -> str:
    """Text that Markdown renders as exactly these characters: no HTML, links or emphasis.

    White space is folded to single spaces, since a newline or an indent would
    change the block's meaning; ``strip`` also drops it at both ends.
    """
    text = re.sub(r"\s+", " ", printable(text))
    if strip:
        text = text.strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = _INLINE_SPECIALS.sub(r"\\\1", text)
    if line_start:
        text = re.sub(r"^(\d+)([.)])(?=\s)", r"\1\\\2", text)  # "1984. " would start a list
        text = re.sub(r"^([>+-])", r"\\\1", text)  # a quote or a bullet
    return text


def _string(value: str | None) -> str:
    # A JSON string is a valid YAML double-quoted scalar: one escaping rule for any text.
    # Control characters and noncharacters go: YAML refuses some, XML feeds the rest.
    return "null" if value is None else json.dumps(printable(value), ensure_ascii=False)


def _list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(_string(v) for v in values) + "]"


def _latin(ch: str) -> str:
    """A letter of another script (Cyrillic, Greek) in Latin letters; anything else as it is."""
    if ch.isalpha() and not unicodedata.name(ch, "LATIN").startswith("LATIN"):
        return unidecode(ch)
    return ch


def slugify(text: str) -> str:
    """ASCII, lower case, hyphenated, at most SLUG_LENGTH characters, cut at a word; letters of
    other scripts spelled in Latin ones (Київ: kiyiv), so that a Cyrillic title has a slug."""
    if not text.isascii():
        text = "".join(_latin(ch) for ch in text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > SLUG_LENGTH:
        slug = slug[: SLUG_LENGTH + 1].rsplit("-", 1)[0] if "-" in slug[:SLUG_LENGTH] else slug[:SLUG_LENGTH]
    return slug or "article"


def plain_path(article: Article | RenderedArticle, articles_dir: Path) -> Path:
    """``YYYY/MM/<slug>.md``: where an article lives unless an earlier one with its slug lives there."""
    return articles_dir / f"{article.date:%Y}" / f"{article.date:%m}" / f"{slugify(article.title)}.md"


def distinct_path(article: Article | ArticleFile | RenderedArticle, articles_dir: Path) -> Path:
    """The slug with a short hash of what identifies the article (its URL, else its capture)."""
    return articles_dir / f"{article.date:%Y}" / f"{article.date:%m}" / distinct_name(article.title, identity(article))


def distinct_name(title: str, identity: str) -> str:
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:8]
    return f"{slugify(title)[: SLUG_LENGTH - 9]}-{digest}.md"


def article_path(article: Article, articles_dir: Path) -> Path:
    """Where the article lives: its plain path, or its distinct one when another article holds that.

    (A whole conversion decides who holds a plain path by when each was archived:
    ``convert.batch.assign_paths``.)
    """
    path = plain_path(article, articles_dir)
    if path.exists() and identity(read_article(path)) != identity(article):
        return distinct_path(article, articles_dir)
    return path


def identity(article: Article | ArticleFile | GeneratedFile | RenderedArticle) -> str:
    """What tells one article from another with the same title: its original's URL, else its capture."""
    return article.source_url or article.capture or article.title


def write_article(article: Article, articles_dir: Path, path: Path | None = None) -> tuple[Path, bool]:
    """Write the article atomically (at ``path``, else at :func:`article_path`); returns its path and whether the file changed."""
    path = path or article_path(article, articles_dir)
    changed = atomic_write_bytes(path, render_article(article).encode("utf-8"))
    return path, changed


@dataclass(frozen=True)
class RenderedArticle:
    """An article as its file's bytes, with what choosing its path needs: what a batch keeps of
    each article while it settles addresses (a few KB, not the whole record)."""

    title: str
    date: dt.datetime
    source_url: str | None
    capture: str | None
    markdown: bytes | None  # None: the bytes of ``kept``, not read unless the article moves
    sha256: str  # of the bytes
    kept: Path | None = None  # the file that holds these bytes already (a conversion remembered)

    @classmethod
    def of(cls, article: Article) -> RenderedArticle:
        data = render_article(article).encode("utf-8")
        return cls(article.title, article.date, article.source_url, article.capture, data, hashlib.sha256(data).hexdigest())

    def read(self) -> RenderedArticle:
        """The article with its bytes in hand (read from ``kept``), to be written elsewhere."""
        return self if self.markdown is not None else dataclasses.replace(self, markdown=self.kept.read_bytes())

    def write(self, path: Path) -> bool:
        """Write the file atomically; whether it changed."""
        if self.markdown is None and path == self.kept:
            return False
        return atomic_write_bytes(path, self.read().markdown)


@dataclass(frozen=True)
class GeneratedFile:
    """An article file the converter wrote, as far as finding it again needs: read without YAML, from our own lines."""

    path: Path
    title: str
    capture: str
    source_url: str | None
    captured: tuple[str, ...]


_OWN_LINE = re.compile(r"^(title|source_url|capture|captured): (.*)$", re.MULTILINE)


def generated_head(data: bytes) -> dict:
    """The lines of an article file's front matter that ``scan_generated`` reads (UnicodeDecodeError, ValueError if unreadable)."""
    text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # (as reading it as text would)
    head = text.split("\n---\n", 1)[0]
    return {key: json.loads(value) for key, value in _OWN_LINE.findall(head)}


def scan_generated(articles_dir: Path, head: Callable[[Path], dict] | None = None) -> list[GeneratedFile]:
    """Every article file made from a capture (one naming its ``capture``); hand-written ones are not listed.
    ``head``: a file's ``generated_head``, when the caller remembers them."""
    found = []
    for path in iter_article_paths(articles_dir):
        try:
            values = head(path) if head else generated_head(path.read_bytes())
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        capture, title = values.get("capture"), values.get("title")
        if not isinstance(capture, str) or not isinstance(title, str):
            continue
        captured = values.get("captured") or []
        url = values.get("source_url")
        found.append(
            GeneratedFile(
                path,
                title,
                capture,
                url if isinstance(url, str) else None,
                tuple(str(c) for c in captured) if isinstance(captured, list) else (),
            )
        )
    return found


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
    versions: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML has it (its wheels do): the same documents, ten times faster."""


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
        meta = _front_matter(match.group("yaml"))
    except yaml.YAMLError as error:
        raise ArticleFileError(f"{path}: front matter is not valid YAML ({error})") from error
    if not isinstance(meta, dict):
        raise ArticleFileError(f"{path}: front matter must be a mapping")
    for required in ("title", "date", "source"):
        if not meta.get(required):
            raise ArticleFileError(f"{path}: front matter has no {required!r}")
    date = meta["date"]
    if isinstance(date, str):
        try:
            date = dt.datetime.fromisoformat(date)
        except ValueError:
            raise ArticleFileError(f"{path}: 'date' is {date!r}, not an ISO 8601 date such as 2025-08-06") from None
    elif isinstance(date, dt.date) and not isinstance(date, dt.datetime):
        date = dt.datetime.combine(date, dt.time(), dt.UTC)
    elif not isinstance(date, dt.datetime):
        raise ArticleFileError(f"{path}: 'date' is {date!r}, not an ISO 8601 date such as 2025-08-06")
    if date.tzinfo is None:
        date = date.replace(tzinfo=dt.UTC)
    return ArticleFile(
        path=path,
        title=str(meta["title"]),
        date=date,
        source=str(meta["source"]),
        body_markdown=match.group("body"),
        source_url=meta.get("source_url"),
        capture=meta.get("capture"),
        summary=meta.get("summary"),
        versions=_tuple(meta.get("versions")),
        authors=_tuple(meta.get("authors")),
        people=_tuple(meta.get("people")),
        places=_tuple(meta.get("places")),
        tags=_tuple(meta.get("tags")),
    )


def _front_matter(text: str) -> object:
    """The front matter's fields: read a line at a time where every line is as ``render_article`` writes
    them (JSON strings and lists of strings, null, true, false, ISO 8601 times, a plain word), else
    by YAML, which reads those lines as the same values (a test holds them equal) at ten times the cost."""
    fields: dict[str, object] = {}
    for line in text.split("\n"):
        written = _WRITTEN_FIELD.fullmatch(line)
        value = _written_value(written.group(2)) if written else _NOT_WRITTEN
        if value is _NOT_WRITTEN:
            return yaml.load(text, Loader=_YAML_LOADER)
        fields[written.group(1)] = value
    return fields


_WRITTEN_FIELD = re.compile(r"([a-z_]+): (.+)")
_NOT_WRITTEN = object()
_CONSTANTS = {"null": None, "true": True, "false": False}
_ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{6})?[+-]\d\d:\d\d")  # (datetime.isoformat, with an offset)
_PLAIN_WORD = re.compile(r"[a-z][a-z_-]*")
_YAML_BOOLEANS = frozenset({"yes", "no", "on", "off"})  # (plain words YAML 1.1 reads as booleans)
_NOT_JSON_IN_YAML = re.compile("[^\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
"""Characters YAML refuses, or reads as line breaks or a byte order mark, within a JSON string: left to YAML."""


def _written_value(value: str) -> object:
    """The value of a front matter line as ``render_article`` writes it, or _NOT_WRITTEN."""
    if value[0] in '"[':
        if _NOT_JSON_IN_YAML.search(value):
            return _NOT_WRITTEN
        try:
            parsed = json.loads(value)
        except ValueError:
            return _NOT_WRITTEN
        if isinstance(parsed, str) or (isinstance(parsed, list) and all(isinstance(v, str) or v is None for v in parsed)):
            return parsed
        return _NOT_WRITTEN
    if value in _CONSTANTS:
        return _CONSTANTS[value]
    if _ISO_TIME.fullmatch(value):
        return dt.datetime.fromisoformat(value)
    if _PLAIN_WORD.fullmatch(value) and value not in _YAML_BOOLEANS:
        return value
    return _NOT_WRITTEN


def _tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value if v is not None)
    return (str(value),)


def iter_article_paths(articles_dir: Path) -> list[Path]:
    """Every article file, in a stable order (as paths sort: folder by folder, name by name)."""
    return [articles_dir / relative for relative, _ in stat_article_files(articles_dir)]


def stat_article_files(articles_dir: Path) -> list[tuple[str, os.stat_result]]:
    """Every article file as (its path relative to ``articles_dir``, with / between names; its stat), in
    ``iter_article_paths``' order: sorted as names, not as paths (a path's comparison splits it each time:
    a second of 100,000 articles' listing)."""
    if not articles_dir.is_dir():
        return []
    found = [
        (relative, stat)
        for relative, stat in walk_files(articles_dir)
        if relative.endswith(".md") and not relative.rpartition("/")[2].startswith(".")
    ]
    found.sort(key=lambda item: item[0].split("/"))
    return found
