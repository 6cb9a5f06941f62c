import os
import shutil

import pytest
from pytest_httpserver import HTTPServer

from tests.support import make_project, run_invoke


def pytest_xdist_auto_num_workers(config):
    """`-n auto` (pyproject.toml): a test process for each core this one may run on, at most four (each
    runs its own Chromium and builds). xdist's own count would take physical cores where psutil is
    installed: one on a 2-vCPU machine. PYTEST_XDIST_AUTO_NUM_WORKERS still says how many."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1  # (macOS has no affinity)
    return min(cores, 4)


@pytest.fixture(scope="session")
def built_project(tmp_path_factory):
    """A fresh project holding the sample capture, built with `invoke build` (site and search index)."""
    project = make_project(tmp_path_factory.mktemp("project"))
    run_invoke(project, "build")
    return project


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium, driven by Playwright (never a downloaded browser)."""
    if not os.path.exists(CHROMIUM):
        # CI installs Debian's chromium (.ci/run): there a missing browser is a failure, not a skip.
        if os.environ.get("CI"):
            raise RuntimeError(f"Debian's chromium is required for the browser tests and was not found at {CHROMIUM}")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def make_httpserver():
    """pytest-httpserver on 127.0.0.1 (never another address), one thread per request,
    so a deliberately slow answer does not hold up the next test."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def site(httpserver):
    """The local test server with a permissive robots.txt."""
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    return httpserver
