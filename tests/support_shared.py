"""The shared data sets beside the project (../shared): CI has them; a missing one fails there."""

from __future__ import annotations

import gzip
import json
import os

import pytest

from tests.support import REPO

EXTRACTION_BENCHMARK = REPO.parent / "shared" / "extraction-benchmark"


def benchmark_page(page_id: str) -> tuple[str, bytes]:
    """(url, html bytes) of one page of the extraction benchmark."""
    if not EXTRACTION_BENCHMARK.is_dir():
        if os.environ.get("CI"):
            raise RuntimeError(f"{EXTRACTION_BENCHMARK} is missing; CI has ../shared beside the clone")
        pytest.skip("../shared/extraction-benchmark is not beside this checkout")
    truth = json.loads((EXTRACTION_BENCHMARK / "ground-truth.json").read_text(encoding="utf-8"))
    return truth[page_id]["url"], gzip.decompress((EXTRACTION_BENCHMARK / "html" / f"{page_id}.html.gz").read_bytes())
