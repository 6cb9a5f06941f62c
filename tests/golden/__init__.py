"""Golden files: what each fixture capture must convert to.

`invoke regen-golden` rewrites them after a deliberate change; review the diff.
"""

from __future__ import annotations

from pathlib import Path

from newsarchive.articles import render_article
from newsarchive.convert.batch import preview
from tests.support import FIXTURES, REPO

GOLDEN = Path(__file__).resolve().parent

# (capture in tests/fixtures, expected Markdown in tests/golden)
CASES = (
    ("rferl-trump-putin-witkoff-meeting.txt", "rferl-trump-putin-witkoff-meeting.md"),
    ("polygraph-fact-check-al-tanf.html", "polygraph-fact-check-al-tanf.md"),
)


def converted(capture_name: str) -> str:
    return render_article(preview(FIXTURES / capture_name, REPO))


def regenerate() -> list[Path]:
    written = []
    for capture_name, expected_name in CASES:
        path = GOLDEN / expected_name
        path.write_text(converted(capture_name), encoding="utf-8")
        written.append(path)
    return written
