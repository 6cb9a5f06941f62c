"""Search: the one module that knows the engine (Whoosh), so it can be swapped.

The index lives outside the site's output folder and is updated incrementally:
each article's file is indexed with a hash of its bytes, and only files whose
hash changed are reindexed; articles whose files are gone are removed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import gzip
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import markdown
from bs4 import BeautifulSoup
from whoosh import fields, highlight, index, qparser, scoring
from whoosh import query as wquery
from whoosh.analysis import STOP_WORDS, CharsetFilter, StandardAnalyzer
from whoosh.support.charset import accent_map

from newsarchive.articles import ArticleFile, iter_article_paths, read_article
from newsarchive.files import atomic_write_bytes
from newsarchive.entities.corrections import NO_CORRECTIONS, Corrections
from newsarchive.entities.resolve import entity_key
from newsarchive.entities.variants import variant_key
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
    # places' names: any spelling of a name finds every spelling of it.
    variants=fields.KEYWORD(lowercase=False, scorable=True),
    person_keys=fields.KEYWORD(lowercase=False),
    place_keys=fields.KEYWORD(lowercase=False),
    year=fields.ID(),
)
SEARCHED_FIELDS = ("title", "body")
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*")
_QUERY_TOKEN = re.compile(r'(\w+):("[^"]*"|\S+)|"[^"]*"|\(|\)|\S+')
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


class SearchError(Exception):
    """The index is missing or a query cannot be parsed; the message says which."""


@dataclass(frozen=True)
class IndexReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0


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
    """Bring the index in line with the article files; returns what changed."""
    paths = iter_article_paths(articles_dir)
    ix = _open_or_create(index_dir)
    with ix.searcher() as searcher:
        known = {doc["path"]: doc["content_hash"] for doc in searcher.all_stored_fields()}

    added = updated = unchanged = 0
    seen = set()
    writer = ix.writer()
    try:
        for path in progress_over(paths, "Indexing"):
            key = path.relative_to(articles_dir).as_posix()
            seen.add(key)
            # The corrections' aliases are indexed too: a change to them reindexes every article.
            digest = hashlib.sha256(path.read_bytes() + corrections.fingerprint.encode("utf-8")).hexdigest()
            if known.get(key) == digest:
                unchanged += 1
            else:
                writer.update_document(**_document(key, digest, read_article(path), corrections))
                if key in known:
                    updated += 1
                else:
                    added += 1
        removed = 0
        for key in known.keys() - seen:
            writer.delete_by_term("path", key)
            removed += 1
    except BaseException:
        writer.cancel()
        raise
    if added or updated or removed:
        writer.commit()
    else:
        writer.cancel()
    return IndexReport(added=added, updated=updated, removed=removed, unchanged=unchanged)


SCHEMA_VERSION = "4"  # raise when fields or analysis change: the index is then rebuilt


def _open_or_create(index_dir: Path) -> index.Index:
    version_file = index_dir / "newsarchive-schema"
    if index.exists_in(str(index_dir)) and version_file.exists() and version_file.read_text() == SCHEMA_VERSION:
        return index.open_dir(str(index_dir))
    # A missing index, or one made with another schema, is rebuilt from the articles.
    index_dir.mkdir(parents=True, exist_ok=True)
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
        "date": article.date.astimezone(dt.timezone.utc).replace(tzinfo=None),
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
        results = searcher.search(parsed, limit=limit, terms=True)
        results.formatter = _SnippetFormatter()
        results.fragmenter = highlight.ContextFragmenter(maxchars=240, surround=60)
        keys = {variant_key(word) for word in re.findall(r"(?<![:\w])[^\W\d_][\w'’-]*", query)} - {""}
        hits = tuple(_hit(hit, keys) for hit in results)
        total = results.estimated_length()
        suggestions = _suggestions(searcher, query) if not total else ()
        return SearchResults(query=query, total=total, hits=hits, suggestions=suggestions)


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
        for close in difflib.get_close_matches(word, sorted(words), n=limit, cutoff=0.75):
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
        date=hit["date"].replace(tzinfo=dt.timezone.utc),
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


# ---------------------------------------------------------------- static export for the site

EXPORT_FIELDS = ("title", "body", "variants", "person_keys", "place_keys", "source", "tags", "year")
FACET_BLOCK = 256
"""Documents per facet file: a query reads the blocks its matches fall in."""


@dataclass(frozen=True)
class ExportReport:
    files: int
    bytes: int


def export_static(index_dir: Path, out_dir: Path, urls: dict[str, str]) -> ExportReport:
    """Write the index as static files for the site's search script (format: README, "Search").

    ``urls`` maps each article file (as indexed) to its URL in the site. Everything the
    browser ranks with comes from Whoosh's own postings, weights and statistics.
    """
    ix = index.open_dir(str(index_dir))
    entries: dict[str, dict[str, list]] = {}  # field -> term -> [df, postings]
    docs: dict[int, list] = {}
    with ix.reader() as reader:
        live = [n for n in reader.all_doc_ids()]
        for number in live:
            stored = reader.stored_fields(number)
            docs[number] = [
                number,
                stored["title"],
                stored["date"].strftime("%Y-%m-%d"),
                stored["source"],
                urls.get(stored["path"], ""),
                [p for p in (stored.get("people") or "").split(",") if p],
                [p for p in (stored.get("places") or "").split(",") if p],
                [t for t in (stored.get("tags") or "").split(",") if t],
            ]
        for field in EXPORT_FIELDS:
            for term in reader.lexicon(field):
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                postings = []
                matcher = reader.postings(field, term)
                while matcher.is_active():
                    if not reader.is_deleted(matcher.id()):
                        postings += [matcher.id(), round(matcher.weight(), 4)]
                    matcher.next()
                entries.setdefault(field, {})[text] = [reader.doc_frequency(field, term), postings]
        shards = _shards(entries)
        meta = {
            "version": 1,
            "documents": reader.doc_count_all(),
            "fields": list(SEARCHED_FIELDS),
            "stop": sorted(STOP),
            "minsize": 2,
            "block": FACET_BLOCK,
        }
    names = sorted({name for doc in docs.values() for name in (*doc[5], *doc[6])})
    files = {"meta.json": meta, "names.json": names}
    files.update({f"terms/{name}.json": shard for name, shard in shards.items()})
    files.update(_facet_files(docs))
    for number, doc in docs.items():
        files[f"doc/{number}.json"] = doc[1:5]  # title, date, source, URL: what a result shows
    with ix.searcher() as searcher:
        for number in docs:
            files[f"text/{number}.json"] = searcher.stored_fields(number)["body"]
    total = 0
    written = set()
    for name, content in files.items():
        # Gzipped by us, unzipped by the browser (DecompressionStream): a static host need not compress.
        data = gzip.compress(json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 9, mtime=0)
        path = out_dir / f"{name}.gz"
        atomic_write_bytes(path, data)
        written.add(path)
        total += len(data)
    for stale in out_dir.rglob("*.json*") if out_dir.is_dir() else ():
        if stale not in written:
            stale.unlink()
    return ExportReport(files=len(files), bytes=total)


def _facet_files(docs: dict[int, list]) -> dict[str, object]:
    """facets.json names every source, year, person and place once (most frequent first);
    facets/<block>.json gives each document's as numbers into those lists."""
    from collections import Counter

    counts = {kind: Counter() for kind in ("source", "year", "person", "place")}
    for doc in docs.values():
        counts["source"][doc[3]] += 1
        counts["year"][doc[2][:4]] += 1
        counts["person"].update(doc[5])
        counts["place"].update(doc[6])
    names = {kind: [n for n, _ in sorted(c.items(), key=lambda item: (-item[1], item[0]))] for kind, c in counts.items()}
    index_of = {kind: {n: i for i, n in enumerate(values)} for kind, values in names.items()}
    files: dict[str, object] = {"facets.json": names}
    for number in sorted(docs):
        doc = docs[number]
        files.setdefault(f"facets/{number // FACET_BLOCK}.json", {})[number] = [
            index_of["source"][doc[3]],
            index_of["year"][doc[2][:4]],
            [index_of["person"][p] for p in doc[5]],
            [index_of["place"][p] for p in doc[6]],
        ]
    return files


SHARD_BYTES = 24_000
"""A shard larger than this (as JSON, before gzip) is split by one more character of its terms."""


def _shards(entries: dict[str, dict[str, list]], length: int = 2, prefix: str = "") -> dict[str, dict]:
    """Terms grouped by their first characters, two at least, more where a group is large,
    so that a query fetches little: {hex of the prefix: {field: {term: [df, postings]}}}."""
    groups: dict[str, dict[str, dict[str, list]]] = {}
    for field, terms in entries.items():
        for term, value in terms.items():
            if term.startswith(prefix):
                groups.setdefault(term[:length], {}).setdefault(field, {})[term] = value
    shards = {}
    for key, group in groups.items():
        size = len(json.dumps(group, separators=(",", ":")))
        longer = any(len(term) > length for terms in group.values() for term in terms)
        if size > SHARD_BYTES and longer and length < 6:
            # The node keeps its exact terms and names its children, so the browser can walk down.
            node = {f: {t: v for t, v in terms.items() if len(t) <= length} for f, terms in group.items()}
            node = {f: terms for f, terms in node.items() if terms}
            children = _shards({f: {t: v for t, v in terms.items() if len(t) > length} for f, terms in group.items()}, length + 1, key)
            node["_children"] = sorted(name for name in children if _is_child(name, key))
            shards[shard_name(key)] = node
            shards.update(children)
        else:
            shards[shard_name(key)] = group
    return shards


def _is_child(name: str, parent: str) -> bool:
    """Whether shard ``name`` (hex) is one character longer than the prefix ``parent``."""
    prefix = bytes.fromhex(name).decode("utf-8")
    return prefix.startswith(parent) and len(prefix) == len(parent) + 1


def shard_name(prefix: str) -> str:
    """A shard's file name: its terms' prefix, hex-encoded (safe on any file system)."""
    return prefix.encode("utf-8").hex()
