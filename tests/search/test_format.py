"""The static format is declared once (search.format), written into meta.json, and only search.index knows Whoosh."""

import gzip
import json
import re

from newsarchive.search import export_static, update_index
from newsarchive.search.format import DOC_FIELDS, declaration
from tests.support import REPO, SAMPLE, converted


def test_meta_json_carries_the_declaration_and_doc_files_follow_it(tmp_path):
    articles = converted(tmp_path, {"sample.txt": SAMPLE})
    update_index(articles, tmp_path / "index")
    export_static(tmp_path / "index", tmp_path / "search", {"2025/08/x.md": "2025/08/x/"})
    meta = json.loads(gzip.decompress((tmp_path / "search" / "meta.json.gz").read_bytes()))
    assert {key: meta[key] for key in declaration()} == declaration()
    doc = json.loads(gzip.decompress((tmp_path / "search" / "doc" / "0.json.gz").read_bytes()))
    assert len(doc) == len(DOC_FIELDS)
    assert doc[meta["doc"]["title"]].startswith("Trump Says") and doc[meta["doc"]["date"]] == "2025-08-06"
    assert "Steve Witkoff" in doc[meta["facets"]["person"]]


def test_only_the_index_modules_import_whoosh():
    importing = sorted(
        path.relative_to(REPO).as_posix()
        for path in (REPO / "newsarchive").rglob("*.py")
        if re.search(r"^\s*(import whoosh|from whoosh)", path.read_text(encoding="utf-8"), re.MULTILINE)
    )
    assert importing == ["newsarchive/search/index.py", "newsarchive/search/segments.py"]


def test_the_browser_hard_codes_no_position():
    script = (REPO / "theme" / "static" / "js" / "search.js").read_text(encoding="utf-8")
    assert not re.search(r"\bd\[\d\]", script) and '["person", 4]' not in script
