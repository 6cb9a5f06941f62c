"""Golden files: what each fixture capture must convert to, and the sample archive's search export.

`invoke regen-golden` rewrites them after a deliberate change; review the diff.
The export's files are kept unzipped and indented (``search/<name>.json``), so a
change shows as a readable diff; the test compares their contents.
"""

from __future__ import annotations

import gzip
import json
import shutil
import tempfile
from pathlib import Path

from newsarchive.articles import render_article
from newsarchive.convert.batch import preview
from tests.support import FIXTURES, REPO, make_project

GOLDEN = Path(__file__).resolve().parent

# (capture in tests/fixtures, expected Markdown in tests/golden)
CASES = (
    ("rferl-trump-putin-witkoff-meeting.txt", "rferl-trump-putin-witkoff-meeting.md"),
    ("polygraph-fact-check-al-tanf.html", "polygraph-fact-check-al-tanf.md"),
)


def converted(capture_name: str) -> str:
    return render_article(preview(FIXTURES / capture_name, REPO))


SEARCH = GOLDEN / "search"


def sample_search_export() -> dict[str, object]:
    """The bundled sample archive (the repository's captures/) built afresh: its output/search/ files, unzipped."""
    from newsarchive.build import build_archive

    with tempfile.TemporaryDirectory() as folder:
        project = make_project(Path(folder), captures={})
        shutil.rmtree(project / "captures", ignore_errors=True)
        shutil.copytree(REPO / "captures", project / "captures")
        build_archive(project / "pelicanconf.py")
        out = project / "output" / "search"
        return {
            path.relative_to(out).as_posix().removesuffix(".gz"): json.loads(gzip.decompress(path.read_bytes()))
            for path in sorted(out.rglob("*.json.gz"))
        }


def golden_search_export() -> dict[str, object]:
    return {path.relative_to(SEARCH).as_posix(): json.loads(path.read_text(encoding="utf-8")) for path in sorted(SEARCH.rglob("*.json"))}


def regenerate() -> list[Path]:
    written = []
    for capture_name, expected_name in CASES:
        path = GOLDEN / expected_name
        path.write_text(converted(capture_name), encoding="utf-8")
        written.append(path)
    shutil.rmtree(SEARCH, ignore_errors=True)
    for name, content in sample_search_export().items():
        path = SEARCH / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(path)
    return written
