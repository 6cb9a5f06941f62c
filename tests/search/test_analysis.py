"""Python and the browser analyse alike: search.js's fold, tokens and variant keys against
Python's (search.index's analyzer, entities.variants), word for word, in Chromium."""

import functools
import gzip
import http.server
import json
import threading

import pytest

from newsarchive.build import build_archive
from newsarchive.entities.variants import inflected_keys, search_keys
from newsarchive.search.format import facet_file_number, first_page_filter, in_first_page_filter
from newsarchive.search.index import analyse
from tests.support import FIXTURES, REPO, make_project

SHARED = REPO.parent / "shared" / "entities-gold"

CONSTRUCTED = (
    # Latin with accents and letters NFKD does not decompose
    "Zürich Kraków Łódź Gdańsk Ærø Øresund façade naïve São Paulo Île-de-France Malmö Þórshöfn Straße Đắk Lắk "
    "Dnipropetrovs'k İstanbul Şanlıurfa Ağrı Çanakkale Mykolayiv Mykolaïv Kyïv Čapek Dvořák Ostrava Škoda Žilina "
    "Târgu Mureș Brașov Łukasz Wałęsa Œuvre Cœur Æsir Ñandú Ångström Åland Œdipus Ðakovo þing ﬁnal ﬂood ǅemal "
    # Cyrillic
    "Зеленський Зеленский Путин Лавров Запоріжжя Запорожье Київ Киев Харків Харьков Одеса Одесса Дніпро Львів "
    "Бахмут Артемівськ Щорс Шевченко Хмельницький Чернігів Жовква Єнакієве Ґудзь Їжакевич Ёлкин Эрмитаж Юрий Ящик "
    # Cyrillic names as sentences decline them
    "Зеленського Зеленському Зеленським Путина Путиным Москве Москвою Києва Києві Харкова Бахмута Одесі Запоріжжі "
    "Донецька Донецькій Лаврову Шойгу Ушакова Ивановой Ківалова Кличко-молодший "
    # Apostrophes, hyphens, digits, dots
    "Zelens'kyi Zelens’kyi O'Brien D’Amato don't rock’n’roll Trump-Putin al-Tanf Al-Assad Jean-Claude "
    "F-16 COVID-19 2025 1,000 3.5 U.S. e.g. 9/11 Su-34 Tu-95MS S-400 B-52 H1N1 x86_64 snake_case "
    "the US may will And OR not A I a i "
    # Possessives, and a first y or i before a vowel (Yevgeny, Evgeny)
    "Kyiv’s Zelenskyy's Reuters’ Putin’s Yevgeny Evgeny Iuliia Yakov Ioannis Yi Ye J. У"
).split()


def word_list() -> list[str]:
    words = set(CONSTRUCTED)
    for name in ("variants.json", "cross-script.json"):
        gold = json.loads((SHARED / name).read_text(encoding="utf-8"))
        for kind in (gold.get("same", []), gold.get("different", [])):
            for pair in kind:
                words.update(pair["a"].split() + pair["b"].split())
    for article in json.loads((SHARED / "dev.json").read_text(encoding="utf-8"))["articles"]:
        for entity in article["persons"] + article["places"]:
            for form in entity["forms"]:
                words.update(form.split())
    return sorted(words)


@pytest.fixture(scope="module")
def analysis_page(browser, tmp_path_factory):
    """The sample site's search page, whose search.js exposes its analysis (and has read meta.json)."""
    project = make_project(
        tmp_path_factory.mktemp("analysis"), captures={"rferl/sample.txt": FIXTURES / "rferl-trump-putin-witkoff-meeting.txt"}
    )
    build_archive(project / "pelicanconf.py")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(project / "output")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"http://127.0.0.1:{server.server_address[1]}/search/?q=Witkoff")
    page.wait_for_function("document.querySelectorAll('#search-results h2').length > 0")
    meta = json.loads(gzip.decompress((project / "output" / "search" / "meta.json.gz").read_bytes()))
    yield page, meta
    context.close()
    server.shutdown()
    server.server_close()


def test_the_word_list_is_long_and_varied():
    words = word_list()
    assert len(words) >= 500
    assert any("\u0400" <= ch <= "\u04ff" for w in words for ch in w)  # Cyrillic
    assert any(ch in "'’" for w in words for ch in w) and any("-" in w for w in words) and any(ch.isdigit() for w in words for ch in w)


def test_tokens_and_folding_agree_word_for_word(analysis_page):
    page, meta = analysis_page
    words = word_list()
    browser = page.evaluate("([words, meta]) => words.map((w) => window.newsarchiveAnalysis.analyse(w, meta))", [words, meta])
    differ = [(w, py, js) for w, py, js in zip(words, [analyse(w) for w in words], browser, strict=True) if py != js]
    assert not differ, f"{len(differ)} of {len(words)} words analysed differently (word, Python, browser): {differ[:15]}"


def test_search_keys_agree_word_for_word(analysis_page):
    page, meta = analysis_page
    words = word_list()
    assert any("_" in key for w in words for key in search_keys(w))  # short keys among them
    browser = page.evaluate("(words) => words.map((w) => window.newsarchiveAnalysis.searchKeys(w))", words)
    differ = [(w, py, js) for w, py, js in zip(words, [search_keys(w) for w in words], browser, strict=True) if py != js]
    assert not differ, f"{len(differ)} of {len(words)} search keys differ (word, Python, browser): {differ[:15]}"


def test_inflected_keys_agree_word_for_word(analysis_page):
    """A word's keys as a snippet marks it, a declined Cyrillic word's dictionary forms' among them."""
    page, _ = analysis_page
    words = word_list()
    assert any(not set(inflected_keys(w)) <= set(search_keys(w)) for w in words)  # declined words among them
    browser = page.evaluate("(words) => words.map((w) => window.newsarchiveAnalysis.inflectedKeys(w).sort())", words)
    differ = [(w, py, js) for w, py, js in zip(words, [sorted(inflected_keys(w)) for w in words], browser, strict=True) if py != js]
    assert not differ, f"{len(differ)} of {len(words)} inflected keys differ (word, Python, browser): {differ[:15]}"


QUERY_FORMS = [
    "Trump OR Putin",
    "Trump NOT Putin",
    "NOT Trump",
    "(Trump OR Kyiv) river",
    "Trump Putin OR Zelensky",
    "Trump AND Putin OR Zelensky",
    "Trump OR Putin ANDNOT Kyiv",
    "Trump ANDMAYBE Witkoff",
    "NOT NOT Trump",
    "NOT (Trump Putin)",
    "Trump (Putin",
    "Trump) Putin",
    "((Trump))",
    "()",
    "( )",
    "NOT ()",
    "AND",
    "OR Trump",
    "Trump OR",
    "Trump OR OR Putin",
    "Trump AND AND Putin",
    "NOT",
    "Trump NOT",
    "NOT AND Trump",
    "the",
    "the OR Trump",
    "Trump OR the OR Putin",
    '"the"',
    '""',
    '"',
    'Trump" Putin',
    '"Zaporizhzhya region" OR Kyiv',
    'person:"Steve Witkoff" OR place:Kiev',
    "SOURCE:RFE/RL",
    'tag:"Russia-Ukraine war"',
    "year:2025 NOT Trump",
    "date:2025 Trump",
    "Trump OR date:2025",
    "Kyiv's",
    "Rus*",
    "*",
    "Kilroy-Silk",
    "U.S.-backed",
    "Зеленский OR Київ",
    "Trump-",
    "-Putin",
    "+Trump",
    "a b c",
    "title:Trump",
    "10:30",
    "Київ:Путин",
    "Zürich:x",
    "person:Зеленский",
    "Tr*mp",
    "Zü*ch Kyiv",
    "*ump",
    "**",
    "Trump?",
    "Tru?p",
    "Rus*?",
    "?",
    "(K*v OR Putin)",
]
"""Queries of every form the language has, and malformed ones."""


def test_queries_are_grouped_alike(analysis_page):
    """A query's tree (its operators, parentheses, and the words the analysis drops) is the same in both."""
    from newsarchive.search.index import SearchError
    from newsarchive.search.query import query_tree

    page, meta = analysis_page

    def python(query):
        try:
            return query_tree(query)
        except SearchError as error:
            return {"error": str(error)}

    browser = page.evaluate("([queries, meta]) => queries.map((q) => window.newsarchiveAnalysis.queryTree(q, meta))", [QUERY_FORMS, meta])
    differ = [(q, py, js) for q, py, js in zip(QUERY_FORMS, map(python, QUERY_FORMS), browser, strict=True) if py != js]
    assert not differ, differ[:5]
    assert python("Trump Putin OR Zelensky") == {"and": [{"word": "Trump"}, {"or": [{"word": "Putin"}, {"word": "Zelensky"}]}]}
    assert python("NOT NOT Trump") == {"word": "Trump"} and python("the") is None


def test_a_names_facet_file_is_the_same_in_both(analysis_page):
    page, _ = analysis_page
    names = [" ".join(pair) for pair in zip(word_list()[::2], word_list()[1::2], strict=False)]
    for files in (1, 7, 1000, 65_536):
        browser = page.evaluate(
            "([names, files]) => names.map((n) => window.newsarchiveAnalysis.facetFileNumber(n.toLowerCase(), files))", [names, files]
        )
        assert browser == [facet_file_number(name.lower(), files) for name in names], files
    assert len({facet_file_number(name.lower(), 1000) for name in names}) > 200  # spread over the files


def test_the_filter_of_first_pages_holds_the_same_keys_in_both(analysis_page):
    """meta.json's filter of the queries with a first page in a file (format.first_page_filter) answers alike in
    the page, for the keys it holds and for others, at several sizes."""
    page, meta = analysis_page
    words = [word.lower() for word in word_list()]
    keys = [" ".join(pair) for pair in zip(words[::2], words[1::2], strict=False)] + words
    for held in (keys[:1], keys[:50], keys[: len(keys) // 2]):
        encoded = first_page_filter(held)
        browser = page.evaluate(
            "([keys, meta]) => keys.map((k) => window.newsarchiveAnalysis.inFirstPageFilter(k, meta))",
            [keys, {**meta, "firstPageFilter": encoded}],
        )
        assert browser == [in_first_page_filter(key, encoded) for key in keys]
        assert all(browser[: len(held)])  # (no key held is missed)
        others = browser[len(held) :]
        assert sum(others) <= max(2, len(others) // 20)  # (few keys not held are taken to be)
