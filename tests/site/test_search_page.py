"""The site's search page in a real headless Chromium: typing, spellings, facets, sub-path, safety."""

import contextlib
import functools
import gzip
import http.server
import json
import re
import threading
import time

import pytest

from newsarchive.build import build_archive
from tests.support import FIXTURES, SAMPLE, copy_captures, make_project, text_copy

HOSTILE_TITLE = "<img src=x onerror=alert(1)> Flood warning"
EXPECTED_SAMPLE_TITLE = "Trump Says 'Good Chance' He Will Meet Putin Soon After Envoy's Meeting With Russian President"
SERVED = {}  # served URL -> project folder


SAMPLE_TITLE = "Trump Says 'Good Chance' He Will Meet Putin Soon After Envoy's Meeting With Russian President"
UKRAINIAN = (
    "Зеленський: переговори тривають\n\nПрезидент Володимир Зеленський заявив, що зустріч з посланцем "
    "відбудеться. Обстріли тривали біля Бахмута.\n"
)


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    """A site of four articles (the two samples, one with a hostile title, one in Ukrainian), served at / and at /repo/."""
    folder = tmp_path_factory.mktemp("search-site")
    ukrainian = text_copy(folder, "uk.txt", UKRAINIAN, date="2025-08-07")
    hostile = folder / "hostile.txt"
    hostile.write_text(
        f"{HOSTILE_TITLE}\n\nThe river rose two metres overnight in Kyiv, and the town woke up under water. "
        "Robert Kilroy-Silk came to see it; Silk traders from Kilroy county did not. Mitt Dell, the mayor, came too.\n"
    )
    (folder / "hostile.txt.json").write_text('{"given_date": "2025-03-01", "given_source": "Example News"}')
    project = make_project(
        folder / "project",
        captures={"rferl/sample.txt": SAMPLE, "polygraph/page.html": FIXTURES / "polygraph-fact-check-al-tanf.html"},
    )
    with (project / "pelicanconf.py").open("a") as conf:  # every name's first page in a file: the page reads them
        conf.write("\nSEARCH_FIRST_PAGE_MIN_ARTICLES = 1\n")
    build_archive(project / "pelicanconf.py")
    # Two more in a second build: their postings are meta.json's recent ones, the term files the first build's.
    copy_captures({"manual/hostile.txt": hostile, "manual/uk.txt": ukrainian}, project / "captures")
    build_archive(project / "pelicanconf.py")
    output = project / "output"

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            if path.startswith("/repo/"):
                path = path[len("/repo") :]
            return super().translate_path(path)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    SERVED[f"http://127.0.0.1:{server.server_address[1]}"] = project
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def search(browser, search_site):
    context = browser.new_context()
    page = context.new_page()
    page.requests = []
    page.dialogs = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))

    def open_(path="/search/"):
        assert page.goto(search_site + path).status == 200
        return page

    yield open_
    context.close()


def type_query(page, text):
    box = page.get_by_label("Words, names or places")
    box.fill("")
    box.type(text)
    page.wait_for_function("document.getElementById('search-status').textContent.length > 0")
    page.wait_for_timeout(300)


def results(page):
    return page.locator("#search-results h2").all_inner_texts()


def test_typing_a_name_shows_the_article(search, search_site):
    page = search()
    type_query(page, "Witkoff")
    assert results(page) == ["Trump Says 'Good Chance' He Will Meet Putin Soon After Envoy's Meeting With Russian President"]
    assert "Witkoff" in page.locator("#search-results mark").all_inner_texts()
    assert "q=Witkoff" in page.url
    assert all(url.startswith(search_site) for url in page.requests)


def test_a_word_being_typed_marks_the_words_it_begins(search):
    """Typed so far, "Witk" finds and marks Witkoff (the live search reads it as a prefix); the query as asked
    marks only its own words (parity with `invoke search` below)."""
    page = search()
    type_query(page, "Witk")
    page.wait_for_selector("#search-results mark")
    assert set(page.locator("#search-results mark").all_inner_texts()) == {"Witkoff"}


def test_another_spelling_finds_it(search):
    page = search()
    type_query(page, "Zaporizhzhia")
    assert len(results(page)) == 1
    page.wait_for_selector("#search-results mark")
    assert "Zaporizhzhya" in page.locator("#search-results mark").all_inner_texts()


def test_a_facet_narrows_and_the_back_button_restores(search):
    page = search("/search/?q=Trump")
    page.wait_for_selector("#search-results h2")
    assert len(results(page)) == 2
    page.locator("#search-facets button", has_text="Polygraph.info").click()
    page.wait_for_url("**source=Polygraph.info**")
    page.wait_for_timeout(300)
    assert results(page) == ["Russia and Syria: U.S.-backed Syrian Forces Blocking Refugee Return"]
    page.go_back()
    page.wait_for_timeout(500)
    assert len(results(page)) == 2


def test_a_submitted_query_is_one_history_entry_once_its_results_are_drawn(search):
    """The address changes after the results are drawn; a query submitted while the words typed are
    still being searched (the live search's timer pending) is still one entry, and Back returns."""
    page = search("/search/?q=Trump")
    page.wait_for_selector("#search-results h2")
    entries = page.evaluate("history.length")
    # A slow network: the query's files come after the live search's timer (120 ms) has run out.
    page.route("**/search/terms/**", lambda route: (time.sleep(0.4), route.continue_()))
    box = page.get_by_label("Words, names or places")
    box.fill("Witkoff")
    box.press("Enter")
    page.wait_for_url("**q=Witkoff**")
    page.wait_for_timeout(400)  # the live search's timer has run out too
    assert results(page) == [EXPECTED_SAMPLE_TITLE]
    assert page.evaluate("history.length") == entries + 1
    page.go_back()
    page.wait_for_url("**q=Trump**")
    page.wait_for_timeout(400)
    assert len(results(page)) == 2


def test_a_person_facet_counts_and_narrows(search):
    page = search("/search/?q=Trump")
    page.wait_for_selector("#search-facets section[aria-label=People] button")
    people = page.locator("#search-facets section[aria-label=People] button").all_inner_texts()
    assert "Steve Witkoff (1)" in people and "Donald Trump (2)" in people
    page.locator("#search-facets button", has_text="Steve Witkoff").click()
    page.wait_for_url("**person=Steve+Witkoff**")
    page.wait_for_timeout(300)
    assert results(page) == [EXPECTED_SAMPLE_TITLE]
    assert page.locator("#search-facets button[aria-pressed=true]").all_inner_texts() == ["Steve Witkoff (1)"]


def test_no_results_says_so_and_suggests_names(search):
    page = search()
    type_query(page, "Atlantis")
    assert page.get_by_role("status").inner_text() == "No results for “Atlantis”."
    page = search("/search/?q=Rutter")
    page.wait_for_selector(".suggestions a")
    assert page.locator(".suggestions a").all_inner_texts() == ["Rutte"]
    page.locator(".suggestions a").click()
    page.wait_for_timeout(400)
    assert len(results(page)) == 1 and "q=Rutte" in page.url


def test_a_query_the_language_cannot_read_says_why(search, search_site):
    """In the words `invoke search` uses for it."""
    from newsarchive.search import search as cli_search
    from newsarchive.search.index import SearchError

    page = search()
    type_query(page, "title:Trump")
    assert page.get_by_role("status").inner_text() == "title:Trump: no such filter (use person:, place:, source:, tag:, year:, date:)"
    assert results(page) == []
    for query in ("date:2025-13", "date:2025-02-30", "date:2025-8", "date:2026..2025", "date:2025..x", "Trump date:x..2025", "*ump", "K*v"):
        with pytest.raises(SearchError) as raised:
            cli_search(SERVED[search_site] / "search-index", query)
        type_query(page, query)
        assert page.get_by_role("status").inner_text() == str(raised.value), query
        assert results(page) == [], query


def test_a_phrase_matches_word_for_word(search):
    page = search()
    type_query(page, '"rose two metres"')
    assert results(page) == [HOSTILE_TITLE]
    type_query(page, '"two rose metres"')
    assert page.get_by_role("status").inner_text().startswith("No results")


def test_a_hostile_title_is_text(search):
    page = search()
    type_query(page, "flood")
    assert results(page) == [HOSTILE_TITLE]
    assert page.locator("#search-results img").count() == 0
    assert page.dialogs == []


def test_the_site_under_a_sub_path_searches(search, search_site):
    page = search("/repo/search/?q=Witkoff")
    page.wait_for_selector("#search-results h2 a")
    href = page.locator("#search-results h2 a").first.get_attribute("href")
    assert href.startswith(search_site + "/repo/2025/08/")
    assert all(url.startswith(search_site + "/repo/") for url in page.requests)


def test_the_header_box_searches_from_any_page(search):
    page = search("/archives/")
    page.get_by_label("Search the archive").fill("Rukban")
    page.get_by_label("Search the archive").press("Enter")
    page.wait_for_url("**/search/?q=Rukban")
    page.wait_for_selector("#search-results h2")
    assert results(page) == ["Russia and Syria: U.S.-backed Syrian Forces Blocking Refugee Return"]


PARITY_QUERIES = [
    "Trump",
    "Witkoff",
    "Zaporizhzhia",
    "Zelensky",
    "Kiev",
    "Syria",
    "Trump Putin",
    "person:Trump",
    "place:Kyiv",
    "source:Polygraph.info",
    "year:2025",
    "Rus*",
    "Kil*",
    "Kilroy-Silk",
    "controlled",  # in "U.S.-controlled" (the Polygraph page): a hyphen parts words, in the index and in the snippet's marks
    "river",
    "US",
    "Kyiv Trump",
    '"Zaporizhzhya region"',
    '"region Zaporizhzhya"',
    '"river rose"',
    '"rose river"',
    '"the river"',
    "Зеленский",
    "Киев",
    "Запорожье",
    "Bakhmut",
    "date:2025",
    "Trump date:2025-08",
    "date:2019-11-01..2019-11-30",
    "river date:2025-03",
    "Kilroy-Silk",
    "Kilroi-Silk",
    "Robert Kilroy-Silk",
    "person:Kilroy-Silk",
    "Kilroy",
    "U.S.-backed",
    "Trump OR Kyiv",
    "Trump NOT Putin",
    "river NOT Putin",  # (a NOT's words are marked as the rest's: "river" is no name)
    "NOT Trump",
    "(Trump OR Kyiv) river",
    "Kyiv river OR Witkoff",
    "Trump ANDNOT Witkoff",
    "Trump ANDMAYBE Witkoff",
    "NOT NOT Trump",
    "the",
    "AND",
    "Person:Trump",
    "(date:2025 Trump)",
    "DATE:2019 Trump",
    "Київ:river",
    "Zaporizh*a",
    "Ki*v",
    "Ky*v OR Ki*v",
    "Tr*mp river",
    "Trump?",
    "Trump^2 river",  # (characters of Whoosh's own query language are words' punctuation here, as in the page)
    "'river'",
    "river~2",
    "[Kyiv TO Odesa]",
    "meet",  # a word of the sample, of the same search key as Mitt: it is not written as a name, so not by its key
    "Mitt",
    "deal",  # Dell's key
    "Dell",
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Bakhmut", {"Зеленський: переговори тривають"}),
        ("Запорожье", {SAMPLE_TITLE}),
        ("Зеленский", {"Зеленський: переговори тривають", SAMPLE_TITLE}),
        ("Kilroi-Silk", {HOSTILE_TITLE}),  # a hyphenated name in another spelling, by its compound key
    ],
)
def test_cyrillic_and_latin_spellings_find_each_other_in_the_page(search, search_site, query, expected):
    from urllib.parse import quote

    page = search(f"/search/?q={quote(query)}")
    page.wait_for_selector("#search-results h2")
    page.wait_for_timeout(200)
    assert set(results(page)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("meet", {SAMPLE_TITLE}), ("deal", {SAMPLE_TITLE}), ("Mitt", {HOSTILE_TITLE}), ("Dell", {HOSTILE_TITLE})],
)
def test_an_ordinary_word_does_not_find_a_name_of_its_search_key_in_the_page(search, search_site, query, expected):
    """ "meet" finds the sample, which writes it, not Mitt Dell's article (same key, mi_mt), as `invoke search` does."""
    page = search(f"/search/?q={query}")
    page.wait_for_selector("#search-results h2")
    page.wait_for_timeout(200)
    assert set(results(page)) == expected


def test_the_page_ranks_as_invoke_search_does(search, search_site):
    """Same query language, same ranking: the page lists what `invoke search` lists, in its order."""
    from urllib.parse import quote

    from newsarchive.search import search as cli_search

    index_dir = SERVED[search_site] / "search-index"
    meta = json.loads(gzip.decompress((SERVED[search_site] / "output/search/meta.json.gz").read_bytes()))
    assert len(meta["recent"]["stale"]) == 2  # the articles of the second build
    page = search()
    for query in PARITY_QUERIES:
        expected = [hit.title for hit in cli_search(index_dir, query).hits]
        page.goto(f"{search_site}/search/?q={quote(query)}")
        page.wait_for_function("document.getElementById('search-status').textContent.length > 0")
        page.wait_for_timeout(200)
        assert results(page) == expected, query


def test_the_page_shows_the_snippets_invoke_search_shows(search, search_site):
    """Each result's snippet is the same text with the same words marked (query.snippet and search.js's
    snippet): around the first word the query found, or the text's opening for filters alone."""
    from urllib.parse import quote

    from newsarchive.search import search as cli_search

    index_dir = SERVED[search_site] / "search-index"
    page = search()
    different = []
    for query in PARITY_QUERIES:
        expected = [
            ["".join(part.text for part in hit.snippet), sorted({part.text for part in hit.snippet if part.matched})]
            for hit in cli_search(index_dir, query).hits
        ]
        page.goto(f"{search_site}/search/?q={quote(query)}")
        page.wait_for_function("document.getElementById('search-status').textContent.length > 0")
        page.wait_for_timeout(200)
        shown = page.locator("#search-results li:has(h2) .snippet").evaluate_all(
            "snippets => snippets.map(s => [s.textContent, Array.from(new Set(Array.from(s.querySelectorAll('mark'), m => m.textContent))).sort()])"
        )
        if shown != expected:
            different.append((query, shown, expected))
    assert not different


def test_equal_scores_rank_newest_first_alike_in_clean_and_incremental_builds(browser, tmp_path):
    from newsarchive.search import search as run_search

    captures = {}
    for letter, day in (("a", "01"), ("b", "03"), ("c", "02"), ("d", "03")):
        copy = tmp_path / f"{letter}.txt"
        copy.write_text(
            f"{letter.upper()} report on the river\n\nThe river near Zorblat rose two metres overnight and "
            f"the town of {letter.upper()}ville moved its people to the school on the hill.\n"
        )
        (tmp_path / f"{letter}.txt.json").write_text(f'{{"given_date": "2025-03-{day}", "given_source": "Example News"}}')
        captures[f"manual/{letter}.txt"] = copy
    expected = ["B report on the river", "D report on the river", "C report on the river", "A report on the river"]

    clean = make_project(tmp_path / "clean", captures=captures)
    build_archive(clean / "pelicanconf.py")
    incremental = make_project(tmp_path / "incremental", captures={})
    for name in ("manual/d.txt", "manual/a.txt", "manual/c.txt", "manual/b.txt"):  # neither by date nor by file
        copy_one = {name: captures[name]}

        copy_captures(copy_one, incremental / "captures")
        build_archive(incremental / "pelicanconf.py")
    for project in (clean, incremental):
        assert [hit.title for hit in run_search(project / "search-index", "Zorblat").hits] == expected
        assert [hit.title for hit in run_search(project / "search-index", "Zorblat", limit=2).hits] == expected[:2]

    for project in (clean, incremental):
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(project / "output"))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/search/?q=Zorblat")
            page.wait_for_function("document.querySelectorAll('#search-results h2').length === 4")
            assert results(page) == expected
        finally:
            context.close()
            server.shutdown()
            server.server_close()


def test_a_person_spelled_in_two_scripts_is_one_facet(search, search_site):
    from urllib.parse import quote

    page = search(f"/search/?q={quote('Зеленский')}")
    page.wait_for_selector("#search-facets section[aria-label=People] button")
    people = page.locator("#search-facets section[aria-label=People] button").all_inner_texts()
    assert "Volodymyr Zelenskyy (2)" in people and not any("Володимир" in name for name in people)
    page.locator("#search-facets button", has_text="Volodymyr Zelenskyy").click()
    page.wait_for_url("**person=Volodymyr**")
    page.wait_for_timeout(200)
    assert set(results(page)) == {"Зеленський: переговори тривають", SAMPLE_TITLE}


@contextlib.contextmanager
def served(folder):
    """``folder`` served on 127.0.0.1 for the length of the block; yields its address."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("order", ["newest", "oldest"])
def test_the_page_sorts_by_date_as_invoke_search_does(search, search_site, order):
    from newsarchive.search import search as cli_search

    index_dir = SERVED[search_site] / "search-index"
    expected = [hit.title for hit in cli_search(index_dir, "date:2019..2025", sort=order).hits]
    page = search(f"/search/?q=date:2019..2025&sort={order}")
    page.wait_for_selector("#search-results h2")
    page.wait_for_timeout(200)
    assert results(page) == expected and len(expected) == 4
    assert page.locator("#search-sort").input_value() == order


def test_more_results_on_request_and_the_address_keeps_how_many(browser, tmp_path):
    """Twelve articles naming one river: ten shown, the button shows the rest, the address says 20."""
    captures = {}
    for n in range(12):
        copy = tmp_path / f"r{n}.txt"
        copy.write_text(f"River report {n}\n\nThe river near Zorblat rose {n} centimetres overnight, and the town woke up wet.\n")
        (tmp_path / f"r{n}.txt.json").write_text(f'{{"given_date": "2025-03-{n + 1:02d}", "given_source": "Example News"}}')
        captures[f"manual/r{n}.txt"] = copy
    project = make_project(tmp_path / "project", captures=captures)
    build_archive(project / "pelicanconf.py")
    with served(project / "output") as url:
        page = browser.new_page()
        page.goto(f"{url}/search/?q=Zorblat&sort=newest")
        page.wait_for_selector("#search-results h2")
        assert len(results(page)) == 10 and "12 results" in page.locator("#search-status").inner_text()
        assert page.locator("#search-results time").first.inner_text() == "12 March 2025"  # as the pages show dates
        page.get_by_role("button", name=re.compile("More results")).click()
        page.wait_for_function("document.querySelectorAll('#search-results h2').length === 12")
        assert "n=20" in page.url and page.locator(".more-results").count() == 0
        page.reload()
        page.wait_for_function("document.querySelectorAll('#search-results h2').length === 12")
        page.close()


def test_the_searched_place_is_always_offered_as_a_facet(search):
    page = search("/search/?q=place:Zaporizhzhia")
    page.wait_for_selector("#search-facets section[aria-label=Places] button")
    places = page.locator("#search-facets section[aria-label=Places] button").all_inner_texts()
    assert any(name.startswith("Zaporizhzhia") for name in places), places


def test_a_page_of_results_costs_a_request_a_result_and_few_for_its_facets(browser, tmp_path, monkeypatch):
    """One file a result (its snippet's text in it), the most-named people's and places' lists in
    one file a kind, and the files of no more than FACET_FILES others a kind."""
    from newsarchive.search import export
    from newsarchive.search.format import FACET_FILES

    monkeypatch.setattr(export, "COMMON_FACET_NUMBERS", 0)  # no name in common.json: each would cost a request
    project = make_project(tmp_path / "project")
    build_archive(project / "pelicanconf.py")
    with served(project / "output") as url:
        page = browser.new_page()
        asked = []
        page.on("request", lambda request: asked.append(request.url.split("/search/")[-1].split("?")[0]))
        page.goto(f"{url}/search/?q=Witkoff")
        page.wait_for_selector("#search-results .snippet mark")
        page.wait_for_selector("#search-facets section[aria-label=People] button")
        page.wait_for_timeout(300)
        people = page.locator("#search-facets section[aria-label=People] button").all_inner_texts()
        page.close()
    assert [name for name in asked if name.startswith(("doc/", "text/"))] == ["doc/0.json.gz"]
    own = [name for name in asked if name.startswith("facets/person/") and "common" not in name]
    assert len(own) <= FACET_FILES + 1  # and the person the query names
    # Names share facet files: a file fetched once counts all of its names.
    assert len(own) == len(set(own)) and len(own) <= len(people) <= FACET_FILES + 1
    assert any(name.startswith("Steve Witkoff") for name in people)


@pytest.mark.parametrize(
    ("query", "key", "marked"),
    [
        ("Witkoff", "witkoff", "Witkoff"),
        ("Steve Witkoff", "steve witkoff", "Witkoff"),
        ("person:Witkoff", "person:witkoff", None),
        ("Trump-Putin", "trump-putin", "Trump"),
    ],
)
def test_a_names_first_page_is_one_file_and_a_result_it_lacks_is_read_from_its_own(browser, tmp_path, query, key, marked):
    """A query for a name (a word, a person's name, a hyphenated name, a filter) in SEARCH_FIRST_PAGE_MIN_ARTICLES articles reads its
    results from top/<hex key>.json, not a file each; a result that file lacks (the archive changed since it
    was written) is read from its own file, and the page shows the same."""
    from urllib.parse import quote

    project = make_project(tmp_path / "project")
    with (project / "pelicanconf.py").open("a") as conf:
        conf.write("\nSEARCH_FIRST_PAGE_MIN_ARTICLES = 1\n")
    build_archive(project / "pelicanconf.py")
    top = f"top/{key.encode().hex()}.json.gz"

    def shown(url):
        page = browser.new_page()  # (a context of its own: nothing cached)
        asked = []
        page.on("request", lambda request: asked.append(request.url.split("/search/")[-1].split("?")[0]))
        page.goto(f"{url}/search/?q={quote(query)}")
        page.wait_for_selector("#search-results .snippet")
        page.wait_for_timeout(300)
        drawn = page.locator("#search-results li:has(h2)").evaluate_all("items => items.map(item => item.innerHTML)")
        page.close()
        return drawn, [name for name in asked if name.startswith(("doc/", "top/"))]

    with served(project / "output") as url:
        first, asked = shown(url)
        assert asked == [top] and len(first) == 1 and (f"<mark>{marked}</mark>" in first[0]) == (marked is not None)
        (project / "output/search" / top).write_bytes(gzip.compress(b"[]"))
        again, asked = shown(url)
    assert asked == [top, "doc/0.json.gz"] and again == first


@pytest.mark.parametrize(("query", "asked"), [("Witkoff’s", True), ("D’Witkoff", False)])
def test_a_first_page_is_asked_for_only_where_the_typed_word_has_its_keys_spellings(search, search_site, query, asked):
    """D’Witkoff analyses to witkoff, but its spellings' key is dvtkf, not witkoff's vtkf: witkoff's first page is
    not its results (Witkoff’s, whose key is vtkf, asks for it)."""
    from urllib.parse import quote

    page = search(f"/search/?q={quote(query)}")
    page.wait_for_selector("#search-results .snippet")
    page.wait_for_timeout(200)
    assert any("/search/top/" in url for url in page.requests) == asked


@pytest.mark.parametrize(("query", "term_files"), [("controlled", 1), ("Controlled", 2), ("witkoff", 2), ("Witkoff", 2)])
def test_a_words_spellings_file_is_asked_for_only_if_it_may_be_a_name(search, search_site, query, term_files):
    """A word typed in lower case has its spellings' file (its key's) asked for once its own file says the
    archive writes it as a name; one typed capitalised, beside its own (most are names)."""
    page = search(f"/search/?q={query}")
    page.wait_for_selector("#search-results .snippet")
    page.wait_for_timeout(200)
    assert len([url for url in page.requests if "/search/terms/" in url]) == term_files
