import ast
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import newsarchive.files as files
from newsarchive.convert.cache import converter_fingerprint
from newsarchive.files import StampedFiles, modules_run_by, resolved, walk_files


def test_walk_files_lists_every_file_below_a_folder_as_rglob_does(tmp_path):
    for relative in ["a.md", ".hidden", "2025/08/b.md", "2025/08/.c.md", "a-b/x.txt", "a/b.txt", "deep/er/and/deeper/d"]:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(relative)
    (tmp_path / "empty").mkdir()
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    (elsewhere / "inside").mkdir(parents=True)
    (elsewhere / "inside" / "e.md").write_text("e")
    os.symlink(elsewhere, tmp_path / "linked")  # a linked folder is not walked into, as rglob does not
    os.symlink(tmp_path / "a.md", tmp_path / "link.md")  # a linked file is a file

    walked = dict(walk_files(tmp_path))

    assert walked.keys() == {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert "2025/08/b.md" in walked and "link.md" in walked and not any(k.startswith("linked/") for k in walked)
    assert walked["2025/08/b.md"].st_size == len("2025/08/b.md")


def test_resolved_is_resolve(tmp_path, monkeypatch):
    (tmp_path / "real" / "sub").mkdir(parents=True)
    (tmp_path / "real" / "sub" / "a.html").write_text("a")
    os.symlink(tmp_path / "real", tmp_path / "folder-link")
    os.symlink(tmp_path / "real" / "sub" / "a.html", tmp_path / "file-link.html")
    monkeypatch.chdir(tmp_path)
    for path in ["folder-link/sub/a.html", "file-link.html", "real/sub/../sub/a.html", "real/sub/..", "missing/b.html", "."]:
        assert resolved(Path(path)) == Path(path).resolve(), path


def _settled(path: Path) -> None:
    """Give ``path`` a modification time a minute old, as a file written by an earlier build has."""
    past = time.time_ns() - 60_000_000_000
    os.utime(path, ns=(past, past))


def test_stamped_files_without_a_memo_read_every_file_and_keep_nothing(tmp_path):
    read = []
    compute = lambda data: read.append(data) or len(data)  # noqa: E731
    a = tmp_path / "a.md"
    a.write_bytes(b"one")
    _settled(a)
    memo = StampedFiles(None, compute)
    assert memo.of(a) == 3 and memo.of(a) == 3 and read == [b"one", b"one"]
    memo.wrote(a, b"one")
    memo.save()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.md"]


def test_stamped_files_reads_a_file_again_only_when_its_stamp_changed(tmp_path):
    memo_file = tmp_path / "memo.json"
    read = []
    compute = lambda data: read.append(data) or hashlib.sha256(data).hexdigest()  # noqa: E731
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_bytes(b"one")
    b.write_bytes(b"two")
    _settled(a)
    _settled(b)

    first = StampedFiles(memo_file, compute)
    assert first.of(a) == hashlib.sha256(b"one").hexdigest() and first.of(b) == hashlib.sha256(b"two").hexdigest()
    assert first.of(a) == hashlib.sha256(b"one").hexdigest()  # asked again in the same run: not read again
    first.save()
    assert read == [b"one", b"two"]

    read.clear()
    second = StampedFiles(memo_file, compute)
    assert second.of(a) == hashlib.sha256(b"one").hexdigest() and read == []  # unchanged: not read
    b.write_bytes(b"TWO")  # the same size, other bytes: a new modification (and change) time
    _settled(b)
    assert second.of(b) == hashlib.sha256(b"TWO").hexdigest() and read == [b"TWO"]
    second.save()

    read.clear()
    assert StampedFiles(memo_file, compute, context="other corrections").of(a) and read == [b"one"]  # another context


def test_stamped_files_does_not_trust_the_stamp_of_a_file_changing_now(tmp_path):
    memo_file = tmp_path / "memo.json"
    read = []
    compute = lambda data: read.append(data) or len(data)  # noqa: E731
    recent = tmp_path / "recent.md"
    recent.write_bytes(b"now")  # modified within STAMP_SETTLED_NS: another change could keep its time
    memo = StampedFiles(memo_file, compute)
    memo.of(recent)
    memo.save()
    StampedFiles(memo_file, compute).of(recent)
    assert read == [b"now", b"now"]


def test_stamped_files_remembers_what_was_written_with_the_stamp_it_has_when_saved(tmp_path):
    memo_file = tmp_path / "memo.json"
    read = []
    compute = lambda data: read.append(data) or data.decode()  # noqa: E731
    written, gone = tmp_path / "written.md", tmp_path / "gone.md"
    gone.write_bytes(b"gone")
    _settled(gone)
    memo = StampedFiles(memo_file, compute)
    memo.of(gone)
    written.write_bytes(b"new")
    memo.wrote(written, b"new")
    _settled(written)  # (as it is when a build that took a while saves its memo)
    memo.save()

    read.clear()
    again = StampedFiles(memo_file, compute)
    assert again.of(written) == "new" and read == []
    again.save()  # only what this run asked about is kept: gone.md is forgotten
    assert str(gone) not in json.loads(memo_file.read_bytes())["files"]


@pytest.fixture
def package_copy(tmp_path, monkeypatch):
    """A copy of the package that the test may change, and the converter's fingerprint computed over it."""
    copy = tmp_path / "newsarchive"
    shutil.copytree(Path(files.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(files, "_PACKAGE", copy)

    def fingerprint():
        files.package_fingerprint.cache_clear()
        files.modules_run_by.cache_clear()
        return converter_fingerprint()

    yield copy, fingerprint
    monkeypatch.undo()
    files.package_fingerprint.cache_clear()
    files.modules_run_by.cache_clear()


def _imports_parsed(source: bytes) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            found |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
    return found


def test_the_imports_read_from_the_source_are_those_pythons_parser_finds(tmp_path):
    for path in sorted(Path(files.__file__).parent.rglob("*.py")):
        assert set(files._imported(path)) == _imports_parsed(path.read_bytes()), path
    tricky = tmp_path / "tricky.py"
    tricky.write_text(
        "import newsarchive.a as a, newsarchive.b\n"
        "from newsarchive.c import (  # why\n    d,\n    e as f,  # and why\n)\n"
        "def later():\n    from newsarchive.g import h  # in a function\n"
    )
    assert set(files._imported(tricky)) == _imports_parsed(tricky.read_bytes()) == {
        "newsarchive.a", "newsarchive.b", "newsarchive.c", "newsarchive.c.d", "newsarchive.c.e", "newsarchive.g", "newsarchive.g.h"
    }  # fmt: skip
    tricky.write_text("def f():\n    from .sibling import x\n")
    with pytest.raises(ValueError, match="tricky.py: a relative import"):
        files._imported(tricky)


def test_the_converters_fingerprint_changes_with_its_code_and_data_not_with_the_search(package_copy):
    copy, fingerprint = package_copy
    before = fingerprint()
    with (copy / "search" / "query.py").open("a") as source:
        source.write("\n# a change to the search\n")
    (copy / "nothing_imports_this.py").write_text("# a module no conversion runs\n")
    assert fingerprint() == before
    for changed in ["convert/html.py", "sites/rferl.py", "entities/extract.py", "entities/data/curated.yml", "records.py"]:
        with (copy / changed).open("a") as source:
            source.write("\n# changed\n")
        assert fingerprint() != before, changed
        before = fingerprint()


def test_every_module_a_conversion_runs_is_in_the_converters_fingerprint(tmp_path):
    script = f"""
import sys
from pathlib import Path
from newsarchive.convert.batch import convert_all
from tests.support import FIXTURES, SAMPLE, copy_captures
root = Path({str(tmp_path)!r})
copy_captures({{"rferl/sample.txt": SAMPLE, "polygraph/page.html": FIXTURES / "polygraph-fact-check-al-tanf.html"}}, root / "captures")
convert_all(root / "captures", root / "articles", root, cache_file=root / "cache" / "conversions.json")
# (a namespace package, newsarchive.entities, has no code of its own)
print("\\n".join(sorted(name for name, module in sys.modules.items() if name.startswith("newsarchive.") and module.__file__)))
"""
    ran = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parent.parent, check=True, capture_output=True, text=True)
    loaded = set(ran.stdout.split())
    assert "newsarchive.convert.html" in loaded and "newsarchive.sites.rferl" in loaded
    assert loaded <= modules_run_by("newsarchive.convert.batch")
