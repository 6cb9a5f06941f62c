"""What a reader sees: the built article page in a real headless Chromium (Debian's package)."""

import functools
import http.server
import threading

import pytest

from tests.support import SAMPLE_CHROME

ARTICLE = "/2025/08/trump-says-good-chance-he-will-meet-putin-soon-after-envoys-meeting-with-russian/"


@pytest.fixture(scope="module")
def site_url(built_project):
    """The built site served from 127.0.0.1 on a free port."""

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(QuietHandler, directory=str(built_project / "output"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def open_page(browser, site_url):
    contexts = []

    def open_(path, **context_options):
        context = browser.new_context(**context_options)
        contexts.append(context)
        page = context.new_page()
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        response = page.goto(site_url + path)
        assert response.status == 200
        page.requests = requests
        return page

    yield open_
    for context in contexts:
        context.close()


def test_reader_sees_the_article(open_page, site_url):
    page = open_page(ARTICLE)
    assert page.title().startswith("Trump Says 'Good Chance' He Will Meet Putin Soon")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Trump Says 'Good Chance' He Will Meet Putin Soon After Envoy's Meeting With Russian President"
    assert page.get_by_role("heading", level=2).all_inner_texts() == [
        "What About Trump's August 8 Cease-Fire Deadline?",
        "Russia Air Strikes Pound Ukraine",
    ]
    caption = page.locator(".image-caption")
    assert caption.is_visible() and caption.inner_text().startswith("Image: In this pool photograph")
    text = page.locator("main").inner_text()
    assert text.count("In this pool photograph") == 1
    assert "Video: Russian Strikes Ukraine's Zaporizhzhya Region" in text
    assert "With reporting by Reuters, AP, AFP" in text
    assert "6 August 2025" in text
    for chrome in SAMPLE_CHROME:
        assert chrome not in text.replace("RFE/RL", ""), chrome
    # Every request stayed on the local server: no CDN, font or script from elsewhere.
    assert page.requests and all(url.startswith(site_url) for url in page.requests)


def test_reader_can_follow_the_source_link(open_page):
    page = open_page(ARTICLE)
    page.locator(".dateline .source").click()
    page.wait_for_url("**/sources/rferl/")
    assert page.get_by_role("heading", level=1).inner_text() == "Articles from RFE/RL"


@pytest.mark.parametrize(("width", "height"), [(375, 740), (1280, 900)])
def test_readable_on_phone_and_desktop(open_page, width, height):
    page = open_page(ARTICLE, viewport={"width": width, "height": height})
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, "the page scrolls sideways"
    font_size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.article-body p')).fontSize)")
    assert font_size >= 16
    line_length = page.evaluate("document.querySelector('.article-body p').getBoundingClientRect().width")
    assert line_length <= min(width, 720)


def test_reader_goes_from_an_article_to_a_place_and_back(open_page):
    page = open_page(ARTICLE)
    page.locator(".places a", has_text="Zaporizhzhia Oblast").click()
    page.wait_for_url("**/places/zaporizhzhia-oblast/")
    assert page.get_by_role("heading", level=1).inner_text() == "Zaporizhzhia Oblast"
    assert "Zaporizhzhya region" in page.locator(".spellings").inner_text()
    assert page.locator("svg.timeline").count() == 0  # one article: no chart of one bar (test_accessibility draws one)
    page.get_by_role("link", name="Trump Says 'Good Chance' He Will Meet Putin Soon After Envoy's Meeting With Russian President").click()
    page.wait_for_url("**" + ARTICLE)
    page.get_by_role("link", name="People", exact=True).click()
    page.wait_for_url("**/people/")
    assert page.get_by_role("link", name="Steve Witkoff").count() == 1  # one list; A–Z is a switch away
    page.get_by_role("link", name="A–Z").click()
    page.wait_for_url("**/people/a-z.html")
    assert page.get_by_role("link", name="Steve Witkoff").count() == 1
