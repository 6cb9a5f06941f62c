"""axe-core (from npm: package.json) in Chromium over every kind of page, light and dark: no violations; and a timeline as drawn."""

import functools
import http.server
import threading
from pathlib import Path

import pytest

from newsarchive.build import build_archive
from tests.support import FIXTURES, SAMPLE, make_project

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "home": "",
    "article": "2025/08/trump-says-good-chance-he-will-meet-putin-soon-after-envoys-meeting-with-russian/",
    "archives": "archives/",
    "year": "2025/",
    "month": "2025/08/",
    "sources": "sources/",
    "source": "sources/rferl/",
    "tags": "tags/",
    "tag": "tags/russia-ukraine-war/",
    "people": "people/",  # the 5 most named (ENTITY_LIST_MAX_NAMES below), and a note
    "people A–Z": "people/a-z.html",  # the letters
    "people of a letter": "people/a-z-d.html",
    "person": "people/steve-witkoff/",
    "person over months": "people/donald-trump/",  # a timeline (2019 and 2025)
    "places": "places/",
    "place": "places/zaporizhzhia-oblast/",
    "search with results": "search/?q=Witkoff",
    "search with none": "search/?q=Rute",
    "404": "no-such-page/",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = make_project(
        tmp_path_factory.mktemp("a11y") / "project",
        captures={"rferl/sample.txt": SAMPLE, "polygraph/page.html": FIXTURES / "polygraph-fact-check-al-tanf.html"},
    )
    build_archive(project / "pelicanconf.py", {"ENTITY_LIST_MAX_NAMES": 5})  # lists long enough for a page a letter
    output = project / "output"

    class Handler(http.server.SimpleHTTPRequestHandler):
        def send_error(self, code, message=None, explain=None):
            if code == 404:  # as GitHub Pages answers an address the site does not have
                body = (output / "404.html").read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().send_error(code, message, explain)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_kind_of_page_has_no_accessibility_violations(site, browser, scheme):
    assert AXE.is_file(), f"{AXE} is missing: run `npm install` in the project (package.json names axe-core)"
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    found = {}
    for kind, address in PAGES.items():
        response = page.goto(site + address)
        assert response.status == (404 if kind == "404" else 200), kind  # (the 404 page would pass for a page not made)
        if kind.startswith("search"):
            page.wait_for_function("document.getElementById('search-status').textContent.length > 0")
            page.wait_for_timeout(300)  # snippets and facets
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async () => (await axe.run(document)).violations.map(v => [v.id, v.help, v.nodes.map(n => n.target.join(' ')).slice(0, 3)])"
        )
        if result:
            found[kind] = result
    context.close()
    assert not found, "\n".join(
        f"{kind}: {rule} ({why}) at {', '.join(where)}" for kind, rules in found.items() for rule, why, where in rules
    )


def test_a_timeline_is_drawn_where_a_reader_sees_it(site, browser):
    """The one page of this site with articles in more than one month: its chart is shown, named for a screen reader."""
    page = browser.new_page()
    page.goto(site + "people/donald-trump/")
    timeline = page.get_by_role("img", name="Donald Trump: 2 articles from 2019-11 to 2025-08")
    assert timeline.is_visible() and timeline.bounding_box()["width"] > 100
    assert page.locator("svg.timeline rect").count() == 2
    page.close()
