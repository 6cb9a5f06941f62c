"""Paths and helpers shared by the tests."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
SAMPLE = FIXTURES / "rferl-trump-putin-witkoff-meeting.txt"

# What a fresh project needs to build: settings, tasks, theme, plugins, pages.
PROJECT_FILES = ("pelicanconf.py", "publishconf.py", "tasks.py", "feeds.yml", "entities.yml", "theme", "plugins", "content/pages")

# Page chrome of the sample that must never reach an article.
SAMPLE_CHROME = (
    "Accessibility links",
    "Breaking News",
    "Updated",
    "please wait",
    "No media source currently available",
    "0:00",
    "16x9 Image",
    "undesirable organization",
    "could face fines or imprisonment",
    "To find out more, click here",
    "RFE/RL journalists report the news",
    "XS",
    "LG",
)


def make_project(dest: Path, captures: dict[str, Path] | None = None) -> Path:
    """A copy of this project's site files in ``dest``, with the sample capture (or ``captures``)."""
    for name in PROJECT_FILES:
        source = REPO / name
        target = dest / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    copy_captures(captures if captures is not None else {"rferl/sample.txt": SAMPLE}, dest / "captures")
    return dest


def copy_captures(captures: dict[str, Path], folder: Path) -> None:
    """Copy each capture (name in ``folder`` -> file) with its sidecar, when it has one."""
    for relative, source in captures.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        sidecar = source.with_name(source.name + ".json")
        if sidecar.exists():
            shutil.copy2(sidecar, target.with_name(target.name + ".json"))


def run_invoke(project: Path, *args: str, check: bool = True, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``invoke ARGS`` in ``project`` as a user would, with this Python (and ``env`` added to the environment)."""
    env = {**os.environ, "PYTHONWARNINGS": "error", **(env or {})}
    result = subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"invoke {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def converted(folder: Path, captures: dict[str, Path]) -> Path:
    """The articles converted from ``captures`` (name in captures/ -> file, with its sidecar), in ``folder``/articles."""
    from newsarchive.convert.batch import convert_all

    copy_captures(captures, folder / "captures")
    convert_all(folder / "captures", folder / "articles", folder)
    return folder / "articles"


_KILLER = """
import importlib, os, signal, sys
target, when, nth, statement = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
module, _, attribute = target.partition(":")
owner = importlib.import_module(module)
*path, name = attribute.split(".")
for part in path:
    owner = getattr(owner, part)
original = getattr(owner, name)
calls = 0

def killing(*args, **kwargs):
    global calls
    calls += 1
    if calls == nth and when == "before":
        os.kill(os.getpid(), signal.SIGKILL)
    result = original(*args, **kwargs)
    if calls == nth and when == "after":
        os.kill(os.getpid(), signal.SIGKILL)
    return result

setattr(owner, name, killing)
exec(compile(statement, "<killed run>", "exec"), {"__name__": "__killed__"})
"""


def kill_during(target: str, statement: str, when: str = "after", nth: int = 1, cwd: Path | None = None) -> int:
    """Run ``statement`` in a fresh Python that kill -9s itself just ``when`` ("before" or "after")
    the ``nth`` call of ``target`` ("package.module:Class.method"); returns the exit status
    (-9 when the kill came, 0 when the run ended first)."""
    result = subprocess.run(
        [sys.executable, "-c", _KILLER, target, when, str(nth), statement],
        cwd=cwd or REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    if result.returncode not in (0, -9):
        raise AssertionError(f"killed run failed ({result.returncode}):\n{result.stderr}")
    return result.returncode


def hand_written(project: Path, relative: str, front_matter: str, body: str) -> Path:
    """An article written by hand into the project's articles folder (no capture behind it)."""
    article = project / "content" / "articles" / relative
    article.parent.mkdir(parents=True, exist_ok=True)
    article.write_text(f"---\n{front_matter}---\n{body}", encoding="utf-8")
    return article


def text_copy(folder: Path, name: str, text: str, date: str = "2025-03-01", source: str = "Example News") -> Path:
    """A plain-text page copy ``folder/name`` with a sidecar giving its date and outlet (as `invoke convert --date --source` would)."""
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / name
    copy.write_text(text, encoding="utf-8")
    (folder / f"{name}.json").write_text(json.dumps({"given_date": date, "given_source": source}), encoding="utf-8")
    return copy


def in_two_processes(monkeypatch) -> None:
    """From here on, a new index or a whole export of two articles or more is made by two processes, as a large archive's is."""
    import newsarchive.search.index as index_module

    monkeypatch.setattr(index_module, "PARALLEL_FROM", 2)
    monkeypatch.setattr(index_module.os, "cpu_count", lambda: 2)


def written_after(path: Path, before: bytes, write) -> tuple[int, int]:
    """What ``write`` writes into the file ``path`` (opened for it) after ``before``, as a segment's file lies
    among others in its compound file: where it starts, and its length."""
    with open(path, "wb") as file:
        file.write(before)
        write(file)
    return len(before), path.stat().st_size - len(before)
