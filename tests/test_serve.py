"""`invoke serve`: the site as GitHub Pages answers it, and one clear line when it cannot serve."""

import socket
import threading
import urllib.error
import urllib.request

import pytest

from newsarchive.serve import ServeError, site_server
from tests.support import make_project, run_invoke


@pytest.fixture(scope="module")
def served(built_project):
    server = site_server(built_project / "output", "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_an_address_the_site_does_not_have_gets_its_404_page(served):
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(f"{served}/no/such/page/")
    assert answer.value.code == 404
    assert "<html" in answer.value.read().decode("utf-8")
    with urllib.request.urlopen(f"{served}/") as home:
        assert home.status == 200


def test_pages_load_with_no_console_error_or_missing_file(served, browser):
    page = browser.new_page()
    errors, missing = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("response", lambda response: missing.append(response.url) if response.status >= 400 else None)
    for address in ("/", "/people/", "/search/?q=Witkoff"):
        page.goto(served + address)
        page.wait_for_load_state("networkidle")
    page.close()
    assert (errors, missing) == ([], [])


def test_a_busy_port_is_one_line(built_project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ServeError, match=f"port {port} is in use"):
            site_server(built_project / "output", "127.0.0.1", port)
        result = run_invoke(built_project, "serve", "--host", "127.0.0.1", "--port", str(port), check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: port {port} is in use (another `invoke serve`?): try `invoke serve --port {port + 1}`"


def test_serving_before_a_build_says_to_build(tmp_path):
    project = make_project(tmp_path)
    result = run_invoke(project, "serve", "--host", "127.0.0.1", "--port", "0", check=False)
    assert result.returncode == 1
    assert "run `invoke build` first" in result.stderr and "Traceback" not in result.stderr
