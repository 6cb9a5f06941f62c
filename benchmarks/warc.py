"""Benchmark: WARC export and import of 1,000 captures (the issue's target: each under 10 s).

Makes a store of 1,000 fetched captures (the Polygraph fixture page, 1,000 URLs, each
page a little different), writes it as one .warc.gz with `newsarchive.warc.export_warc`,
and imports that file into an empty store with `import_archives`; then checks that
every capture came back byte for byte. Prints a table.

Run with `invoke bench-warc`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsarchive.captures import CaptureIndex, iter_capture_paths  # noqa: E402
from newsarchive.records import Provenance  # noqa: E402
from newsarchive.warc import export_warc, import_archives  # noqa: E402

CAPTURES = 1_000
PAGE = (ROOT / "tests" / "fixtures" / "polygraph-fact-check-al-tanf.html").read_bytes()


def make_store(captures_dir: Path) -> None:
    index = CaptureIndex(captures_dir)
    for n in range(CAPTURES):
        url = f"https://news.example/2019/11/article-{n:04d}.html"
        provenance = Provenance(
            requested_url=url,
            final_url=url,
            fetched_at=f"2019-11-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:00Z",
            http_status=200,
            content_type="text/html; charset=utf-8",
            etag=f'"{n}"',
            url_key=url,
        )
        index.store(PAGE.replace(b"</body>", f"<!-- {n} --></body>".encode()), provenance, ".html")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        store, empty, warc = folder / "captures", folder / "imported", folder / "all.warc.gz"
        make_store(store)
        started = time.perf_counter()
        exported = export_warc(store, warc)
        export_seconds = time.perf_counter() - started
        started = time.perf_counter()
        imported = import_archives([warc], empty)
        import_seconds = time.perf_counter() - started
        originals = sorted(p.read_bytes() for p in iter_capture_paths(store))
        copies = sorted(p.read_bytes() for p in iter_capture_paths(empty))
        print(f"WARC export and import: {CAPTURES:,} captures of {len(PAGE) / 1000:.0f} KB, one process\n")
        print(f"{'step':<10} {'seconds':>8} {'captures/s':>11}  result")
        print(f"{'-' * 10} {'-' * 8} {'-' * 11}  {'-' * 40}")
        print(
            f"{'export':<10} {export_seconds:>8.2f} {CAPTURES / export_seconds:>11.0f}  {exported.records:,} records, {exported.bytes / 1e6:.1f} MB gzipped"
        )
        print(f"{'import':<10} {import_seconds:>8.2f} {CAPTURES / import_seconds:>11.0f}  {imported.summary()}")
        print(f"\nEvery capture back byte for byte: {originals == copies} ({len(copies):,} of {len(originals):,})")


if __name__ == "__main__":
    main()
