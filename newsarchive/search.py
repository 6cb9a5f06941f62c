"""Search: the one module that knows the engine (Whoosh), so it can be swapped.

The index lives outside the site's output folder and is updated incrementally:
each article's file is indexed with a hash of its bytes, and only files whose
hash changed are reindexed; articles whose files are gone are removed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from bs4 import BeautifulSoup
from whoosh import fields, highlight, index, qparser, scoring
from whoosh import query as wquery
from whoosh.analysis import STOP_WORDS, CharsetFilter, StandardAnalyzer
from whoosh.searching import Hit
from whoosh.support.charset import accent_map

from newsarchive.articles import ArticleFile, ArticleFileError, iter_article_paths, read_article
from newsarchive.entities.corrections import NO_CORRECTIONS, Corrections
from newsarchive.entities.resolve import entity_key
from newsarchive.entities.variants import variant_key
from newsarchive.errors import NewsarchiveError
from newsarchive.files import atomic_write_bytes
from newsarchive.progress import progress_over
from newsarchive.records import SearchHit, SnippetPart

# Folding accents lets "Zelenskyi" find "Zelens'kyi"-style spellings that differ only by diacritics.
# No stemming: the site's search analyses a query in the browser exactly as here, and a
# stemmer there would be a second implementation to drift. "US" and "May" are not stop words in news.
STOP = frozenset(STOP_WORDS - {"us", "may"})
_TEXT = StandardAnalyzer(stoplist=STOP, minsize=2) | CharsetFilter(accent_map)
# TF-IDF over Whoosh's stored weights: simple enough that the browser ranks exactly alike.
WEIGHTING = scoring.TF_IDF()

SCHEMA = fields.Schema(
    path=fields.ID(stored=True, unique=True),
    # The article's number in the site's search files: kept across merges of Whoosh's
    # segments (which renumber documents), so an export can be updated file by file.
    number=fields.NUMERIC(stored=True, sortable=True),
    content_hash=fields.STORED,
    title=fields.TEXT(analyzer=_TEXT, stored=True, field_boost=2.0),
    body=fields.TEXT(analyzer=_TEXT, stored=True),
    date=fields.DATETIME(stored=True, sortable=True),
    source=fields.KEYWORD(stored=True, lowercase=True, commas=True, scorable=True),
    source_url=fields.STORED,
    people=fields.KEYWORD(stored=True, lowercase=True, commas=True, scorable=True),
    places=fields.KEYWORD(stored=True, lowercase=True, commas=True, scorable=True),
    tags=fields.KEYWORD(stored=True, lowercase=True, commas=True, scorable=True),
    # Variant keys (entities.variants) of every capitalised word, and of the people's and
    # places' names: any spelling of a name finds every spelling of it. Stored so that the
    # terms an article had can be told when it changes (search_export updates their files).
    variants=fields.KEYWORD(lowercase=False, scorable=True, stored=True),
    person_keys=fields.KEYWORD(lowercase=False, stored=True),
    place_keys=fields.KEYWORD(lowercase=False, stored=True),
    year=fields.ID(stored=True),
)
SEARCHED_FIELDS = ("title", "body")
# The fields the site's search files hold terms of (search_export), and so the ones journaled.
EXPORTED_FIELDS = ("title", "body", "variants", "person_keys", "place_keys", "source", "tags", "year")
JOURNALED_FIELDS = (*EXPORTED_FIELDS, "people", "places")
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*")
_QUERY_TOKEN = re.compile(r'(\w+):("[^"]*"|\S+)|"[^"]*"|\(|\)|\S+')
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


class SearchError(NewsarchiveError):
    """The index is missing or a query cannot be parsed; the message says which."""


@dataclass(frozen=True)
class IndexReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: tuple[str, ...] = ()  # articles that could not be read, one line each (left out of the index)


@dataclass(frozen=True)
class SearchResults:
    query: str
    total: int
    hits: tuple[SearchHit, ...]
    suggestions: tuple[str, ...] = ()  # "did you mean", when nothing matched


def body_text(article: ArticleFile) -> str:
    """The article's body as plain text, as a reader sees it."""
    html = markdown.markdown(article.body_markdown)
    return BeautifulSoup(html, "html.parser").get_text(" ", strip=True)


def update_index(articles_dir: Path, index_dir: Path, corrections: Corrections = NO_CORRECTIONS) -> IndexReport:
    """Bring the index in line with the article files; returns what changed.

    What changed (the articles' numbers, and every term they had or have) is added to
    the index's journal of changes, from which ``search_export`` updates the site's files.
    """
    paths = iter_article_paths(articles_dir)
    ix = _open_or_create(index_dir)
    if (index_dir / PENDING_FILE).exists():  # the last run was killed around its commit
        _note_merged_deletions(ix, index_dir, purged=True)
    with ix.searcher() as searcher:
        known = {doc["path"]: doc for doc in searcher.all_stored_fields()}
    next_number = max((doc["number"] for doc in known.values()), default=-1) + 1
    count_before = ix.doc_count_all()

    added = updated = unchanged = 0
    seen = set()
    failed: list[str] = []
    changes = IndexChanges()
    deleted = IndexChanges()  # the old versions: Whoosh counts them until it merges their segment away
    writer = ix.writer()
    try:
        for path in progress_over(paths, "Indexing"):
            key = path.relative_to(articles_dir).as_posix()
            seen.add(key)
            # The corrections' aliases are indexed too: a change to them reindexes every article.
            digest = hashlib.sha256(path.read_bytes() + corrections.fingerprint.encode("utf-8")).hexdigest()
            old = known.get(key)
            if old and old["content_hash"] == digest:
                unchanged += 1
                continue
            try:
                article = read_article(path)
            except ArticleFileError as error:  # one unreadable article is left out, not the whole index
                failed.append(str(error))
                seen.discard(key)
                continue
            document = _document(key, digest, article, corrections) | {"number": next_number}
            next_number += 1
            writer.update_document(**document)
            if known:
                changes.add(document)
            if old:
                changes.add(old)
                deleted.add(old)
                updated += 1
            else:
                added += 1
        removed = 0
        for key in known.keys() - seen:
            writer.delete_by_term("path", key)
            changes.add(known[key])
            deleted.add(known[key])
            removed += 1
    except BaseException:
        writer.cancel()
        raise
    if added or updated or removed:
        if known:
            # The journal first: a run killed after the commit leaves a journal that names
            # these changes, so the next export still brings them into the site's search.
            changes.record(index_dir)
            deleted.record(index_dir, DELETED_TERMS_FILE)
            atomic_write_bytes(index_dir / PENDING_FILE, b"")
        else:  # a new index: its export is made whole, with no journal to read
            (index_dir / EXPORT_STATE_FILE).unlink(missing_ok=True)
        writer.commit()
        if known:
            _note_merged_deletions(ix, index_dir, purged=ix.doc_count_all() < count_before + added + updated)
    else:
        writer.cancel()
    return IndexReport(added=added, updated=updated, removed=removed, unchanged=unchanged, failed=tuple(failed))


def _note_merged_deletions(ix, index_dir: Path, purged: bool) -> None:
    """Journal the terms of deleted documents again once Whoosh has merged them away.

    Whoosh counts a deleted document in its statistics (document frequencies, the
    document count) until a merge drops it; the browser must count as it does, so the
    terms a dropped document had are exported again. Those waiting are kept in
    DELETED_TERMS_FILE; over-counting a term only rewrites its file with the same bytes,
    so after a run killed around its commit (PENDING_FILE left) they are journaled anyway.
    """
    waiting = IndexChanges.read(index_dir, DELETED_TERMS_FILE) or IndexChanges()
    if purged or (index_dir / PENDING_FILE).exists():
        waiting.record(index_dir)
    with ix.reader() as reader:
        if not reader.has_deletions():
            IndexChanges.clear(index_dir, DELETED_TERMS_FILE)
    (index_dir / PENDING_FILE).unlink(missing_ok=True)


CHANGES_FILE = "changes.json"
"""The index's journal of changes not yet in the site's search files (format: IndexChanges)."""
DELETED_TERMS_FILE = "deleted-terms.json"
"""Terms of deleted documents that Whoosh still counts (see _note_merged_deletions)."""
PENDING_FILE = "commit-pending"
"""Present from just before the index's commit until its deleted terms are settled: a crash in between is seen."""
EXPORT_STATE_FILE = "export-state.json"
"""What the last export of the site's search files wrote (search_export), kept to update it."""


@dataclass
class IndexChanges:
    """Articles (by number) that were added, changed or removed, and the terms, by field, they had or have."""

    numbers: set[int] = field(default_factory=set)
    terms: dict[str, set[str]] = field(default_factory=dict)

    def add(self, document: dict) -> None:
        """Note a document (as indexed, or as stored) and all its terms."""
        self.numbers.add(document["number"])
        for name in JOURNALED_FIELDS:
            if document.get(name):
                terms = self.terms.setdefault(name, set())
                terms.update(SCHEMA[name].process_text(document[name], mode="index"))

    def merge(self, other: IndexChanges) -> None:
        self.numbers |= other.numbers
        for name, terms in other.terms.items():
            self.terms.setdefault(name, set()).update(terms)

    def record(self, index_dir: Path, name: str = CHANGES_FILE, replace: bool = False) -> None:
        """Add these changes to the journal in ``index_dir`` (merged with any not yet exported)."""
        journal = IndexChanges() if replace else (IndexChanges.read(index_dir, name) or IndexChanges())
        journal.merge(self)
        data = {"numbers": sorted(journal.numbers), "terms": {n: sorted(t) for n, t in sorted(journal.terms.items())}}
        atomic_write_bytes(index_dir / name, json.dumps(data).encode("utf-8"))

    @staticmethod
    def read(index_dir: Path, name: str = CHANGES_FILE) -> IndexChanges | None:
        """The journal, or None when there is none (then the export is made whole)."""
        try:
            data = json.loads((index_dir / name).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        return IndexChanges(set(data["numbers"]), {field_: set(terms) for field_, terms in data["terms"].items()})

    @staticmethod
    def clear(index_dir: Path, name: str = CHANGES_FILE) -> None:
        (index_dir / name).unlink(missing_ok=True)


SCHEMA_VERSION = "5"  # raise when fields or analysis change: the index is then rebuilt


def _open_or_create(index_dir: Path) -> index.Index:
    version_file = index_dir / "newsarchive-schema"
    if index.exists_in(str(index_dir)) and version_file.exists() and version_file.read_text() == SCHEMA_VERSION:
        return index.open_dir(str(index_dir))
    # A missing index, or one made with another schema, is rebuilt from the articles.
    index_dir.mkdir(parents=True, exist_ok=True)
    for name in (
        CHANGES_FILE,
        DELETED_TERMS_FILE,
        EXPORT_STATE_FILE,
        PENDING_FILE,
    ):  # they describe the old index: the next export is whole
        (index_dir / name).unlink(missing_ok=True)
    ix = index.create_in(str(index_dir), SCHEMA)
    version_file.write_text(SCHEMA_VERSION)
    return ix


def _document(key: str, digest: str, article: ArticleFile, corrections: Corrections = NO_CORRECTIONS) -> dict:
    body = body_text(article)
    person_names = [*article.people, *(a for p in article.people for a in corrections.aliases_of("person", p))]
    place_names = [*article.places, *(a for p in article.places for a in corrections.aliases_of("place", p))]
    return {
        "path": key,
        "content_hash": digest,
        "title": article.title,
        "body": body,
        "date": article.date.astimezone(dt.UTC).replace(tzinfo=None),
        "source": article.source,
        "source_url": article.source_url,
        "people": ",".join(article.people),
        "places": ",".join(article.places),
        "tags": ",".join(article.tags),
        "year": f"{article.date:%Y}",
        "variants": " ".join(sorted(_word_keys(f"{article.title} {body}"))),
        "person_keys": " ".join(sorted(_word_keys(" ".join(person_names)))),
        "place_keys": " ".join(sorted({entity_key(p, "place") for p in place_names} | _word_keys(" ".join(place_names)))),
    }


def _word_keys(text: str) -> set[str]:
    return {key for word in _CAPITALISED.findall(text) if (key := variant_key(word))}


def expand_query(query: str) -> str:
    """The query with every spelling of its names: a bare word also matches words of the same
    variant key, and ``person:`` / ``place:`` match the entity under any spelling."""
    parts = []
    for match in _QUERY_TOKEN.finditer(query):
        token = match.group(0)
        field, value = match.group(1), match.group(2)
        if field in ("person", "place"):
            words = value.strip('"').split()
            keys = [entity_key(value.strip('"'), "place")] if field == "place" else []
            word_keys = " ".join(f"{field}_keys:{variant_key(w)}" for w in words if variant_key(w))
            alternatives = [f"{field}_keys:{k}" for k in keys if k.startswith(("geonames:", "curated:", "iso:", "fips:"))]
            alternatives.append(f"({word_keys})" if word_keys else f"{field}s:{value}")
            parts.append("(" + " OR ".join(alternatives) + ")")
        elif field == "tag":
            parts.append(f"tags:{value}")
        elif field or token.startswith('"') or token in _OPERATORS or token in "()" or not token[0].isalpha() or token.endswith("*"):
            parts.append(token)
        else:
            key = variant_key(token)
            parts.append(f"({token} OR variants:{key})" if key else token)
    return " ".join(parts)


def search(index_dir: Path, query: str, limit: int = 10) -> SearchResults:
    """Run a query (words ANDed, "phrases", field:value) and return the best hits, newest first on ties."""
    if not index.exists_in(str(index_dir)):
        raise SearchError(f"{index_dir}: no search index yet; run `invoke build` (or `invoke index`) first")
    ix = index.open_dir(str(index_dir))
    parser = qparser.MultifieldParser(list(SEARCHED_FIELDS), ix.schema, group=qparser.AndGroup)
    parsed = parser.parse(expand_query(query))
    with ix.searcher(weighting=WEIGHTING) as searcher:
        parsed = parsed.accept(functools.partial(_spelled_out, searcher.reader()))
        results = searcher.search(parsed, limit=None, terms=True)
        results.formatter = _SnippetFormatter()
        results.fragmenter = highlight.ContextFragmenter(maxchars=240, surround=60)
        keys = {variant_key(word) for word in re.findall(r"(?<![:\w])[^\W\d_][\w'’-]*", query)} - {""}
        hits = tuple(
            _hit(Hit(results, docnum, place, score), keys) for place, (score, docnum) in enumerate(_ranked(searcher, results.top_n, limit))
        )
        total = len(results)
        suggestions = _suggestions(searcher, query) if not total else ()
        return SearchResults(query=query, total=total, hits=hits, suggestions=suggestions)


def _ranked(searcher, scored: list[tuple[float, int]], limit: int) -> list[tuple[float, int]]:
    """The best ``limit`` of (score, docnum): by score, then newest first, then by article file.

    The same order whatever order the articles were indexed in (an incremental index and
    a clean one number them differently), and the order the site's search ranks in.
    """
    if not scored:
        return []
    dates = searcher.reader().column_reader("date")
    epoch = dt.datetime(1970, 1, 1)
    by_score_and_date = sorted(scored, key=lambda entry: (-entry[0], -(dates[entry[1]] - epoch).total_seconds()))
    if len(by_score_and_date) > limit:  # ties at the cut are settled too
        last = by_score_and_date[limit - 1]
        tied = lambda entry: (entry[0], dates[entry[1]]) == (last[0], dates[last[1]])  # noqa: E731
        end = limit
        while end < len(by_score_and_date) and tied(by_score_and_date[end]):
            end += 1
        by_score_and_date = by_score_and_date[:end]
    stored = searcher.stored_fields
    return sorted(by_score_and_date, key=lambda entry: (-entry[0], -(dates[entry[1]] - epoch).total_seconds(), stored(entry[1])["path"]))[
        :limit
    ]


def _spelled_out(reader, query):
    """A prefix query as the plain OR of the words it stands for, each scored as itself.

    Whoosh scores a prefix differently by how many words it matches; spelled out, the
    ranking is plain TF-IDF, which the site's search computes alike.
    """
    if isinstance(query, wquery.Prefix):
        words = [wquery.Term(query.fieldname, text) for text in reader.expand_prefix(query.fieldname, query.text)]
        return wquery.Or(words) if words else wquery.NullQuery
    return query


def _suggestions(searcher, query: str, limit: int = 3) -> tuple[str, ...]:
    """Names of people and places close to the query's words: offered, never merged into the search."""
    names = set()
    for fields_ in searcher.all_stored_fields():
        for field_name in ("people", "places"):
            names.update(n for n in (fields_.get(field_name) or "").split(",") if n)
    words = {w for name in names for w in name.split() if len(w) > 2} | names
    suggestions = []
    for word in re.findall(r"(?<![:\w])[^\W\d_][\w'’-]{2,}", query):
        # Names that begin as the word does: a slip is rarely in the first letter, and the
        # site's search, which offers the same, then reads only that letter's names.
        alike = sorted(w for w in words if w[0].lower() == word[0].lower())
        for close in difflib.get_close_matches(word, alike, n=limit, cutoff=0.75):
            if close.casefold() != word.casefold() and close not in suggestions:
                suggestions.append(close)
    return tuple(suggestions[:limit])


def _hit(hit, keys: set[str]) -> SearchHit:
    snippet = hit.highlights("body", top=2) or hit.highlights("title", top=1)
    if keys and not any(part.matched for part in snippet or ()):
        # Matched through another spelling: mark the words of the article that spell it.
        snippet = _variant_snippet(hit["body"], keys) or snippet
    return SearchHit(
        title=hit["title"],
        date=hit["date"].replace(tzinfo=dt.UTC),
        source=hit["source"],
        path=hit["path"],
        source_url=hit.get("source_url"),
        snippet=snippet or (),
        score=hit.score,
    )


def _variant_snippet(text: str, keys: set[str], around: int = 90) -> tuple[SnippetPart, ...]:
    """A stretch of ``text`` around the first words whose variant key is wanted, those words marked."""
    words = [m for m in re.finditer(r"[^\W\d_][\w'’-]*", text) if variant_key(m.group(0)) in keys]
    if not words:
        return ()
    start = max(0, words[0].start() - around)
    end = min(len(text), words[0].end() + around)
    start = text.find(" ", start) + 1 if start else 0
    parts, position = [], start
    for word in words:
        if word.start() < position or word.end() > end:
            continue
        parts += [SnippetPart(text[position : word.start()]), SnippetPart(word.group(0), matched=True)]
        position = word.end()
    parts.append(SnippetPart(text[position:end]))
    return tuple(part for part in parts if part.text)


class _SnippetFormatter(highlight.Formatter):
    """Whoosh formatter that returns typed snippet parts instead of markup.

    Callers decide how a match is shown (bold in a terminal, <mark> in a page),
    and no caller has to parse or trust markup made from article text.
    """

    between = " … "

    def format(self, fragments, replace=False):
        parts: list[SnippetPart] = []
        for number, fragment in enumerate(fragments):
            if number:
                parts.append(SnippetPart(self.between))
            text, position = fragment.text, fragment.startchar
            for token in sorted(fragment.matches, key=lambda t: (t.startchar, -t.endchar)):
                if token.startchar is None or token.startchar < position:
                    continue
                if token.startchar > position:
                    parts.append(SnippetPart(text[position : token.startchar]))
                parts.append(SnippetPart(text[token.startchar : token.endchar], matched=True))
                position = token.endchar
            parts.append(SnippetPart(text[position : fragment.endchar]))
        return tuple(part for part in parts if part.text)
