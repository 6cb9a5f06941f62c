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


def test_livereload_rebuilds_on_a_change_and_reloads_the_page(tmp_path, browser):
    import os
    import signal
    import subprocess
    import sys
    import time

    project = make_project(tmp_path)
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    log = tmp_path / "livereload.log"
    with log.open("w") as sink:  # the server writes to its own copy of the file
        server = subprocess.Popen(
            [sys.executable, "-m", "invoke", "livereload", "--host", "127.0.0.1", "--port", str(port)],
            cwd=project,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
                break
            except OSError:
                time.sleep(0.5)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/")
        # livereload reloads open pages 2 s after it starts (a browser left open across a
        # restart), and at most once in 3 s: the change comes after both.
        time.sleep(4)
        page.wait_for_load_state()
        page.evaluate("window.beforeTheChange = true")
        time.sleep(3.5)
        # An edit to the settings: the site is built again and the open page reloads itself.
        with (project / "pelicanconf.py").open("a") as settings:
            settings.write('\nSITESUBTITLE = "Changed while served"\n')
        page.wait_for_function("window.beforeTheChange === undefined", timeout=90_000)
        page.wait_for_load_state()
        assert page.locator(".site-subtitle").inner_text() == "Changed while served", log.read_text()
        page.close()
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:  # a loaded machine: then it is killed, and waited for all the same
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=20)
