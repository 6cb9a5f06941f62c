"""Convert captures into article files: one capture, or every capture in the store."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from newsarchive.addresses import require_web_address
from newsarchive.articles import (
    GeneratedFile,
    RenderedArticle,
    distinct_name,
    distinct_path,
    identity,
    plain_path,
    scan_generated,
    slugify,
    write_article,
)
from newsarchive.captures import (
    HTML_SUFFIXES,
    CaptureError,
    StoredCaptures,
    iter_capture_paths,
    load_capture,
    read_provenance,
    sha256_of,
    sidecar_path,
    utc_now,
    write_provenance,
)
from newsarchive.convert import ConversionError, ConversionSkipped, convert_capture, explain_copy, parse_date
from newsarchive.convert.cache import ConversionCache, Remembered, conversion_key, stamped_inputs
from newsarchive.entities.corrections import NO_CORRECTIONS, Corrections
from newsarchive.errors import UsageError
from newsarchive.fetch.urls import UrlError, canonical_url
from newsarchive.files import atomic_write_bytes, resolved
from newsarchive.progress import progress_over
from newsarchive.records import Article, Capture, Provenance
from newsarchive.versions import with_versions


@dataclass(frozen=True)
class GivenFacts:
    """What the user says of a capture on the command line; it beats what the page says."""

    url: str | None = None
    date: str | None = None
    source: str | None = None
    tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.url is not None:
            require_web_address(self.url, "--url")
            # As fetch keys a page: tracking parameters out, host in lower case (the article's one address).
            object.__setattr__(self, "url", canonical_url(self.url))
        if self.date is not None:
            try:
                parse_date(self.date)
            except ValueError:
                raise UsageError(f"--date {self.date} is not a date (YYYY-MM-DD)") from None

    def apply_to(self, capture: Capture) -> Capture:
        """The capture with these facts in its provenance (in memory only)."""
        changes = {
            name: value
            for name, value in (
                ("given_url", self.url),
                ("given_date", self.date),
                ("given_source", self.source),
                ("tags", tuple(self.tags)),
            )
            if value
        }
        return dataclasses.replace(capture, provenance=dataclasses.replace(capture.provenance, **changes))


@dataclass(frozen=True)
class ConvertReport:
    """What a batch conversion did; ``failed`` holds one clear line per failed capture."""

    written: tuple[Path, ...] = ()
    unchanged: tuple[Path, ...] = ()
    skipped: tuple[str, ...] = ()  # not articles (video or programme pages), one line each
    failed: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # converted, with something the reader should know (a page cut off)
    unused_corrections: tuple[str, ...] = ()  # entities.yml entries that matched nothing (a whole conversion only)

    def summary(self) -> str:
        return f"{len(self.written)} written, {len(self.unchanged)} unchanged, {len(self.skipped)} skipped, {len(self.failed)} failed"


def capture_ref(path: Path, root: Path) -> str:
    """How an article names its capture: a path relative to the project, with forward slashes."""
    full = resolved(path)
    return full.relative_to(root).as_posix() if full.is_relative_to(root) else full.as_posix()


def _load(path: Path) -> Capture:
    try:
        return load_capture(path)
    except CaptureError as error:
        raise ConversionError(path, str(error).removeprefix(f"{path}: ")) from error


CHOICES_FILE = "choices.yml"
"""captures/choices.yml: ``article URL: capture path (under captures/)``, the capture an article shows."""


@dataclass(frozen=True)
class ArticleCaptures:
    """Every capture of one article, the one it should show first (``_preference``'s rule),
    with their fetch times, oldest first."""

    paths: tuple[Path, ...]  # in the order they are tried
    captured: tuple[str, ...]
    oldest_first: tuple[Path, ...] = ()  # the same captures as versions: by when they were made


def read_choices(captures_dir: Path) -> dict[str, Path]:
    """The user's choices of capture, by the article's (canonical) URL; a bad file is an error naming it."""
    path = captures_dir / CHOICES_FILE
    if not path.exists():
        return {}
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise CaptureError(f"{path}: not a YAML file of 'article URL: capture path' lines ({error})") from None
    if not isinstance(raw, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in raw.items()):
        raise CaptureError(f"{path}: each line is 'article URL: capture path (under captures/)'")
    choices = {}
    for url, capture in raw.items():
        chosen = captures_dir / capture
        if not chosen.is_file():
            raise CaptureError(f"{path}: {url}: no capture {capture!r} under {captures_dir}")
        choices[_canonical(url) or url] = chosen
    return choices


def group_captures(paths: list[Path], captures_dir: Path, parsed: Callable[[Path], object] | None = None) -> list[ArticleCaptures]:
    """Captures grouped by the article they are of: one URL (the fetched page's key, or the
    address given with ``--url``); a capture with no URL at all is an article of its own.

    In each group, the capture the article shows comes first, by a rule that gives the same
    answer on every build: the user's choice in ``captures/choices.yml``; else an HTML page
    before a text copy (a copy keeps the page around the article); else the newest.
    ``parsed``: a sidecar's JSON, when the caller remembers them (``read_provenance``)."""
    provenances = {}
    for path in paths:
        try:
            provenances[path] = read_provenance(path, parsed)
        except CaptureError:
            provenances[path] = Provenance()  # reported when the capture itself is converted
    alias: dict[str, str] = {}  # any URL a fetched capture answers to -> its key
    for provenance in provenances.values():
        if provenance.url_key:
            for url in (provenance.url_key, provenance.requested_url, provenance.final_url):
                if url and (known := _canonical(url)):
                    alias.setdefault(known, provenance.url_key)
    choices = read_choices(captures_dir)
    groups: dict[str, list[Path]] = {}
    for path, provenance in provenances.items():
        given = _canonical(provenance.given_url or provenance.final_url or provenance.requested_url or "")
        key = provenance.url_key or (alias.get(given, given) if given else None) or f"file:{path}"
        groups.setdefault(key, []).append(path)
    result = []
    for key, members in groups.items():
        chosen = choices.get(_canonical(key.removeprefix("file:")) or key)
        if len(members) > 1:  # (most articles have one capture: their order costs nothing)
            ordered = tuple(sorted(members, key=lambda p: _preference(p, provenances[p], chosen)))
            oldest_first = tuple(sorted(members, key=lambda p: (provenances[p].captured_at, p.name)))
        else:
            ordered = oldest_first = tuple(members)
        captured = tuple(sorted(p.fetched_at for p in (provenances[m] for m in members) if p.fetched_at))
        result.append(ArticleCaptures(ordered, captured, oldest_first))
    return sorted(result, key=lambda group: max(group.paths))


def _preference(path: Path, provenance: Provenance, chosen: Path | None) -> tuple:
    """Sorts first the capture an article shows: the user's choice, an HTML page, the newest (one
    whose time is not known after those whose time is), then by file name, the later first."""
    when = provenance.captured_at
    newest_first = tuple(-ord(ch) for ch in when)
    return (path != chosen, path.suffix.lower() not in HTML_SUFFIXES, not when, newest_first, tuple(-ord(ch) for ch in path.name))


@functools.lru_cache(maxsize=65536)
def _canonical(url: str) -> str | None:
    # (Cached: grouping asks for a capture's URL up to five times, every build: 50,000 calls for 10,000 captures.)
    try:
        return canonical_url(url) if url else None
    except UrlError:
        return None


def _convert_group(
    group: ArticleCaptures, root: Path, corrections: Corrections, used: set | None = None
) -> tuple[Article, Capture, list[str]]:
    """The article of a group: from the first capture (in the order of preference) that converts;
    a preferred capture that fails is noted, and an older one shows instead. Raises the first
    capture's error when none converts."""
    notes: list[str] = []
    first_error: ConversionError | None = None
    for path in group.paths:
        try:
            capture = _load(path)
            article = convert_capture(capture, capture_ref(path, root), group.captured, corrections, used)
        except ConversionError as error:
            first_error = first_error or error
            continue
        if first_error is not None:
            notes.append(f"{first_error}; the article shows an earlier capture, {capture_ref(path, root)}")
        return with_versions(article, (capture_ref(p, root) for p in group.oldest_first)), capture, notes
    raise first_error


def preview(path: Path, root: Path, given: GivenFacts = GivenFacts(), corrections: Corrections = NO_CORRECTIONS) -> Article:
    """Convert the capture at ``path`` without writing anything."""
    capture = given.apply_to(_load(path))
    return convert_capture(capture, capture_ref(path, root), corrections=corrections)


def explain(path: Path, given: GivenFacts = GivenFacts()) -> tuple[tuple[str, str], ...]:
    """What became of each line of the page copy at ``path``, and why."""
    return explain_copy(given.apply_to(_load(path)))


def convert_and_store(
    path: Path,
    root: Path,
    captures_dir: Path,
    articles_dir: Path,
    given: GivenFacts = GivenFacts(),
    corrections: Corrections = NO_CORRECTIONS,
    warn: Callable[[str], None] = lambda message: None,
) -> tuple[Path, bool]:
    """Convert one capture and write its article; returns the article's path and whether it changed.

    A capture from outside the store is first copied into it, and what the user
    gave is kept in its sidecar, so that later builds convert it the same way.
    Nothing is written when the conversion fails. ``warn`` hears of a page cut off.
    """
    dropped = _load(path)
    target, present = path, True
    if not path.resolve().is_relative_to(captures_dir.resolve()):
        target, present = StoredCaptures(captures_dir).target(dropped.data, path.name)
    # Converted once, as it will be stored (an identical capture's sidecar included);
    # errors still name the file the user gave. Nothing is written when this fails.
    stored = read_provenance(target) if present else Provenance(sha256=sha256_of(dropped.data), added_at=utc_now())
    capture = given.apply_to(dataclasses.replace(dropped, provenance=stored))
    article = convert_capture(capture, capture_ref(target, root), corrections=corrections)
    if article.truncated:
        warn(truncation_warning(article))
    if not present:
        atomic_write_bytes(target, dropped.data)
    if capture.provenance != stored or not present:
        write_provenance(target, capture.provenance)
    # The capture joins the other captures of its article; the article shows the one the rule picks.
    group = next(g for g in group_captures(list(iter_capture_paths(captures_dir)), captures_dir) if target in g.paths)
    if len(group.paths) > 1:
        article, capture, notes = _convert_group(group, root, corrections)
        for note in notes:
            warn(note)
        if capture.path != target:
            warn(
                f"{capture_ref(target, root)} is kept as a version of {article.source_url or article.title}; the article shows {article.capture} (captures/{CHOICES_FILE} can choose)"
            )
    claim = Claim(RenderedArticle.of(article), _first_archived(article, capture.provenance))
    group_refs = {capture_ref(p, root) for p in group.paths}
    existing = scan_generated(articles_dir)
    rivals = [f for f in existing if _same_slot(f, article, articles_dir) and identity(f) != identity(article)]
    (place,) = assign_paths([claim], articles_dir, rivals=[_rival_claim(f, root) for f in rivals])
    for rival in rivals:  # an article archived later than this one gives up the plain address, as a build would decide
        if rival.path == place:
            os.replace(rival.path, rival.path.with_name(distinct_name(rival.title, identity(rival))))
    for old in existing:  # this article's file under an earlier title, or from another of its captures
        if old.capture in group_refs and old.path != place:
            old.path.unlink()
    return write_article(article, articles_dir, place)


@dataclass(frozen=True)
class Claim:
    """An article and when it was first archived: of two with one address, the earlier keeps it."""

    article: RenderedArticle | GeneratedFile
    first_archived: str  # ISO 8601; "" (unknown) counts as earliest

    @property
    def order(self) -> tuple[str, str]:
        return (self.first_archived, identity(self.article))


def assign_paths(claims: list[Claim], articles_dir: Path, rivals: list[Claim] = (), held: set[Path] = frozenset()) -> list[Path]:
    """Each article's file: its plain path if it was archived first among those with that path
    (``rivals`` already written compete too), else its distinct path. ``held`` paths belong to
    articles whose capture failed this time and are taken by nobody. The same captures give the
    same paths, whatever order they are converted in."""
    plains = [plain_path(claim.article, articles_dir) for claim in claims]
    by_plain: dict[Path, list[Claim]] = {}
    for claim, plain in zip(claims, plains, strict=True):
        by_plain.setdefault(plain, []).append(claim)
    for rival in rivals:
        article = rival.article
        by_plain.setdefault(article.path.with_name(f"{slugify(article.title)}.md"), []).append(rival)
    winners = {plain: min(members, key=lambda c: c.order) for plain, members in by_plain.items() if plain not in held}
    return [plain if winners.get(plain) is c else distinct_path(c.article, articles_dir) for c, plain in zip(claims, plains, strict=True)]


def _first_archived(article: Article, provenance: Provenance) -> str:
    return article.captured[0] if article.captured else provenance.added_at or ""


def _rival_claim(existing: GeneratedFile, root: Path) -> Claim:
    if existing.captured:
        return Claim(existing, existing.captured[0])
    try:
        return Claim(existing, read_provenance(root / existing.capture).added_at or "")
    except CaptureError:
        return Claim(existing, "")


def _same_slot(existing: GeneratedFile, article: Article, articles_dir: Path) -> bool:
    return existing.path.parent == plain_path(article, articles_dir).parent and slugify(existing.title) == slugify(article.title)


def convert_all(
    captures_dir: Path,
    articles_dir: Path,
    root: Path,
    folder: Path | None = None,
    corrections: Corrections = NO_CORRECTIONS,
    cache_file: Path | None = None,
) -> ConvertReport:
    """Convert every article in the store (or in ``folder``: pages from outside the store are
    imported into it first); a failure is reported and leaves any earlier article as it was.
    With ``cache_file``, an article whose captures, converter and corrections are those of
    its last conversion keeps its file, unconverted (``convert.cache``).

    Several captures of one URL make one article, from the newest capture. Converting the
    whole store also removes the articles whose captures are gone, and the files an article
    left behind under an earlier title: articles follow their captures.
    """
    skipped, failed, warnings = [], [], []
    whole_store = folder is None or folder.resolve() == captures_dir.resolve()
    cache = ConversionCache(cache_file)
    existing = scan_generated(articles_dir, lambda path: cache.article_file(path)["head"])
    claims: list[Claim] = []
    kept_refs: set[str] = set()  # captures whose conversion failed or was skipped: their articles stay as they were
    corrections_used: set = set()
    # By claim: capture ref, key, its inputs' stamps, warnings, corrections used.
    told: list[tuple[str, str, str | None, tuple[str, ...], tuple]] = []
    dropped_in: dict[str, Path] = {}  # a page's place in the store (as a ref) -> the page outside it
    if folder is not None and not folder.resolve().is_relative_to(captures_dir.resolve()):
        # Pages from outside: copied into the store in one pass, then converted with their
        # article's other captures; a page whose article does not convert is taken out again.
        added, dropped_in = _import_pages(folder, captures_dir, root, failed)
        groups = [
            g
            for g in group_captures(list(iter_capture_paths(captures_dir)), captures_dir, cache.sidecar)
            if any(capture_ref(p, root) in dropped_in for p in g.paths)
        ]
    else:
        added = set()
        groups = group_captures(list(iter_capture_paths(folder or captures_dir)), captures_dir, cache.sidecar)
    for group in progress_over(groups, "Converting"):
        paths = group.paths
        try:
            refs = tuple(capture_ref(p, root) for p in paths)
            ref = refs[0]
            stamped = stamped_inputs(paths, refs, corrections.fingerprint) if cache_file else None
            key = (cache.key_unread(ref, stamped) or conversion_key(paths, refs, corrections.fingerprint)) if cache_file else ""
            if recalled := cache.recall(ref, key, articles_dir):
                rendered, entry = recalled
                claims.append(Claim(rendered, entry.first_archived))
                warnings += entry.warnings
                corrections_used.update(entry.corrections_used)
                told.append((ref, key, stamped, entry.warnings, entry.corrections_used))
                continue
            used: set = set()
            article, capture, notes = _convert_group(group, root, corrections, used)
            corrections_used |= used
            if article.truncated:
                notes = [*notes, truncation_warning(article)]
            warnings += notes
            claims.append(Claim(RenderedArticle.of(article), _first_archived(article, capture.provenance)))
            told.append((ref, key, stamped, tuple(notes), tuple(sorted(used))))
        except ConversionError as error:
            for path in added.intersection(paths):  # a page that made no article is not kept
                path.unlink()
                sidecar_path(path).unlink(missing_ok=True)
                with contextlib.suppress(OSError):
                    path.parent.rmdir()  # if that leaves it empty
            ref = error.path if isinstance(error.path, str) else capture_ref(error.path, root)
            if ref in dropped_in:  # named as the user gave it
                error = type(error)(dropped_in[ref], error.reason)
            (skipped if isinstance(error, ConversionSkipped) else failed).append(str(error))
            kept_refs.update(capture_ref(p, root) for p in paths)
    # Only files naming a capture in the store are ours to remove (a hand-written one may name anything).
    store = captures_dir.resolve()
    existing = [f for f in existing if resolved(root / f.capture).is_relative_to(store)]
    held = {f.path for f in existing if f.capture in kept_refs}
    converted_refs = {claim.article.capture for claim in claims}
    rivals = [] if whole_store else [_rival_claim(f, root) for f in existing if f.capture not in converted_refs | kept_refs]
    written, unchanged = [], []
    places = assign_paths(claims, articles_dir, rivals=rivals, held=held)
    # A remembered article that moves is read from its old file before any file is written or renamed.
    claims = [
        dataclasses.replace(claim, article=claim.article.read()) if place != claim.article.kept else claim
        for claim, place in zip(claims, places, strict=True)
    ]
    for rival in (claim.article for claim in rivals):  # archived later than a new article, it gives up the plain address
        if rival.path in places:
            os.replace(rival.path, rival.path.with_name(distinct_name(rival.title, identity(rival))))
    for claim, place, (ref, key, stamped, notes, used) in zip(claims, places, told, strict=True):
        article = claim.article
        if article.write(place):
            written.append(place)
            cache.wrote(place, article.markdown)
        else:
            unchanged.append(place)
        if cache_file:
            cache.remember(
                ref,
                Remembered(
                    key=key,
                    path=place.relative_to(articles_dir).as_posix(),
                    sha256=article.sha256,
                    title=article.title,
                    date=article.date.isoformat(),
                    source_url=article.source_url,
                    capture=article.capture,
                    first_archived=claim.first_archived,
                    warnings=notes,
                    corrections_used=used,
                    stamped=stamped,
                ),
            )
    made = set(places)
    for old in existing:
        stale = old.path not in made and old.path not in held
        if stale and (whole_store or old.capture in converted_refs):
            old.path.unlink(missing_ok=True)
    # Only a whole conversion has seen every article (and a failed one may hold what a correction is for).
    unused = tuple(corrections.unused(corrections_used)) if whole_store and not failed else ()
    cache.save(keep_others=not whole_store)
    return ConvertReport(tuple(written), tuple(unchanged), tuple(skipped), tuple(failed), tuple(warnings), unused)


def _import_pages(folder: Path, captures_dir: Path, root: Path, failed: list[str]) -> tuple[set[Path], dict[str, Path]]:
    """Copy the pages of a folder outside the store into it (a page already there is not copied
    again); returns the captures added, and each page's place in the store (as a ref) with the
    page it came from. A page that cannot be read is reported in ``failed``."""
    store = StoredCaptures(captures_dir)
    added: set[Path] = set()
    places: dict[str, Path] = {}
    for page in progress_over(list(iter_capture_paths(folder)), "Importing"):
        try:
            target, new = store.add(page)
        except OSError as error:
            failed.append(f"{page}: cannot be read: {error.strerror or error}")
            continue
        if new:
            added.add(target)
        places[capture_ref(target, root)] = page
    return added, places


def truncation_warning(article: Article) -> str:
    return f"{article.capture}: the page stops before its end (no </body> or </html>): archived what arrived, marked 'truncated: true'"
