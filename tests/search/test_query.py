from types import SimpleNamespace

import pytest

from newsarchive.search import SearchError, search, update_index
from tests.support import SAMPLE, converted, text_copy


@pytest.fixture
def archive(tmp_path):
    articles = converted(tmp_path, {"sample.txt": SAMPLE})
    index_dir = tmp_path / "index"
    update_index(articles, index_dir)
    return articles, index_dir


@pytest.mark.parametrize("query", ["Witkoff", "Zaporizhzhya", "witkoff", '"Zaporizhzhya region"', "Witkoff Zaporizhzhya"])
def test_queries_find_the_sample(archive, query):
    _, index_dir = archive
    results = search(index_dir, query)
    assert results.total == 1
    (hit,) = results.hits
    assert hit.title.startswith("Trump Says 'Good Chance'")
    assert hit.source == "RFE/RL"
    assert f"{hit.date:%Y-%m-%d}" == "2025-08-06"
    marked = [part.text.casefold() for part in hit.snippet if part.matched]
    assert marked and set(marked) <= {w.strip('"').casefold() for w in query.split()}


def test_no_hits(archive):
    _, index_dir = archive
    results = search(index_dir, "Witkoff Atlantis")
    assert results.total == 0 and results.hits == ()


def test_index_is_incremental(archive):
    articles, index_dir = archive
    assert update_index(articles, index_dir).unchanged == 1
    (path,) = articles.rglob("*.md")
    path.write_text(path.read_text().replace("Witkoff", "Envoyname"))
    report = update_index(articles, index_dir)
    assert (report.updated, report.added, report.removed) == (1, 0, 0)
    assert search(index_dir, "Envoyname").total == 1
    path.unlink()
    assert update_index(articles, index_dir).removed == 1
    assert search(index_dir, "Envoyname").total == 0


@pytest.mark.parametrize(
    ("query", "total"),
    [
        ("Witkoff OR Atlantis", 1),
        ("Witkoff NOT Atlantis", 1),
        ("NOT Witkoff", 0),
        ("Atlantis OR (Kyiv Witkoff)", 1),
        ("NOT NOT Witkoff", 1),
    ],
)
def test_operators_join_words(archive, query, total):
    _, index_dir = archive
    assert search(index_dir, query).total == total


@pytest.mark.parametrize(("query", "total"), [("DATE:2024 Witkoff", 0), ("(date:2025 Witkoff)", 1), ("(date:2024 Witkoff)", 0)])
def test_a_date_filter_is_read_as_the_page_reads_it(archive, query, total):
    """In any case, and in parentheses: the query's own tokens, as search.js reads them."""
    _, index_dir = archive
    assert search(index_dir, query).total == total


def test_an_unknown_filter_is_a_clear_error(archive):
    _, index_dir = archive
    with pytest.raises(SearchError, match=r"^title:Trump: no such filter \(use person:, place:, source:, tag:, year:, date:\)$"):
        search(index_dir, "title:Trump")
    assert search(index_dir, "PERSON:Witkoff").total == 1  # a filter's name in any case


def test_missing_index_is_a_clear_error(tmp_path):
    with pytest.raises(SearchError, match="no search index yet"):
        search(tmp_path / "nowhere", "Witkoff")


@pytest.mark.parametrize(
    ("query", "marked"),
    [
        ("Zaporizhzhia", "Zaporizhzhya"),
        ("Zaporozhye", "Zaporizhzhya"),
        ("Zelensky", "Zelenskyy"),
        ("Kiev", "Kyiv"),
        ("Zaporizhzhia Zelensky", None),
        ("person:Zelensky", None),
        ('person:"Volodymyr Zelenskiy"', None),
        ("place:Zaporozhye", None),
        ("place:Kiev", None),
    ],
)
def test_any_spelling_finds_the_article(archive, query, marked):
    _, index_dir = archive
    results = search(index_dir, query)
    assert results.total == 1, query
    if marked:
        assert marked in [part.text for part in results.hits[0].snippet if part.matched]


@pytest.mark.parametrize("query", ["Kiel", "Kherson Kharkiv", "person:Medvedchuk", "place:Odense"])
def test_look_alikes_do_not_match(archive, query):
    _, index_dir = archive
    assert search(index_dir, query).total == 0


@pytest.fixture
def namesakes(tmp_path):
    """Articles whose names share a variant key with unrelated words (BBC News, 2004-05, as the issue found them)."""
    texts = {
        "kilroy": "Kilroy-Silk quits\n\nRobert Kilroy-Silk has left the party he founded, his office said on Monday.\n",
        "kilroi": "Kilroi-Silk speaks\n\nThe former host Kilroi-Silk spoke in the Commons, spelt so by the clerk.\n",
        "silk": "Silk prices rise\n\nSilk from Kilroy county cost more this year, traders in the market said.\n",
        "yukos": "Yukos auction\n\nThe oil firm Yukos lost its main unit at an auction in Moscow.\n",
        "uk": "Keys to growth\n\nThe UK's economy grew; Access to credit and Cox's report on Keys were cited.\n",
        "rooney": "Rooney scores\n\nWayne Rooney scored twice at Old Trafford.\n",
        "irina": "Arena opens\n\nIrina and Renee opened the new Arena in the city.\n",
        # Look-alikes of three consonants on real news text, and an ordinary word at a sentence's start
        "paris": "Paris talks\n\nLeaders met in Paris on Monday to talk about trade.\n",
        "press": "Press freedom\n\nPress groups weighed the Pros and cons of the law.\n",
        "singh": "Singh sworn in\n\nManmohan Singh was sworn in on Monday.\n",
        "using": "Using drones\n\nUsing drones, farmers in Sang county mapped their fields.\n",
        "crimea": "Crimea bridge\n\nThe bridge to Crimea was hit overnight.\n",
        "crime": "Crime falls\n\nCrime fell in the county, where crime had risen for years.\n",
        "headline": "Is Football Violence a Crime?\n\nFootball violence rose this season, the league said.\n",  # title case
        "kyivs": "Air defences hold\n\nKyiv’s air defences held overnight, officials said.\n",
        "freddie": "Freddie returns\n\nFreddie Flintoff returned to the team.\n",
        "friday": "Markets fall\n\nShares fell on Friday in London.\n",
        # Ordinary words the archive does not write as names, and names of the same search keys
        "team": "Cup final\n\nThe team won the cup; Tim, its coach, was pleased.\n",
        "tim": "Tim Cook speaks\n\nTim Cook spoke at the launch.\n",
        "start": "Season delayed\n\nThe start of the season was put off by rain.\n",
        "stuart": "Broad retires\n\nStuart Broad played his last match.\n",
    }
    more = "Our correspondents will follow the story as the reports come in over the coming days and weeks.\n"
    copies = {f"manual/{name}.txt": text_copy(tmp_path / "copies", f"{name}.txt", text + more) for name, text in texts.items()}
    articles = converted(tmp_path, copies)
    update_index(articles, tmp_path / "index")
    return tmp_path / "index"


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("Kilroy-Silk", {"Kilroy-Silk quits", "Kilroi-Silk speaks"}),  # the spelling, and another by its parts' keys
        ("Robert Kilroy-Silk", {"Kilroy-Silk quits"}),
        ("Kilroi-Silk", {"Kilroy-Silk quits", "Kilroi-Silk speaks"}),
        ("person:Kilroy-Silk", {"Kilroy-Silk quits"}),
        ("Yukos", {"Yukos auction"}),
        ("Rooney", {"Rooney scores"}),
        ("Paris", {"Paris talks"}),
        ("Singh", {"Singh sworn in"}),
        ("Crimea", {"Crimea bridge"}),  # not "Crime falls" (it writes crime in lower case too), nor a headline's Crime
        ("Kiev", {"Air defences hold"}),  # Kyiv's
        ("Freddie", {"Freddie returns"}),  # not Friday, of the same key
        ("team", {"Cup final", "Freddie returns"}),  # not Tim Cook (ti_tm): team is not written as a name
        ("Tim", {"Tim Cook speaks", "Cup final"}),
        ("start", {"Season delayed"}),  # not Stuart (strt)
        ("Start", {"Season delayed"}),  # however it is typed
        ("Stuart", {"Broad retires"}),
    ],
)
def test_names_find_their_spellings_and_nothing_else(namesakes, query, titles):
    assert {hit.title for hit in search(namesakes, query).hits} == titles


def test_an_ordinary_word_marks_no_name_of_its_search_key(namesakes):
    """ "team" marks team, not Tim beside it; "Tim" marks Tim, not team."""
    for query, marked in [("team", {"team"}), ("Tim", {"Tim"})]:
        (hit,) = [hit for hit in search(namesakes, query).hits if hit.title == "Cup final"]
        assert {part.text for part in hit.snippet if part.matched} == marked, query


def test_a_word_is_looked_up_by_its_key_by_how_often_the_archive_writes_it_as_a_name():
    from newsarchive.search.format import written_as_name

    assert written_as_name(0, 0)  # not in any article's text: another spelling, perhaps (Zaporizhzhya)
    assert written_as_name(5, 10)
    assert not written_as_name(4, 10)
    assert not written_as_name(0, 349)  # issues, in the real-text benchmark


def test_no_hits_offers_close_names(archive):
    _, index_dir = archive
    results = search(index_dir, "Rutter")
    assert results.total == 0 and "Rutte" in results.suggestions


@pytest.fixture
def two_scripts(tmp_path):
    ukrainian = text_copy(
        tmp_path,
        "uk.txt",
        "Звіт: переговори\n\nЗустріч Володимира Зеленського з посланцем відбулася у Києві. Обстріли тривали біля Бахмута "
        "та в Запоріжжі, повідомив Зеленському речник.\n",
    )
    english = text_copy(
        tmp_path, "en.txt", "Talks go on\n\nPresident Volodymyr Zelenskyy met the envoy in Kyiv as shelling hit Zaporizhzhia.\n"
    )
    articles = converted(tmp_path, {"manual/uk.txt": ukrainian, "manual/en.txt": english})
    update_index(articles, tmp_path / "index")
    return tmp_path / "index"


@pytest.mark.parametrize("query", ["Zelensky", "Kyiv", "Kiev", "Zaporizhzhia", "Зеленський", "Зеленский", "Київ", "Киев", "Запорожье"])
def test_cyrillic_and_latin_spellings_find_each_other(two_scripts, query):
    assert {hit.title for hit in search(two_scripts, query).hits} == {"Звіт: переговори", "Talks go on"}, query


def test_a_cyrillic_match_is_marked_as_the_text_declines_it(two_scripts):
    (hit,) = [hit for hit in search(two_scripts, "Bakhmut").hits]
    assert "Бахмута" in [part.text for part in hit.snippet if part.matched]


@pytest.fixture
def dated(tmp_path):
    copies = {}
    for n, day in enumerate(["2025-07-30", "2025-08-01", "2025-08-15", "2025-08-31", "2025-09-01"]):
        text = f"River report {n}\n\nThe river near Zorblat rose again on day {n}, and the town council met to plan for the floods.\n"
        copies[f"manual/r{n}.txt"] = text_copy(tmp_path / "copies", f"r{n}.txt", text, date=day)
    articles = converted(tmp_path, copies)
    update_index(articles, tmp_path / "index")
    return tmp_path / "index"


@pytest.mark.parametrize(
    ("query", "days"),
    [
        ("Zorblat date:2025-08", ["2025-08-31", "2025-08-15", "2025-08-01"]),
        ("Zorblat date:2025-08-01..2025-08-15", ["2025-08-15", "2025-08-01"]),
        ("date:2025-07..2025-08-01", ["2025-08-01", "2025-07-30"]),
        ("date:2025", ["2025-09-01", "2025-08-31", "2025-08-15", "2025-08-01", "2025-07-30"]),
        ("date:2025-08-15", ["2025-08-15"]),
    ],
)
def test_date_filters(dated, query, days):
    results = search(dated, query, limit=10)
    assert results.total == len(days)
    assert [f"{hit.date:%Y-%m-%d}" for hit in results.hits] == days


def test_results_by_date_and_exact_counts_beyond_the_first_page(dated):
    newest = search(dated, "Zorblat", limit=2, sort="newest")
    assert newest.total == 5 and [f"{h.date:%Y-%m-%d}" for h in newest.hits] == ["2025-09-01", "2025-08-31"]
    oldest = search(dated, "Zorblat", limit=2, sort="oldest")
    assert [f"{h.date:%Y-%m-%d}" for h in oldest.hits] == ["2025-07-30", "2025-08-01"]
    with pytest.raises(SearchError, match="one of relevance, newest, oldest"):
        search(dated, "Zorblat", sort="random")


@pytest.mark.parametrize("bad", ["date:August", "date:2025-13", "date:2025-09..2025-08"])
def test_a_bad_date_filter_is_a_clear_error(dated, bad):
    with pytest.raises(SearchError, match="date:"):
        search(dated, bad)


def test_the_samples_snippets_are_whole_words(archive):
    _, index_dir = archive
    from newsarchive.search.index import IndexSearcher

    for query in ("Witkoff", "Zaporizhzhya", "Ushakov", "Rutte"):
        (hit,) = search(index_dir, query).hits
        with IndexSearcher(index_dir) as index:
            body = next(index.stored(d)["body"] for d in range(index._searcher.doc_count_all()) if index.stored(d)["path"] == hit.path)
        shown = "".join(part.text for part in hit.snippet)
        assert shown.startswith("… ") or body.startswith(shown.removesuffix(" …")), query  # a cut is shown as the page shows it
        for fragment in shown.removeprefix("… ").removesuffix(" …").split(" … "):
            at = body.find(fragment)
            assert at >= 0, query
            assert at == 0 or not body[at - 1].isalnum(), (query, body[at - 10 : at + 10])
            end = at + len(fragment)
            assert end == len(body) or not body[end].isalnum(), (query, body[end - 10 : end + 10])


@pytest.mark.parametrize(("query", "marked"), [("source:RFE/RL", []), ("person:Putin", []), ("source:RFE/RL Witkoff", ["Witkoff"])])
def test_a_filters_field_and_value_mark_no_word(archive, query, marked):
    """Only a query's words are marked (as the site's search page marks them): not a filter's value
    (RL of RFE/RL) nor its field's name (a capitalised "Person" sharing its key)."""
    _, index_dir = archive
    (hit,) = search(index_dir, query).hits
    assert sorted({part.text for part in hit.snippet if part.matched}) == marked


@pytest.mark.parametrize("query", ["meeting NOT Zorblat", "(meeting NOT Zorblat) OR Zorblat", "NOT Zorblat meeting"])
def test_a_query_with_a_not_marks_the_words_it_looks_for(archive, query):
    """As the site's search page marks them: the NOT's every other article is no reason to mark nothing."""
    _, index_dir = archive
    (hit,) = search(index_dir, query).hits
    assert [part.text for part in hit.snippet if part.matched] == ["meeting"]


def test_a_search_after_an_interrupted_indexing_says_the_index_is_incomplete(tmp_path):
    import subprocess
    import sys

    from newsarchive.search.index import INDEXING_FILE, interrupted_indexing
    from tests.support import make_project, run_invoke

    project = make_project(tmp_path)
    run_invoke(project, "build")
    index_dir = project / "search-index"
    assert not (index_dir / INDEXING_FILE).exists()  # a finished run leaves no mark
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    (index_dir / INDEXING_FILE).write_text(gone)  # what a run killed while indexing leaves
    assert interrupted_indexing(index_dir)
    result = run_invoke(project, "search", "Witkoff")
    assert "warning: the search index may be missing articles" in result.stderr
    run_invoke(project, "build")
    assert "warning" not in run_invoke(project, "search", "Witkoff").stderr


def test_scores_equal_but_for_a_floats_last_bits_rank_newest_first():
    """Whoosh adds a query's field scores in an order that follows its segments: equal sums can differ in
    their last bits, and the browser adds in its own order. They rank as equals, newest first."""
    from newsarchive.search.matches import Matches
    from newsarchive.search.query import ranked

    class Index:
        def date_order(self):
            return [20230329, 20240514, 20231116]  # by document: as dates order

        def shown(self, document):
            return SimpleNamespace(path=f"article-{document}.md")

    scored = [(51.95620363218795, 0), (51.95620363218794, 1), (51.95620363218794, 2)]
    assert [document for _, document in ranked(Index(), Matches.of(scored), 3)] == [1, 2, 0]
    assert [document for _, document in ranked(Index(), Matches.of([(51.9562, 0), (51.9563, 1)]), 2)] == [1, 0]


def test_the_best_are_cut_by_raw_score_without_losing_an_equal_ranking_score():
    """``ranked`` keeps only scores near the limit-th best before ranking: one a little lower, whose
    ranking score is the same, is still ranked among them by date (here first, as the newest)."""
    from newsarchive.search.matches import Matches
    from newsarchive.search.query import ranked

    class Index:
        def date_order(self):
            return [20230101, 20240101, 20250101, 20260101]  # by document: as dates order

        def shown(self, document):
            return SimpleNamespace(path=f"article-{document}.md")

    # 5.0000004, 5.0000003 and 5.0000001 all rank as 5,000,000 millionths; 1.0 is far below.
    scored = [(5.0000004, 0), (5.0000003, 1), (5.0000001, 2), (1.0, 3)]
    assert [document for _, document in ranked(Index(), Matches.of(scored), 2)] == [2, 1]
    assert [document for _, document in ranked(Index(), Matches.of(scored), 3)] == [2, 1, 0]
    assert [document for _, document in ranked(Index(), Matches.of(scored), 10)] == [2, 1, 0, 3]


def test_ranked_is_the_first_of_all_the_matches_sorted_by_its_keys():
    """``ranked`` ranks only those that may be among the best, a group of equal scores at a time: the
    answer is the first ``limit`` of every match sorted whole by score, date and file (dates older
    first and files last first for "oldest"), ties at the cut included, on many random draws."""
    import random

    from newsarchive.search.format import ranking_score
    from newsarchive.search.matches import Matches
    from newsarchive.search.query import ranked

    class Index:
        def __init__(self, dates):
            self.dates = dates

        def date_order(self):
            return self.dates

        def shown(self, document):
            return SimpleNamespace(path=f"article-{document:03d}.md")

    draw = random.Random(16)
    for _ in range(400):
        count = draw.randint(0, 40)
        index = Index([draw.randint(0, draw.choice([1, 3, 1000])) for _ in range(count + 5)])
        scores = [0.0, 2.25, 5.0000004, 5.0000003, 7.1]  # few distinct scores, as a query's matches have
        scored = [(draw.choice(scores) if draw.random() < 0.8 else draw.random() * 10, d) for d in draw.sample(range(count + 5), count)]
        dates = index.dates
        by_date = sorted(scored, key=lambda entry: (-dates[entry[1]], f"article-{entry[1]:03d}.md"))
        expected = {
            "relevance": sorted(scored, key=lambda entry: (-ranking_score(entry[0]), -dates[entry[1]], f"article-{entry[1]:03d}.md")),
            "newest": by_date,
            "oldest": by_date[::-1],
        }
        for limit in (0, 1, 2, 3, 10, 100):
            for sort, answer in expected.items():
                assert ranked(index, Matches.of(scored), limit, sort) == answer[:limit], (scored, limit, sort)


def test_the_names_within_reach_of_a_word_are_those_whose_quick_ratio_passes():
    """Suggestions ask difflib only about a letter's names its quick_ratio lets through: exactly those."""
    import difflib
    import random

    from newsarchive.search.query import _CLOSE, _of_letter

    rng = random.Random(5)
    letters = "kaeiouyvlrsnzšё"
    names = frozenset("k" + "".join(rng.choice(letters) for _ in range(rng.randrange(2, 12))) for _ in range(400))
    names |= {"kyiv", "kyivstar", "kuleba", "dmytro kuleba", "kharkiv oblast"}
    of_k = _of_letter(names, "k")
    assert "kuleba" in of_k.names_with and of_k.names_with["kuleba"] == ["dmytro kuleba", "kuleba"]
    for word in ["kiev", "kyyiv", "kulebа", "kharkov", "kšё", *rng.sample(sorted(names), 40)]:
        passing = [entry for entry in of_k.entries if difflib.SequenceMatcher(None, entry, word).quick_ratio() >= _CLOSE]
        assert of_k.within_reach(word) == passing, word


def test_suggestions_are_difflibs_closest_names_of_the_same_first_letter():
    """Names of a length difflib could not find close are not asked about: the answer is the same."""
    import difflib

    from newsarchive.search.query import suggest

    names = frozenset(
        {
            "zelensky",
            "zelenskyy",
            "zelenska",
            "zaporizhzhia",
            "sergey lavrov",
            "sergey ure",
            "serhiy kuleba",
            "kyiv",
            "kyivstar",
            "lavra",
            "z",
        }
    )

    class Index:  # an index whose articles write every name in capitals
        def __init__(self):
            self.names = names

        def as_written(self, name):
            return name.upper()

    for query in ["Zelenksy", "Sergei", "Lavrov", "Kyev", "Zaporizhia", "Kuleba", "Zz", "Kyivstra", "Kyivst", "Lavr"]:
        word = query.lower()
        entries = {entry for name in names for entry in (name, *(w for w in name.split() if len(w) > 2)) if entry[0] == word[0]}
        close = [entry.upper() for entry in difflib.get_close_matches(word, sorted(entries), n=3, cutoff=0.75) if entry != word]
        assert list(suggest(Index(), query)) == close, query
    assert suggest(Index(), "Zelenksy") == ("ZELENSKY", "ZELENSKYY", "ZELENSKA")


def test_a_word_marks_itself_not_the_words_it_begins():
    """ "He" marks He and he (and He's), not her, help or here: the snippet is then around the word asked for."""
    from newsarchive.search.query import _Words, snippet

    words = _Words(frozenset({"he"}), frozenset())
    text = "Her help came here first. Later He's said he left."
    assert [part.text for part in snippet(text, words) if part.matched] == ["He's", "he"]


def test_a_snippet_marks_every_word_the_query_found():
    """Only words where one may begin are asked about; the marks are those of asking every word (a hyphen parts words)."""
    import re

    from newsarchive.entities.variants import search_keys
    from newsarchive.search.query import _Words, snippet

    text = (
        "In Zürich, Zelens’kyi met ZELENSKY and «Zelenskyy» at the Kyivstar office; zelensky-led talks "
        "in Київ and Kyiv's suburbs went on. Zelenskiy, Zelenskyi and O'Zelensky said nothing… Zelensky, über a café; "
        "U.S.-backed and Russia-backed -backed forces"
    )
    for looked_for, names in [
        ({"zurich", "kyiv"}, ["Kyiv"]),
        ({"zelensky"}, ["Zelensky"]),
        ({"talks"}, []),
        ({"kyiv"}, []),  # Kyiv's, not Kyivstar
        ({"uber", "cafe"}, []),
        ({"backed", "led"}, []),  # a hyphen parts words, as the index parts them
    ]:
        words = _Words(frozenset(looked_for), frozenset(key for name in names for key in search_keys(name)))
        marked = [part.text for part in snippet(text, words, length=400) if part.matched]
        assert marked == [w for w in re.findall(r"[\w'’]+", text) if words.match(w)], looked_for
        assert marked


def test_a_snippet_begins_at_a_word_before_the_first_found_and_marks_those_after_it():
    """The snippet begins at the first space some 80 characters before the first word found: after that word
    itself where an address fills those characters; the words found after it in the snippet are marked."""
    from newsarchive.search.query import _Words, snippet

    words = _Words(frozenset({"kyiv"}), frozenset())
    text = "Talks went on. " * 8 + "In Kyiv the talks went on; Kyiv said so. " + "Later, more. " * 40
    parts = snippet(text, words)
    assert parts[0].text == "… " and parts[1].text.startswith("Talks went on.") and [p.text for p in parts if p.matched] == ["Kyiv", "Kyiv"]
    address = "See https://example.org/" + "x" * 100 + "/Kyiv-report then Kyiv again, and Kyiv. " + "Later, more. " * 40
    assert [part.text for part in snippet(address, words) if part.matched] == ["Kyiv", "Kyiv"]  # (not the address's Kyiv)
    assert snippet(address, words)[1].text.startswith("then")


def test_the_kth_largest_is_found_whether_sorted_whole_or_narrowed_by_a_sample():
    """Few values are sorted whole, more narrowed by a sample first (``_SORTED_BELOW``): scores and dates, of
    one value, a few or all different, most at the lowest or not, give the k-th largest, ties too."""
    import numpy as np

    from newsarchive.search.query import _SORTED_BELOW, _kth_largest

    rng = np.random.default_rng(5)
    for count in (11, 1000, _SORTED_BELOW - 1, _SORTED_BELOW, _SORTED_BELOW + 1, 5000, 30000):
        for distinct in (1, 5, count):
            scores = rng.integers(0, distinct, count) * 4.4 + rng.integers(0, 2, count) * 0.1
            mostly_lowest = np.where(rng.random(count) < 0.95, 1.5, scores)
            dates = rng.integers(0, distinct, count, dtype=np.int64) * 86_400_000_000
            for values in (scores, mostly_lowest, dates):
                for k in (k for k in (1, 10, 200, count) if k <= count):
                    assert _kth_largest(values, k) == sorted(values.tolist())[-k], (count, distinct, k)
