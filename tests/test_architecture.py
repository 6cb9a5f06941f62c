"""The package's structure holds: stages import one way, and nothing imports inside a function to dodge a cycle."""

import re

from tests.support import REPO

PACKAGE = REPO / "newsarchive"


def sources(folder):
    return {path.relative_to(REPO).as_posix(): path.read_text(encoding="utf-8") for path in sorted(folder.rglob("*.py"))}


def test_sites_never_import_the_converter():
    offenders = [
        name for name, text in sources(PACKAGE / "sites").items() if re.search(r"^\s*(from|import) newsarchive\.convert", text, re.M)
    ]
    assert not offenders, f"site modules use the tools the converter lends them (newsarchive.sites.HtmlTools): {offenders}"


def test_no_import_of_the_package_inside_a_function():
    """But in cli.py, whose commands each import the stages they run (not to dodge a cycle: `invoke search`,
    one query a process, need not load the converter, the fetcher and the build); nothing imports cli.py."""
    offenders = [
        f"{name}: {line.strip()}"
        for name, text in sources(PACKAGE).items()
        for line in text.splitlines()
        if re.match(r"\s+(from|import) newsarchive\b", line) and name != "newsarchive/cli.py"
    ]
    assert not offenders, offenders
    assert not [
        name
        for name, text in sources(PACKAGE).items()
        if re.search(r"^\s*(from newsarchive import cli|from newsarchive\.cli |import newsarchive\.cli)", text, re.M)
    ]


def test_plugins_keep_no_state_between_signals():
    import ast

    for path in sorted((REPO / "plugins").glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, (ast.Dict, ast.List, ast.Set, ast.Call)):
                raise AssertionError(
                    f"{path.name}:{node.lineno}: module-level state in a plugin; the pipeline (newsarchive.build) passes data on"
                )


def test_the_build_reads_as_the_pipeline():
    import inspect

    from newsarchive import build

    source = inspect.getsource(build.run_pipeline)
    stages = ["convert_all(", "build_pages(", "search_index.result(", "export_static(", "write_crawler_files("]
    positions = [source.index(stage) for stage in stages]
    assert positions == sorted(positions), "run_pipeline runs convert → Pelican pages → index → export → crawler files"
