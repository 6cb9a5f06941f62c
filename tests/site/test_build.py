"""The sample archive built by `invoke build` in a fresh project: pages, links, safety, determinism."""

import builtins
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import time
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from newsarchive.build import build_archive
from newsarchive.publish import check_output
from tests.support import (
    FIXTURES,
    SAMPLE,
    SAMPLE_CHROME,
    copy_captures,
    hand_written,
    in_two_processes,
    kill_during,
    make_project,
    run_invoke,
    text_copy,
)

EXPECTED_TITLE = "Trump Says 'Good Chance' He Will Meet Putin Soon After Envoy's Meeting With Russian President"
ARTICLE = "output/2025/08/trump-says-good-chance-he-will-meet-putin-soon-after-envoys-meeting-with-russian/index.html"
TWO_ARTICLES = {"rferl/sample.txt": SAMPLE, "polygraph/page.html": FIXTURES / "polygraph-fact-check-al-tanf.html"}


def page(project, relative):
    return BeautifulSoup((project / relative).read_text(encoding="utf-8"), "html.parser")


def test_article_page(built_project):
    soup = page(built_project, ARTICLE)
    assert soup.h1.get_text() == "Trump Says 'Good Chance' He Will Meet Putin Soon After Envoy's Meeting With Russian President"
    body = soup.select_one(".article-body")
    assert [h.get_text() for h in body.find_all("h2")] == [
        "What About Trump's August 8 Cease-Fire Deadline?",
        "Russia Air Strikes Pound Ukraine",
    ]
    # A caption line, not an empty picture frame: the archive keeps no pictures.
    assert soup.select_one("figure") is None
    caption = soup.select_one("p.image-caption").get_text()
    assert caption.startswith("Image: In this pool photograph distributed by the Russian state agency Sputnik")
    assert soup.get_text().count("In this pool photograph") == 1
    assert "Video: Russian Strikes Ukraine's Zaporizhzhya Region" in body.get_text()
    assert soup.select_one(".credits").get_text() == "With reporting by Reuters, AP, AFP, The New York Times, CNN, The Washington Post."
    assert soup.select_one("time")["datetime"] == "2025-08-06T00:00:00+00:00"
    assert soup.select_one(".dateline .source").get_text() == "RFE/RL"
    assert soup.select_one(".provenance").get_text() == "Archived from a text copy of the page, saved by hand."
    assert soup.select_one(".original a")["href"] == "https://www.rferl.org/"


def test_no_chrome_anywhere_in_the_article_page(built_project):
    text = page(built_project, ARTICLE).select_one("main").get_text(" ")
    for chrome in SAMPLE_CHROME:
        assert not re.search(rf"(?<!\w){re.escape(chrome)}(?!\w)", text), chrome


def test_browse_pages(built_project):
    home = page(built_project, "output/index.html")
    assert home.select_one(".article-list h2 a").get_text().startswith("Trump Says 'Good Chance'")
    for relative, heading in [
        ("output/2025/index.html", "Articles from 2025"),
        ("output/2025/08/index.html", "Articles from August 2025"),
        ("output/sources/rferl/index.html", "Articles from RFE/RL"),
        ("output/tags/russia-ukraine-war/index.html", "Articles tagged Russia-Ukraine war"),
        ("output/archives/index.html", "Archives"),
        ("output/sources/index.html", "Sources"),
        ("output/tags/index.html", "Tags"),
        ("output/about/index.html", "About this archive"),
    ]:
        soup = page(built_project, relative)
        assert soup.h1.get_text() == heading, relative
    # A year lists its months, with how many articles each; a month lists its articles.
    year = page(built_project, "output/2025/index.html")
    assert [a.get_text() for a in year.select(".archive-months a")] == ["August"] and "(1)" in year.select_one(".archive-months").get_text()
    assert year.select_one(".archive-months a")["href"].endswith("/2025/08/") and not year.select(".article-list")
    # A month gives each article its summary; a source's or tag's page, a line each: title, date, and
    # the source where the page is not the source's own.
    assert page(built_project, "output/2025/08/index.html").select(".article-list .summary")
    for relative, line in [
        ("output/sources/rferl/index.html", f"{EXPECTED_TITLE} 6 August 2025"),
        ("output/tags/russia-ukraine-war/index.html", f"{EXPECTED_TITLE} 6 August 2025 · RFE/RL"),
    ]:
        (item,) = page(built_project, relative).select(".article-list.compact li")
        assert " ".join(item.get_text(" ").split()) == line and not item.select(".summary"), relative


def test_every_internal_link_resolves(built_project):
    output = built_project / "output"
    for html in output.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for element in soup.select("a[href], link[href]"):
            href = element["href"]
            if href.startswith(("http://", "https://", "#", "mailto:")):
                continue
            # (root-relative: the 404 page, shown at any address, links from the site's address)
            target = (output / href.split("#")[0].lstrip("/") if href.startswith("/") else html.parent / href.split("#")[0]).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{html.relative_to(output)} links to missing {href}"


def test_search_index_is_built_outside_output(built_project):
    assert (built_project / "search-index").is_dir()
    assert not list((built_project / "output").rglob("*.toc"))


def test_hostile_page_text_never_runs(tmp_path):
    project = make_project(tmp_path, captures={})
    capture = project / "captures" / "manual" / "hostile.txt"
    capture.parent.mkdir(parents=True)
    capture.write_text(
        "<img src=x onerror=alert(1)> Title <script>alert(2)</script>\n\n"
        "Body with <iframe src=javascript:alert(3)></iframe> and [a link](javascript:alert(4)), long enough for an article.\n",
        encoding="utf-8",
    )
    (project / "captures" / "manual" / "hostile.txt.json").write_text(
        '{"given_date": "2025-01-01", "given_source": "<b>Evil</b> Source", "tags": ["<script>x</script>"]}'
    )
    build_archive(project / "pelicanconf.py")
    for html in (project / "output").rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        scripts = soup.find_all("script")
        assert all(s.get("src", "").endswith("theme/js/search.js") and not s.string for s in scripts), html  # ours only
        assert not soup.find_all(["iframe", "img", "b"]), html
        assert not any(attr.startswith("on") for tag in soup.find_all(True) for attr in tag.attrs), html
        assert not soup.select('a[href^="javascript:"]'), html
    (article,) = (project / "output" / "2025" / "01").glob("*/index.html")
    soup = BeautifulSoup(article.read_text(encoding="utf-8"), "html.parser")
    assert soup.h1.get_text() == "<img src=x onerror=alert(1)> Title <script>alert(2)</script>"


def test_rebuilding_gives_the_same_site(tmp_path):
    project = make_project(tmp_path)
    build_archive(project / "pelicanconf.py")
    first = _digest_tree(project / "output")
    shutil.rmtree(project / "output")
    build_archive(project / "pelicanconf.py")
    assert _digest_tree(project / "output") == first


def _digest_tree(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_home_page_lists_the_newest_articles_on_one_page(tmp_path):
    project = make_project(tmp_path, TWO_ARTICLES)
    build_archive(project / "pelicanconf.py", {"DEFAULT_PAGINATION": 1})
    home = page(project, "output/index.html")
    (newest,) = home.select(".article-list h2 a")
    assert newest.get_text().startswith("Trump Says 'Good Chance'")  # 2025; the other is of 2019
    more = home.select_one(".more-articles")
    assert more.get_text(" ", strip=True).startswith("2 articles in all") and more.a["href"].endswith("archives/")
    assert sorted(p.name for p in (project / "output").glob("index*.html")) == ["index.html"]


def test_published_build_links_pages_relatively_feeds_and_its_404_page_absolutely(tmp_path, monkeypatch):
    project = make_project(tmp_path)
    monkeypatch.setenv("SITEURL", "https://user.github.io/archive")
    build_archive(project / "publishconf.py")
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(project / "output/feeds/all.atom.xml").getroot()
    (entry,) = feed.findall(f"{atom}entry")
    assert entry.findtext(f"{atom}title").startswith("Trump Says 'Good Chance'")
    assert entry.find(f"{atom}link").get("href").startswith("https://user.github.io/archive/2025/08/trump-says-good-chance")
    assert (project / "output/feeds/sources/rferl.atom.xml").is_file()
    assert (project / "output/feeds/tags/russia-ukraine-war.atom.xml").is_file()
    home = page(project, "output/index.html")
    assert home.select_one('link[type="application/atom+xml"]')["href"] == "https://user.github.io/archive/feeds/all.atom.xml"
    assert home.select_one(".article-list h2 a")["href"].startswith("./2025/08/")
    article = page(project, "output/" + home.select_one(".article-list h2 a")["href"] + "index.html")
    assert article.select_one(".site-nav a")["href"] == "../../../archives/"
    missing = page(project, "output/404.html")  # shown at any missing address, at any depth
    assert missing.select_one(".site-nav a")["href"] == "https://user.github.io/archive/archives/"
    assert missing.select_one('link[rel="stylesheet"]')["href"] == "https://user.github.io/archive/theme/css/archive.css"


def test_people_and_places_pages(built_project):
    article = page(built_project, ARTICLE)
    people = [a.get_text() for a in article.select(".people a")]
    places = [a.get_text() for a in article.select(".places a")]
    assert len(people) == 13 and "Steve Witkoff" in people
    assert len(places) == 18 and "Zaporizhzhia Oblast" in places
    index = page(built_project, "output/people/index.html")
    assert index.h1.get_text() == "People"
    # One list, everyone once; a switch to the same list A–Z.
    listed = [a.get_text() for a in index.select("ol.term-list a")]
    assert len(listed) == len(set(listed)) == 13 and index.select("ol.term-list") == index.select("ol")
    switch = index.select(".sort-switch a")
    assert [a.get_text() for a in switch] == ["most named first", "A–Z"] and switch[0]["aria-current"] == "page"
    by_name = page(built_project, "output/people/a-z.html")
    names = [a.get_text() for a in by_name.select("ol.term-list a")]
    assert names == sorted(listed, key=str.casefold) and by_name.select(".sort-switch a")[1]["aria-current"] == "page"
    person = page(built_project, "output/people/volodymyr-zelenskyy/index.html")
    assert person.h1.get_text() == "Volodymyr Zelenskyy"
    assert "Zelenskyy" in person.select_one(".spellings").get_text()
    assert person.select_one(".article-list li > a").get_text().startswith("Trump Says 'Good Chance'")
    assert "Donald Trump" in [a.get_text() for a in person.select(".named-with a")]
    assert person.select_one("svg.timeline") is None  # one article's month: its line in the list says it
    place = page(built_project, "output/places/zaporizhzhia-oblast/index.html")
    spelled = place.select_one(".spellings").get_text().strip().removeprefix("Spelled: ").split(", ")
    assert {"Zaporizhzhya (1 article)", "Zaporizhzhya region (1 article)"} <= set(spelled)
    assert page(built_project, "output/places/kyiv/index.html").select_one(".entity-kind a")["href"] == "https://www.geonames.org/703448"


def test_people_and_places_named_often_enough_have_feeds_of_titles_and_links(tmp_path, monkeypatch):
    project = make_project(tmp_path)
    monkeypatch.setenv("SITEURL", "https://user.github.io/archive")
    build_archive(project / "publishconf.py")  # the sample is one article: under ENTITY_FEED_MIN_ARTICLES (10)
    assert not (project / "output/feeds/people").exists()
    assert "Atom feed" not in page(project, "output/people/steve-witkoff/index.html").get_text()

    build_archive(project / "publishconf.py", {"ENTITY_FEED_MIN_ARTICLES": 1})
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(project / "output/feeds/people/steve-witkoff.atom.xml").getroot()
    assert feed.findtext(f"{atom}title") == "newsarchive - Steve Witkoff"
    (entry,) = feed.findall(f"{atom}entry")
    assert entry.find(f"{atom}link").get("href") == "https://user.github.io/archive" + ARTICLE.removeprefix("output").removesuffix(
        "index.html"
    )
    # A title and a link: neither the article's text nor its summary, which the site's own feeds carry.
    assert entry.find(f"{atom}content") is None and entry.find(f"{atom}summary") is None
    assert entry.findtext(f"{atom}title").startswith("Trump Says 'Good Chance'")
    assert entry.find(f"{atom}author") is None  # whom the feed follows is its title; the byline is the article's
    assert (project / "output/feeds/places/zaporizhzhia-oblast.atom.xml").is_file()
    assert "Atom feed" in page(project, "output/people/steve-witkoff/index.html").get_text()


def test_a_person_named_over_months_has_a_timeline(tmp_path):
    project = make_project(tmp_path, captures=BOTH_SAMPLES)  # both name Donald Trump: 2025 and 2019
    build_archive(project / "pelicanconf.py")
    svg = page(project, "output/people/donald-trump/index.html").select_one("figure.timeline-figure svg.timeline")
    assert svg["role"] == "img" and svg["aria-label"].startswith("Donald Trump: 2 articles from 2019-")
    assert len(svg.select("g.bars rect")) == 2
    assert page(project, "output/people/steve-witkoff/index.html").select_one("figure.timeline-figure") is None


def test_a_person_s_feed_lists_their_newest_articles(tmp_path, monkeypatch):
    project = make_project(tmp_path, captures=BOTH_SAMPLES)  # both name Donald Trump: 2025 and 2019
    monkeypatch.setenv("SITEURL", "https://user.github.io/archive")
    build_archive(project / "publishconf.py", {"ENTITY_FEED_MIN_ARTICLES": 1, "ENTITY_FEED_MAX_ITEMS": 1})
    atom = "{http://www.w3.org/2005/Atom}"
    (entry,) = ElementTree.parse(project / "output/feeds/people/donald-trump.atom.xml").getroot().findall(f"{atom}entry")
    assert entry.findtext(f"{atom}published").startswith("2025-")
    assert "2 articles" in page(project, "output/people/donald-trump/index.html").select_one(".entity-kind").get_text()


def test_the_site_feed_carries_the_text_and_a_sources_feed_the_summary(tmp_path, monkeypatch):
    project = make_project(tmp_path)
    monkeypatch.setenv("SITEURL", "https://user.github.io/archive")
    build_archive(project / "publishconf.py")
    atom = "{http://www.w3.org/2005/Atom}"
    (whole,) = ElementTree.parse(project / "output/feeds/all.atom.xml").getroot().findall(f"{atom}entry")
    for name in ("sources/rferl", "tags/russia-ukraine-war"):
        (entry,) = ElementTree.parse(project / f"output/feeds/{name}.atom.xml").getroot().findall(f"{atom}entry")
        assert entry.find(f"{atom}content") is None, name
        assert 0 < len(entry.findtext(f"{atom}summary")) < 600 < len(whole.findtext(f"{atom}content")), name
        assert entry.find(f"{atom}link").get("href") == whole.find(f"{atom}link").get("href")


BOTH_SAMPLES = {
    "rferl/sample.txt": FIXTURES / "rferl-trump-putin-witkoff-meeting.txt",
    "polygraph/page.html": FIXTURES / "polygraph-fact-check-al-tanf.html",
}


def test_builds_started_together_wait_for_each_other(tmp_path):
    project = make_project(tmp_path, captures=BOTH_SAMPLES)
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "invoke", task], cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for task in ("build", "build", "index", "build", "build", "build")
    ]
    results = [(run.wait(timeout=300), *run.communicate()) for run in runs]
    for status, _, stderr in results:
        assert status == 0, stderr
        assert "Traceback" not in stderr and "LockError" not in stderr
    assert any("Waiting for another build" in stderr for _, _, stderr in results)
    found = subprocess.run([sys.executable, "-m", "invoke", "search", "Witkoff"], cwd=project, capture_output=True, text=True, env=env)
    assert "1 article matches" in found.stdout


def test_an_article_whose_capture_is_removed_leaves_the_site_and_the_search(tmp_path):
    project = make_project(tmp_path, captures=BOTH_SAMPLES)
    run_invoke(project, "build")
    assert (project / ARTICLE).exists()
    assert "1 article matches" in run_invoke(project, "search", "Witkoff").stdout
    shutil.rmtree(project / "captures" / "rferl")
    run_invoke(project, "build")
    assert not (project / ARTICLE).exists()
    assert not list((project / "content" / "articles").rglob("trump-says*"))
    assert "No articles match" in run_invoke(project, "search", "Witkoff").stdout
    assert "Trump Says" not in (project / "output" / "index.html").read_text(encoding="utf-8")
    assert (project / "output" / "search" / "meta.json.gz").exists()


def test_eight_articles_spelling_zelensky_four_ways_make_one_page(tmp_path):
    captures = {}
    # Four Latin spellings and one Ukrainian, the commonest full one naming the page; one article
    # names him only as "Zelensky". Kyiv, Kiev and Київ; Bakhmut and its former name Artemivsk.
    spellings = [("Volodymyr Zelensky", "Kyiv", "Bakhmut")] * 3 + [("Volodymyr Zelenskyy", "Kiev", "Bakhmut")] * 2
    spellings += [("Volodymyr Zelenskiy", "Kyiv", "Artemivsk"), ("Zelensky", "Kiev", "Artemivsk")]
    for n, (name, city, town) in enumerate(spellings):
        text = (
            f"Report {n}: talks on the war\n\nUkrainian President {name} said on Monday in {city} that talks with Russia "
            f"would go on. The meeting in {city} lasted {n + 2} hours, officials said, as shelling went on near {town}.\n\n"
            f"It was meeting number {n} this year, and more are planned in the spring.\n"
        )
        captures[f"manual/copy-{n}.txt"] = text_copy(tmp_path, f"copy-{n}.txt", text, date=f"2025-03-0{n + 1}")
    ukrainian = (
        "Звіт 7: переговори\n\nПрезидент України Володимир Зеленський заявив у понеділок у Києві, що переговори з Росією "
        "триватимуть. Зустріч у Києві тривала дев'ять годин, повідомили посадовці; обстріли тривали біля Бахмута.\n"
    )
    captures["manual/copy-7.txt"] = text_copy(tmp_path, "copy-7.txt", ukrainian, date="2025-03-08")
    project = make_project(tmp_path / "project", captures=captures)
    run_invoke(project, "build")
    people = sorted(p.name for p in (project / "output" / "people").iterdir() if p.is_dir())
    assert people == ["volodymyr-zelensky"]
    person = page(project, "output/people/volodymyr-zelensky/index.html")
    assert "named in 8 articles" in person.select_one(".entity-kind").get_text(" ", strip=True)
    spelled = person.select_one(".spellings").get_text(" ", strip=True)
    for spelling, count in [
        ("Volodymyr Zelensky", "3 articles"),
        ("Volodymyr Zelenskyy", "2 articles"),
        ("Volodymyr Zelenskiy", "1 article"),
    ]:
        assert f"{spelling} ({count})" in spelled
    assert "Володимир Зеленський (1 article)" in spelled
    places = {p.name for p in (project / "output" / "places").iterdir() if p.is_dir()}
    assert {"kyiv", "bakhmut"} <= places and not places & {"kiev", "artemivsk", "київ"}
    assert "named in 8 articles" in page(project, "output/places/kyiv/index.html").select_one(".entity-kind").get_text(" ", strip=True)
    bakhmut = page(project, "output/places/bakhmut/index.html")
    assert "named in 8 articles" in bakhmut.select_one(".entity-kind").get_text(" ", strip=True)
    assert "Artemivsk (2 articles)" in bakhmut.select_one(".spellings").get_text(" ", strip=True)
    # Every article links the one page, whichever spelling it used.
    lone = next(p for p in (project / "output" / "2025").rglob("index.html") if "report-6-" in p.as_posix())
    assert page(project, lone.relative_to(project)).find("a", href=re.compile(r"people/volodymyr-zelensky/"))


def test_a_site_of_one_period_publishes_only_its_articles(tmp_path):
    import gzip
    import json

    project = make_project(tmp_path, captures=BOTH_SAMPLES)  # one article of 2025, one of 2019
    build_archive(project / "pelicanconf.py", overrides={"SITE_PERIOD": "2025"})
    output = project / "output"
    assert check_output(output).broken == []  # nothing links to the pages left out
    assert (project / ARTICLE).exists()
    assert not (output / "2019").exists()
    assert not (output / "sources" / "polygraphinfo").exists()
    assert (output / "places" / "zaporizhzhia-oblast").is_dir() and not (output / "places" / "iran").exists()
    meta = json.loads(gzip.decompress((output / "search" / "meta.json.gz").read_bytes()))
    facets = json.loads(gzip.decompress((output / "search" / "facets.json.gz").read_bytes()))
    assert meta["documents"] == 1 and facets["source"] == ["RFE/RL"]
    # The archive keeps everything: `invoke search` still finds the other year's article.
    assert "1 article matches" in run_invoke(project, "search", "Rukban").stdout
    # The whole archive again: the search files are made whole for it.
    build_archive(project / "pelicanconf.py")
    meta = json.loads(gzip.decompress((output / "search" / "meta.json.gz").read_bytes()))
    assert meta["documents"] == 2 and (output / "2019").is_dir()


def test_feed_entries_name_their_authors_or_have_no_author(tmp_path, monkeypatch):
    project = make_project(tmp_path)
    hand_written(
        project,
        "2025/09/two-bylines.md",
        'title: "Two bylines"\ndate: 2025-09-01T00:00:00+00:00\nauthors: ["Jane Doe", "John Roe"]\nsource: "Example News"\n',
        "A short report from the river, written by two reporters.\n",
    )
    monkeypatch.setenv("SITEURL", "https://user.github.io/archive")
    build_archive(project / "publishconf.py")
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ElementTree.parse(project / "output/feeds/all.atom.xml").getroot().findall(f"{atom}entry")
    authors = {entry.findtext(f"{atom}title"): [a.findtext(f"{atom}name") for a in entry.findall(f"{atom}author")] for entry in entries}
    assert authors["Two bylines"] == ["Jane Doe, John Roe"]
    assert authors[EXPECTED_TITLE] == []  # the sample names no author: no empty <author> element


def test_an_article_page_is_in_its_articles_language_and_the_site_in_its_own(tmp_path):
    ukrainian = "Зеленський: переговори тривають\n\nПрезидент Володимир Зеленський заявив, що зустріч з посланцем відбудеться. Обстріли тривали біля Бахмута, повідомили посадовці.\n"
    copy = text_copy(tmp_path, "uk.txt", ukrainian, date="2025-08-07")
    project = make_project(tmp_path / "project", captures={"rferl/sample.txt": SAMPLE, "manual/uk.txt": copy})
    run_invoke(project, "build")
    (uk_page,) = [
        p for p in (project / "output" / "2025" / "08").rglob("index.html") if "trump" not in p.as_posix() and p.parent.name != "08"
    ]
    uk = page(project, uk_page.relative_to(project))
    assert uk.html["lang"] == "uk"
    assert uk.select_one("header.site-header")["lang"] == "en" and uk.select_one("footer.site-footer")["lang"] == "en"
    english = page(project, ARTICLE)
    assert english.html["lang"] == "en" and not english.select_one("header.site-header").has_attr("lang")


def test_people_and_places_pages_are_rendered_again_only_when_what_they_show_changed(tmp_path):
    polygraph = {"polygraph/page.html": FIXTURES / "polygraph-fact-check-al-tanf.html"}
    project = make_project(tmp_path / "project")
    build_archive(project / "pelicanconf.py")
    kept = project / "output/people/steve-witkoff/index.html"  # named only by the sample
    stamp = kept.stat().st_mtime_ns
    copy_captures(polygraph, project / "captures")
    build_archive(project / "pelicanconf.py")
    assert kept.stat().st_mtime_ns == stamp  # not rendered again
    # The pages are those a build from nothing writes.
    clean = make_project(tmp_path / "clean", captures={"rferl/sample.txt": SAMPLE, **polygraph})
    build_archive(clean / "pelicanconf.py")
    for folder in ("people", "places"):
        assert pages_in(project / "output" / folder) == pages_in(clean / "output" / folder)
    # A setting every page shows renders them all again.
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text().replace('SITESUBTITLE = "', 'SITESUBTITLE = "Kept: '))
    build_archive(settings)
    assert "Kept: " in kept.read_text()
    # A name no article has any more takes its page with it.
    for capture in (project / "captures" / "rferl").iterdir():
        capture.unlink()
    build_archive(settings)
    assert not kept.parent.exists() and pages_in(project / "output" / "people")


def pages_in(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.html"))}


def test_a_build_run_from_elsewhere_keeps_its_caches_in_the_project(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    build_archive(project / "pelicanconf.py")
    names = {p.name.rsplit("-", 1)[0] if p.name.endswith(".json") and "pages-" in p.name else p.name for p in (project / "cache").iterdir()}
    assert names >= {"conversions.json", "entity-pages", "pages", "ArticlesGenerator-Readers"}
    assert list(elsewhere.iterdir()) == []


def test_people_and_places_named_in_too_few_articles_have_no_page_but_are_listed(tmp_path):
    project = make_project(tmp_path, captures=BOTH_SAMPLES)
    build_archive(project / "pelicanconf.py")
    everyone = {p.parent.name for p in (project / "output/people").glob("*/index.html")}
    build_archive(project / "pelicanconf.py", {"ENTITY_PAGE_MIN_ARTICLES": 2})
    output = project / "output"
    kept = {p.parent.name for p in (output / "people").glob("*/index.html")}
    assert set() < kept < everyone  # the pages of names in one article are gone (people/ is kept between builds)
    listed = page(project, "output/people/index.html")
    assert len(listed.select("ol.term-list li")) == len(everyone)  # the list still names everyone
    assert {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in listed.select("ol.term-list a")} == kept
    article = page(project, ARTICLE)
    assert "Steve Witkoff" in article.select_one(".people").get_text()  # named, as text
    # No link anywhere leads to a page that is not made.
    for html in output.rglob("*.html"):
        for link in BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select('a[href^="/people/"], a[href^="/places/"]'):
            assert (output / link["href"].lstrip("/").split("#")[0] / "index.html").is_file() or (
                output / link["href"].lstrip("/")
            ).is_file(), (html, link["href"])


def test_long_lists_of_people_show_the_most_named_and_a_page_a_letter(tmp_path):
    project = make_project(tmp_path, captures=BOTH_SAMPLES)
    build_archive(project / "pelicanconf.py", {"ENTITY_LIST_MAX_NAMES": 5})
    output = project / "output/people"
    most = page(project, "output/people/index.html")
    assert len(most.select("ol.term-list li")) == 5
    total = len({p.parent.name for p in output.glob("*/index.html")})
    assert f"The 5 most named of {total};" in most.select_one(".list-note").get_text()
    letters = page(project, "output/people/a-z.html")
    assert not letters.select("ol") and letters.select_one("nav.letters")["aria-label"] == "People by first letter"
    # The letters' pages, in their order, are the whole list A–Z, each name once and under its first letter.
    names = []
    for link in letters.select("nav.letters a"):
        by_letter = page(project, f"output/people/{link['href'].rsplit('/', 1)[-1]}")
        assert by_letter.select_one(f'nav.letters a[href="{link["href"]}"]')["aria-current"] == "page"
        assert by_letter.h1.get_text() == f"People: {link.get_text()}"
        listed = [a.get_text() for a in by_letter.select("ol.term-list a")]
        assert listed and {name[0].lower() for name in listed} == {link.get_text().lower()}
        assert f"({len(listed)})" in link.parent.get_text()
        names += listed
    assert len(names) == total and names == sorted(names, key=lambda name: (name.casefold(), name))
    # With room for everyone again, the letters' pages go and a-z.html lists them all.
    build_archive(project / "pelicanconf.py")
    assert not list(output.glob("a-z-*.html"))
    assert len(page(project, "output/people/a-z.html").select("ol.term-list a")) == total


def test_a_build_with_nothing_changed_keeps_the_pages_and_any_change_renders_them(tmp_path):
    project = make_project(tmp_path, captures=BOTH_SAMPLES)
    output = project / "output"
    assert not build_archive(project / "pelicanconf.py").pages_kept
    before = _digest_tree(output)
    again = build_archive(project / "pelicanconf.py")
    assert again.pages_kept and _digest_tree(output) == before  # Pelican did not run; nothing was lost
    # A file of the output removed: the pages are made again, and it is back.
    (output / "about" / "index.html").unlink()
    assert not build_archive(project / "pelicanconf.py").pages_kept
    assert _digest_tree(output) == before
    # A template, a setting, an article changed: made again.
    template = project / "theme" / "templates" / "article.html"
    template.write_text(template.read_text(encoding="utf-8").replace("</article>", "</article><!-- changed -->"), encoding="utf-8")
    assert not build_archive(project / "pelicanconf.py").pages_kept
    assert "<!-- changed -->" in (output / ARTICLE.removeprefix("output/")).read_text(encoding="utf-8")
    assert build_archive(project / "pelicanconf.py").pages_kept
    assert not build_archive(project / "pelicanconf.py", {"SITENAME": "Another archive"}).pages_kept
    # A capture touched in place (the versions pages read captures): made again.
    capture = next(p for p in (project / "captures").rglob("*") if p.suffix in (".txt", ".html"))
    stat = capture.stat()
    os.utime(capture, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert not build_archive(project / "pelicanconf.py", {"SITENAME": "Another archive"}).pages_kept
    shutil.copy2(FIXTURES / "slashgear-vw-id-space-vizzion.txt", project / "captures" / "slashgear.txt")
    (project / "captures" / "slashgear.txt.json").write_text('{"given_date": "2019-11-20", "given_url": "https://www.slashgear.com/vw"}')
    report = build_archive(project / "pelicanconf.py")
    assert not report.pages_kept and len(report.conversion.written) == 1


def test_article_and_list_pages_are_rendered_again_only_when_what_they_show_changed(tmp_path):
    """After one more article, an article page and a source's page it does not touch are not
    rendered again; the pages are those a build from nothing makes, also after an article goes
    and after a build stopped halfway. (The search files count an article removed until Whoosh
    merges it away: tests/search/test_export.py.)"""
    polygraph = {"polygraph/page.html": FIXTURES / "polygraph-fact-check-al-tanf.html"}
    project = _with_feeds(make_project(tmp_path / "project"))
    build_archive(project / "pelicanconf.py")
    sample_page, sample_source = project / ARTICLE, project / "output/sources/rferl/index.html"
    stamps = {path: path.stat().st_mtime_ns for path in (sample_page, sample_source)}
    copy_captures(polygraph, project / "captures")
    build_archive(project / "pelicanconf.py")
    assert {path: path.stat().st_mtime_ns for path in stamps} == stamps  # kept, not rendered again
    assert (project / "output/sources/polygraphinfo/index.html").exists()
    assert _pages(project / "output") == _built_from_nothing(tmp_path / "both", {"rferl/sample.txt": SAMPLE, **polygraph})

    # An article gone takes its page and its source's page with it.
    shutil.rmtree(project / "captures" / "polygraph")
    build_archive(project / "pelicanconf.py")
    assert (
        not (project / "output/sources/polygraphinfo").exists() and not (project / "output/feeds/sources/polygraphinfo.atom.xml").exists()
    )
    assert _pages(project / "output") == _built_from_nothing(tmp_path / "sample", {"rferl/sample.txt": SAMPLE})

    # A build stopped after it wrote the page of an article (of a year whose folder is kept) removed before the next build.
    paragraph = "Officials in Kyiv said the river rose two metres overnight and the town moved people to safety."
    text_copy(
        project / "captures" / "copies",
        "floods.txt",
        f"Floods in the Old Town\n\n{paragraph}\n\nIt was the worst flood in a century. {paragraph}\n",
    )
    statement = f"from newsarchive.build import build_archive; build_archive({str(project / 'pelicanconf.py')!r})"
    assert kill_during("pelican.generators:ArticlesGenerator.generate_period_archives", statement, "before") == -9
    assert list((project / "output/2025/03").glob("floods*/index.html"))  # its page was written
    shutil.rmtree(project / "captures" / "copies")
    build_archive(project / "pelicanconf.py")
    assert _pages(project / "output") == _built_from_nothing(tmp_path / "sample-again", {"rferl/sample.txt": SAMPLE})

    # A template every page uses renders them all again.
    base = project / "theme/templates/base.html"
    base.write_text(base.read_text().replace("Skip to content", "Skip to the article"))
    build_archive(project / "pelicanconf.py")
    assert "Skip to the article" in sample_page.read_text() and "Skip to the article" in sample_source.read_text()


def _with_feeds(project):
    """The project with feeds on, as published: a feed is a file Pelican's writer makes that no page cache keeps."""
    settings = project / "pelicanconf.py"
    settings.write_text(
        settings.read_text() + '\nFEED_ALL_ATOM = "feeds/all.atom.xml"\nCATEGORY_FEED_ATOM = "feeds/sources/{slug}.atom.xml"\n'
    )
    return project


def _built_from_nothing(folder, captures):
    project = _with_feeds(make_project(folder, captures=captures))
    build_archive(project / "pelicanconf.py")
    return _pages(project / "output")


def _pages(output):
    return {path: digest for path, digest in _digest_tree(output).items() if not path.endswith(".json.gz")}


def test_a_build_keeps_none_of_its_articles_alive_after_it(tmp_path):
    """Pelican memoizes each article's content in its class for the life of the process: a process that
    builds twice (`invoke livereload`) kept both builds' articles, and each later full collection walked them."""
    import gc
    import weakref

    from pelican import signals

    project = make_project(tmp_path / "project", captures=TWO_ARTICLES)
    articles = []

    def keep(generator) -> None:
        articles.extend(weakref.ref(article) for article in generator.articles)

    signals.article_generator_finalized.connect(keep)
    try:
        build_archive(project / "pelicanconf.py")
    finally:
        signals.article_generator_finalized.disconnect(keep)
    gc.collect()
    assert len(articles) == 2 and all(article() is None for article in articles)


def test_a_large_archives_index_is_made_beside_pelican_and_the_site_is_the_same(tmp_path, monkeypatch):
    import newsarchive.build

    in_two_processes(monkeypatch)  # two articles are a large archive, on two cores
    beside = build_archive(make_project(tmp_path / "beside", TWO_ARTICLES) / "pelicanconf.py")
    assert beside.index_beside_pages and beside.index.added == 2
    monkeypatch.setattr(newsarchive.build, "parallel_processes", lambda documents: 1)
    after = build_archive(make_project(tmp_path / "after", TWO_ARTICLES) / "pelicanconf.py")
    assert not after.index_beside_pages and after.index.added == 2
    assert _digest_tree(tmp_path / "beside" / "output") == _digest_tree(tmp_path / "after" / "output")
    assert run_invoke(tmp_path / "beside", "search", "Witkoff").stdout == run_invoke(tmp_path / "after", "search", "Witkoff").stdout


def test_the_build_says_when_the_index_was_made_beside_the_pages(tmp_path, monkeypatch):
    import io

    from newsarchive import cli

    in_two_processes(monkeypatch)
    out = io.StringIO()
    assert cli.build(make_project(tmp_path, TWO_ARTICLES) / "pelicanconf.py", out=out) == 0
    assert re.search(r"pages [\d.]+, search index [\d.]+ beside them, search files [\d.]+\)", out.getvalue())


def test_an_error_in_the_index_made_beside_pelican_reaches_the_build_whole(tmp_path, monkeypatch):
    import newsarchive.build
    from newsarchive.search import SearchError

    def broken(articles_dir, index_dir, corrections, processes):
        raise SearchError(f"{index_dir}: broken")

    def buggy(articles_dir, index_dir, corrections, processes):
        raise ZeroDivisionError("a bug")

    in_two_processes(monkeypatch)
    project = make_project(tmp_path, TWO_ARTICLES)
    monkeypatch.setattr(newsarchive.build, "update_index", broken)  # (the forked process has it so too)
    with pytest.raises(SearchError, match="search-index: broken"):
        build_archive(project / "pelicanconf.py")
    monkeypatch.setattr(newsarchive.build, "update_index", buggy)
    with pytest.raises(ZeroDivisionError) as raised:
        build_archive(project / "pelicanconf.py")
    assert "in buggy" in str(raised.value.__cause__)  # the traceback from the other process


def test_pelicans_lists_of_articles_are_made_by_ours_and_addresses_formatted_once(tmp_path):
    from pelican import signals

    from newsarchive.listings import TERM_KINDS, ArticleList, period_archives, write_term_pages

    seen = []

    def receiver(generator, writer):
        seen.append(generator)

    signals.article_writer_finalized.connect(receiver)
    try:
        build_archive(make_project(tmp_path) / "pelicanconf.py")
    finally:
        signals.article_writer_finalized.disconnect(receiver)
    generator = seen[0]
    assert generator._build_period_archives is period_archives
    assert all(getattr(generator, f"generate_{pairs}").func is write_term_pages for pairs in TERM_KINDS.values())
    lists = [*generator.authors, *generator.categories, *generator.tags.items()]
    assert lists and all(type(articles) is ArticleList for _, articles in lists)
    # Each article's address as Pelican's settings make it, kept where Pelican looks first.
    assert generator.articles and all(article.override_url == article._expand_settings("url") for article in generator.articles)


def test_articles_of_the_same_name_in_two_languages_are_two_articles_not_translations(tmp_path):
    """A daily "Live updates" in English and in Ukrainian share a file name (Pelican's slug): each is listed."""
    project = make_project(tmp_path)
    hand_written(
        project,
        "2025/09/live-updates.md",
        'title: "Live updates"\ndate: 2025-09-01T00:00:00+00:00\nsource: "Example News"\n',
        "The day's reports from the front, in English.\n",
    )
    hand_written(
        project,
        "2025/10/live-updates.md",
        'title: "Оновлення"\ndate: 2025-10-01T00:00:00+00:00\nsource: "Example News"\nlang: uk\n',
        "Новини дня з фронту, українською.\n",
    )
    build_archive(project / "pelicanconf.py")
    september, october = page(project, "output/2025/09/index.html"), page(project, "output/2025/10/index.html")
    assert "Live updates" in september.get_text() and "Оновлення" in october.get_text()
    assert "Оновлення" in page(project, "output/sources/example-news/index.html").get_text()


def test_a_build_reads_no_article_file_unchanged_since_the_last(tmp_path, monkeypatch):
    project = make_project(tmp_path, captures=TWO_ARTICLES)
    build_archive(project / "pelicanconf.py")
    past = time.time_ns() - 60_000_000_000
    for path in [*(project / "content").rglob("*.md"), *(project / "captures").rglob("*.*")]:
        os.utime(path, ns=(past, past))  # as files written by an earlier build are
    build_archive(project / "pelicanconf.py")  # (their stamps changed: read once more, and remembered)
    (project / "output" / "about" / "index.html").unlink()  # so that Pelican runs again
    opened = []
    real_open = io.open

    def recording_open(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    with monkeypatch.context() as reads:
        reads.setattr(io, "open", recording_open)
        reads.setattr(builtins, "open", recording_open)
        report = build_archive(project / "pelicanconf.py")
    assert not report.pages_kept and (project / "output" / "about" / "index.html").exists()
    articles = {str(p) for p in (project / "content" / "articles").rglob("*.md")}
    assert len(articles) == 2 and articles.isdisjoint(opened)
