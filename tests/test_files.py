import os
from pathlib import Path

from newsarchive.files import resolved, walk_files


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
