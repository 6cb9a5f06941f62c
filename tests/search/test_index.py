"""The search index: the postings the export reads a block at a time, and the searcher's scores, are Whoosh's own."""

import os
import random
import time
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh import qparser
from whoosh import query as whoosh_query

from benchmarks.site_search import QUERIES, generate
from newsarchive.search.format import ranking_score
from newsarchive.search.index import (
    IndexReader,
    IndexSearcher,
    _column_values,
    _spelled_out,
    _text,
    analyse,
    update_index,
)
from newsarchive.search.matches import all_of, among
from newsarchive.search.query import expand_query, ranked
from tests.support import in_two_processes


def write_articles(folder: Path, count: int, first: int = 0) -> None:
    """``count`` small articles: every one says "archive", every third "Kyiv" (several blocks of postings)."""
    for n in range(first, first + count):
        path = folder / f"article-{n:04d}.md"
        place = "Kyiv" if n % 3 == 0 else "Odesa"
        front_matter = f'title: "Report {n}"\ndate: 2025-01-{n % 28 + 1:02d}T10:00:00+00:00\nsource: "Example News"\nplaces: ["{place}"]\n'
        body = f"The archive keeps report {n} from {place}. " + "archive " * (n % 5) + f"word{n % 7} and {place} again.\n"
        path.write_text(f"---\n{front_matter}---\n{body}", encoding="utf-8")


def whoosh_answers(index_dir: Path, field: str, term: str, reader: IndexReader):
    """The same postings through Whoosh's matcher, one posting at a time: (number, weight, positions delta-coded)."""
    found = []
    with whoosh_index.open_dir(str(index_dir)).reader() as raw:
        if (field, term) not in raw:
            return []
        matcher = raw.postings(field, term)
        while matcher.is_active():
            if matcher.id() in reader.numbers:
                positions = matcher.value_as("positions") if raw.schema[field].format.supports("positions") else []
                deltas = [p - positions[i - 1] if i else p for i, p in enumerate(positions)]
                found.append((reader.numbers[matcher.id()], matcher.weight(), deltas))
            matcher.next()
    return sorted(found)


def test_postings_read_by_blocks_are_whooshs_across_segments_and_deletions(tmp_path, monkeypatch):
    articles, index_dir = tmp_path / "articles", tmp_path / "index"
    articles.mkdir()
    write_articles(articles, 400)
    in_two_processes(monkeypatch)  # a new index written by two processes: two segments
    update_index(articles, index_dir)
    write_articles(articles, 30, first=400)  # a third segment
    for path in sorted(articles.glob("*.md"))[:40:4]:  # deleted documents in the first segment
        path.unlink()
    report = update_index(articles, index_dir)
    assert report.added == 30 and report.removed == 10

    with IndexReader(index_dir) as reader:
        assert len(reader._leaves) >= 2 and len(reader.numbers) < reader.document_count()  # deleted ones still counted
        for field, term in [
            ("body", "archive"),
            ("body", "kyiv"),
            ("title", "report"),
            ("body", "word3"),
            ("body", "401"),
            ("body", "123"),
            ("places", "kyiv"),
            ("body", "absent"),
        ]:
            expected = whoosh_answers(index_dir, field, term, reader)
            weights = reader.postings(field, term)
            assert weights == [(number, weight) for number, weight, _ in expected], (field, term)
            if field in ("title", "body"):
                assert reader.postings(field, term, positions=True) == [(number, deltas) for number, _, deltas in expected], term
        assert len(reader.postings("body", "archive")) == 420  # more than a block of 128
        for column in ("path", "content_hash", "number", "date"):  # read whole, a segment at a time: Whoosh's values
            assert _column_values(reader._reader, column) == list(reader._reader.column_reader(column)), column


def test_title_and_body_words_indexed_in_one_pass_are_whooshs_own_analysis():
    """``_AnalysedPositions`` (one regex pass) indexes what Whoosh's chain of filters (``_TEXT``) would."""
    from whoosh import formats

    from newsarchive.search.index import _TEXT, SCHEMA

    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    texts = [path.read_text(encoding="utf-8") for path in sorted(fixtures.glob("*.txt"))]
    texts += [
        "",
        "the a to",  # stop words only
        "The Kyiv talks: a.b.c, 3.5% and x*y in Zürich, straße, Ölpreis, İstanbul, Ǆemal.",
        "Zelens'kyi — Зеленський, Ёлка; can't won’t re-election e-mail",
        "the of and Witkoff",  # positions start at the first word kept
        "Zurich, Zürich and zurich; straße then strasse, Zürich",  # words folded alike: their positions merged
    ]
    for name in ("title", "body"):
        field = SCHEMA[name]
        assert isinstance(field.format, formats.Positions)
        whooshs = formats.Positions(field_boost=field.format.field_boost)
        for text in texts:
            expected = sorted(
                (word.encode("utf-8"), freq, weight, whooshs.decode_positions(value))
                for word, freq, weight, value in whooshs.word_values(text, _TEXT, mode="index")
            )
            found = sorted((word, freq, weight, field.format.decode_positions(value)) for word, freq, weight, value in field.index(text))
            assert found == expected, (name, text[:60])


def test_a_querys_words_are_analysed_as_whooshs_chain_of_filters_analyses_them():
    """``analyse`` (one regex pass) gives the words ``_TEXT`` gives, and a query's words are Whoosh's parser's."""
    from newsarchive.search.index import _TEXT, SCHEMA, _query_words, analyse

    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    texts = [path.read_text(encoding="utf-8") for path in sorted(fixtures.glob("*.txt"))]
    texts += [
        "",
        "the a to I x",  # stop words, and words too short
        "The Kyiv talks: a.b.c, 3.5% and x*y in Zürich, straße, Ölpreis, İstanbul, Ǆemal, U.S.-led.",
        "Zelens'kyi — Зеленський, Ёлка; can't won’t re-election e-mail COVID-19 Witk* _under_score",
    ]
    for text in texts:
        assert analyse(text) == [token.text for token in _TEXT(text)], text[:60]
    for name in ("title", "body", "variants", "person_keys", "source"):
        for text in texts[-2:]:
            assert _query_words(SCHEMA[name], name, text) == list(SCHEMA[name].process_text(text, mode="query")), (name, text)


def test_a_words_positions_are_written_a_byte_each_and_read_back():
    """Differences under 256 a byte each, under 65,536 two bytes each, larger ones pickled; Whoosh reads the frequency."""
    from whoosh import formats

    from newsarchive.search.index import SCHEMA, _position_deltas

    body = SCHEMA["body"].format
    for positions in ([0], [3, 7, 255], [0, 256], [300], [1, 65535], [70000, 70001], list(range(0, 5000, 5))):
        value = body.encode(positions)
        assert body.decode_positions(value) == positions
        assert body.decode_frequency(value) == formats.Positions().decode_frequency(value) == len(positions)
        deltas = [b - a for a, b in zip([0, *positions], positions, strict=False)]
        if max(deltas) < 256:
            assert len(value) == 4 + 1 + len(positions)
        elif max(deltas) < 65536:
            assert len(value) == 4 + 1 + 2 * len(positions)
        else:
            assert value[4:6] == b"\x80\x02"  # (a pickle)
    assert _position_deltas(formats.Positions().encode([5, 9, 300])) == [5, 4, 291]  # (Whoosh's own, as indexes before had)


def test_an_opened_index_indexes_in_one_pass_too(tmp_path, monkeypatch):
    """The schema Whoosh unpickles from an index's files still takes ``_AnalysedPositions``' own way."""
    from newsarchive.search import index as search_index

    articles, index_dir = tmp_path / "articles", tmp_path / "index"
    articles.mkdir()
    write_articles(articles, 3)
    update_index(articles, index_dir)
    write_articles(articles, 2, first=3)
    whooshs = []
    monkeypatch.setattr(search_index.formats.Positions, "word_values", lambda *args, **kwargs: whooshs.append(args) or iter(()))
    assert update_index(articles, index_dir).added == 2
    assert not whooshs


EVALUATED = [
    *QUERIES,
    "archive",
    "Putin Trump Zelensky",
    '"Sergey Lavrov"',
    '"Kyiv said"',
    "Zap* Kyiv",
    "Kilroy-Silk",
    "person:Lavrov place:Kyiv",
    "source:RFE/RL tariffs",
    "year:2024 Odesa",
    "nothing-like-it",
    "the",
]
"""Queries the searcher scores itself (words, phrases, prefixes, fields: ANDs and ORs of terms)."""
NEGATED = ["Putin NOT Trump", "Putin ANDNOT Trump", "(Kyiv OR Odesa) NOT Trump", "Kyiv NOT Odesa NOT Trump"]
"""Queries with a NOT the searcher scores itself: Whoosh adds 1 to an article's score for each NOT it passes, the
searcher (and the site's search) 0; the same articles, in the same order."""
JOINED = [
    "Kyiv said Putin",
    '(Kyiv OR Odesa) "said president" talks',
    "Putin ANDMAYBE (Trump said)",
    "(Putin ANDNOT Trump) Kyiv",
    "Kyiv (Putin NOT Trump)",
    "NOT Trump Kyiv",
    "year:2024 source:VOA Odesa",
    "nothing-like-it Kyiv",
]
"""ANDs of parts of many kinds, each looked up only where the parts before it matched: the same scores to the last bit."""


def test_the_searchers_own_scores_are_whooshs(tmp_path, monkeypatch):
    """The searcher reads the flat postings (phrases by their places) and scores them as Whoosh's TF-IDF does:
    the same articles, ranked alike, across segments and deletions (an AND's later parts looked up only where
    its earlier ones matched, to the last bit as if each were looked up whole); other queries go to Whoosh. Its names
    (of people and places, which suggestions are drawn from) are Whoosh's lexicon's, deleted articles' too."""
    articles, index_dir = tmp_path / "articles", tmp_path / "index"
    generate(articles, 300)
    in_two_processes(monkeypatch)
    update_index(articles, index_dir)
    for path in sorted(articles.rglob("*.md"))[:60:3]:
        path.unlink()
    generate(articles, 40, seed=8)
    update_index(articles, index_dir)

    def answers(index: IndexSearcher, query: str) -> dict[int, int]:
        return {document: ranking_score(score) for score, document in index.matches(expand_query(query)).pairs()}

    words = analyse(sorted(articles.rglob("*.md"))[5].read_text().split("---")[-1])
    phrases = [f'"{words[at]} {words[at + 1]}"' for at in range(20, 30)] + [f'"{" ".join(words[40:43])}"']

    with whoosh_index.open_dir(str(index_dir)).reader() as raw:
        lexicon = {_text(term) for field in ("people", "places") for term in raw.lexicon(field)}
    with IndexSearcher(index_dir) as index:
        assert index.names == lexicon and len(lexicon) > 50  # (read from the flat postings, for suggestions)
        ours = {query: answers(index, query) for query in [*EVALUATED, *phrases]}
        assert all(ours[phrase] for phrase in phrases)
        own = [query for query in EVALUATED if index._scores(index._query(expand_query(query))) is not None]
        assert own == EVALUATED
        assert index._scores(whoosh_query.Term("body", "putin", boost=2.0)) is None
        negated = {query: index.matches(expand_query(query)) for query in NEGATED}
        assert all(index._scores(index._query(expand_query(query))) is not None for query in NEGATED)
        looked_up = {query: index.matches(expand_query(query)) for query in [*EVALUATED, *NEGATED, *JOINED]}
        with monkeypatch.context() as whole:  # (each part of an AND looked up at every article, as before)
            whole.setattr(IndexSearcher, "_all_of", lambda self, parts, within: among(all_of([self._scores(p) for p in parts]), within))
            for query, found in looked_up.items():
                alone = index.matches(expand_query(query))
                assert np.array_equal(found.documents, alone.documents) and np.array_equal(found.scores, alone.scores), query
        monkeypatch.setattr(IndexSearcher, "_scores", lambda self, query: None)
        for query in ours:
            assert ours[query] == answers(index, query), query
        for query, found in negated.items():
            assert found, query
            whooshs = index.matches(expand_query(query))
            assert [d for _, d in ranked(index, found, 1000)] == [d for _, d in ranked(index, whooshs, 1000)], query
    assert sum(map(bool, ours.values())) > len(ours) // 2


IN_WHOOSHS_LANGUAGE = {
    "Witkoff": "Witkoff OR variants:vtkf",
    "Trump Putin": "(Trump OR variants:trmp) AND (Putin OR variants:pu_ptn)",
    "person:Putin": "person_keys:pu_ptn",
    'person:"Sergey Lavrov"': "(person_keys:si_srhV person_keys:lvrv)",
    "place:Kyiv": "place_keys:geonames:703448 OR (place_keys:ki_kv)",
    "Rus*": "Rus*",
    "Zaporizh*ya": "Zaporizh*ya",
    "Zü*ch": "Zü*ch",
    'source:"Voice of America"': 'source:"Voice of America"',
    "tag:energy year:2023": 'tags:"energy" AND year:"2023"',
    '"the president said"': '"the president said"',
    "Kilroy-Silk": '"Kilroy-Silk" OR variants:ki_klrV-si_slk',
    "COVID-19": "COVID-19 OR variants:ko_kvd",
    "Mr. O'Neil café": "(Mr. OR variants:mr_mr) AND (O'Neil OR variants:on_nl) AND (café OR variants:ka_kfV)",
    "12 Odesa": "12 AND (Odesa OR variants:od_dsV)",
    "(Kyiv OR Kiev) NOT Putin": "((Kyiv OR variants:ki_kv) OR (Kiev OR variants:ki_kv)) AND NOT (Putin OR variants:pu_ptn)",
    "Putin ANDNOT Trump ANDMAYBE Kyiv": "((Putin OR variants:pu_ptn) ANDNOT (Trump OR variants:trmp)) ANDMAYBE (Kyiv OR variants:ki_kv)",
}
"""Queries, and the same written in Whoosh's query language, every spelling of their names spelled out."""


def test_a_query_is_what_whooshs_parser_makes_of_it_in_its_language(tmp_path):
    """The searcher builds Whoosh's query from the query's tree (no parsing twice): the query
    Whoosh's own parser makes of the same query in its language, prefixes spelled out alike."""
    articles, index_dir = tmp_path / "articles", tmp_path / "index"
    articles.mkdir()
    write_articles(articles, 3)
    update_index(articles, index_dir)
    with IndexSearcher(index_dir) as index:
        parser = qparser.MultifieldParser(["title", "body"], index._ix.schema, group=qparser.AndGroup)
        reader = index._searcher.reader()
        whooshs_terms_under = lambda field, prefix: [_text(term) for term in reader.expand_prefix(field, prefix)]  # noqa: E731
        for query, written in IN_WHOOSHS_LANGUAGE.items():
            parsed = parser.parse(written)
            # (Whoosh's own listing of a prefix's words, against the flat postings' that the searcher reads.)
            assert index._query(expand_query(query)) == parsed.accept(lambda q: _spelled_out(whooshs_terms_under, q)), query


def test_an_update_reads_only_the_article_files_whose_stamp_changed(tmp_path, monkeypatch):
    articles, index_dir = tmp_path / "articles", tmp_path / "index"
    articles.mkdir()
    write_articles(articles, 6)
    past = time.time_ns() - 60_000_000_000
    for path in articles.iterdir():
        os.utime(path, ns=(past, past))  # as files written by an earlier build are
    update_index(articles, index_dir)
    read = []
    real_read = Path.read_bytes
    with monkeypatch.context() as reads:
        reads.setattr(Path, "read_bytes", lambda path: read.append(path) or real_read(path))
        report = update_index(articles, index_dir)
    assert report.unchanged == 6 and [p for p in read if p.parent == articles] == []

    # Edited to the same size, its modification time put back: its change time tells.
    edited = articles / "article-0001.md"
    edited.write_text(edited.read_text().replace("keeps", "kept!"))
    os.utime(edited, ns=(past, past))
    assert update_index(articles, index_dir).updated == 1
    with IndexSearcher(index_dir) as index:
        assert len(index.matches(expand_query("kept"))) == 1


def test_a_body_of_plain_paragraphs_is_read_as_markdown_renders_it():
    """``markdown_text`` reads a body without Markdown's syntax without rendering it: the same text."""
    from newsarchive.search.index import _MAYBE_SYNTAX, _markdown, markdown_text
    from newsarchive.text import html_text

    rng = random.Random(3)
    pieces = [*"abcXYZ019 .,;:!?'\"()%$@/~^{}=+#>-", "\u00a0", "\u2028", "\u3000", "é", "Ж", "\n", "\n\n", "\n\n\n", " \n"]
    pieces += ["  \n", "\n ", "\n\t", "1. ", "- ", "* ", "&amp;", "<b>", "_x_", "\\*", "a | b", "\r\n"]  # syntax
    plain = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 60)))
        assert markdown_text(text) == html_text(_markdown().reset().convert(text)), text
        plain += not _MAYBE_SYNTAX.search(text)
    assert plain > 100  # (both ways were tried)
