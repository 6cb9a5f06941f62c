"""WARC in and out: the raw store as WARC 1.1 records, and other archivers' WARC and WACZ files as captures.

Export writes, for each capture: a fetched page as a ``request`` and a ``response``
record (its status and the headers we kept: content type, ETag, Last-Modified), a
page or copy dropped in by hand as a ``resource`` record, and before each a
``metadata`` record (``application/json``) holding the capture's sidecar and its
path in the store, so that importing our own WARC restores every capture as it was.
Replay tools read the responses; warcio writes their digests.

Import reads ``.warc``, ``.warc.gz`` and ``.wacz`` files (Webrecorder, Browsertrix,
``wget --warc-file``, ArchiveBox, ours): each ``response`` (status 200) or
``resource`` record that is an HTML page becomes a capture with its provenance (URL,
time, status, headers); other records (requests, redirects, images, scripts, revisits)
are skipped. Nothing in the store is ever overwritten: identical bytes are kept once,
and a capture whose path is taken by other bytes goes beside it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
import urllib.parse
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsarchive.captures import (
    CAPTURE_SUFFIXES,
    HTML_SUFFIXES,
    CaptureError,
    CaptureIndex,
    iter_capture_paths,
    load_capture,
    provenance_from,
    sha256_of,
    sidecar_fields,
    store_lock,
    write_provenance,
)
from newsarchive.errors import NewsarchiveError
from newsarchive.fetch import rel_canonical
from newsarchive.fetch.urls import UrlError, canonical_url
from newsarchive.files import atomic_write_bytes
from newsarchive.progress import progress_over
from newsarchive.records import Capture, Provenance

METADATA_TYPE = "application/json; profile=newsarchive-capture"
"""The content type of our metadata records: a capture's sidecar and path in the store."""
PAGE_TYPES = {"text/html": ".html", "application/xhtml+xml": ".html"}
_STATUS_TEXT = {200: "OK", 203: "Non-Authoritative Information"}


class WarcError(NewsarchiveError):
    """A WARC or WACZ file that cannot be read or written; the message names it."""


@dataclass(frozen=True)
class WarcExport:
    path: Path
    captures: int
    records: int
    bytes: int


@dataclass(frozen=True)
class WarcImport:
    new: tuple[Path, ...] = ()
    already: int = 0  # captures whose bytes the store holds already
    skipped: int = 0  # answers that are not HTML pages (images, scripts, redirects, errors, revisits)

    def summary(self) -> str:
        return f"{len(self.new)} new captures, {self.already} already in the archive, {self.skipped} skipped (not HTML pages)"


# ---------------------------------------------------------------- out


def export_warc(captures_dir: Path, out: Path) -> WarcExport:
    """Write every capture in the store to the WARC file ``out`` (gzipped per record when it ends in .gz)."""
    paths = list(iter_capture_paths(captures_dir))
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=out.name.endswith(".gz"), warc_version="1.1")
    records = 0
    for path in progress_over(paths, "Writing WARC records"):
        try:
            capture = load_capture(path)
        except CaptureError as error:
            raise WarcError(str(error)) from None
        records += _write_capture(writer, capture, path.relative_to(captures_dir).as_posix())
    data = buffer.getvalue()
    atomic_write_bytes(out, data)
    return WarcExport(out, len(paths), records, len(data))


def _write_capture(writer: WARCWriter, capture: Capture, stored_as: str) -> int:
    p = capture.provenance
    url = p.final_url or p.requested_url or p.given_url or f"urn:newsarchive:capture:{urllib.parse.quote(stored_as)}"
    when = _warc_date(p.captured_at)
    content_type = p.content_type or (
        "text/html; charset=utf-8" if capture.path.suffix.lower() in HTML_SUFFIXES else "text/plain; charset=utf-8"
    )
    if p.http_status:
        headers = [("Content-Type", content_type), ("Content-Length", str(len(capture.data)))]
        headers += [(name, value) for name, value in (("ETag", p.etag), ("Last-Modified", p.last_modified)) if value]
        status = f"{p.http_status} {_STATUS_TEXT.get(p.http_status, 'OK')}"
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(capture.data),
            length=len(capture.data),  # (with a length warcio needs no temporary file)
            http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": when},
        )
    else:
        record = writer.create_warc_record(
            url,
            "resource",
            payload=io.BytesIO(capture.data),
            length=len(capture.data),
            warc_content_type=content_type,
            warc_headers_dict={"WARC-Date": when},
        )
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    sidecar = json.dumps({"path": stored_as, "provenance": sidecar_fields(p)}, ensure_ascii=False, sort_keys=True).encode("utf-8")
    writer.write_record(
        writer.create_warc_record(
            url,
            "metadata",
            payload=io.BytesIO(sidecar),
            length=len(sidecar),
            warc_content_type=METADATA_TYPE,
            warc_headers_dict={"WARC-Date": when, "WARC-Refers-To": record_id},
        )
    )
    written = 2
    if p.http_status and url.startswith(("http://", "https://")):
        parts = urllib.parse.urlsplit(url)
        target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        request = writer.create_warc_record(
            url,
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=StatusAndHeaders(f"GET {target} HTTP/1.1", [("Host", parts.netloc)], is_http_request=True),
            warc_headers_dict={"WARC-Date": when, "WARC-Concurrent-To": record_id},
        )
        writer.write_record(request)
        written += 1
    writer.write_record(record)
    return written


def _warc_date(stamp: str | None) -> str:
    if not stamp:
        return "1970-01-01T00:00:00Z"
    try:
        when = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return "1970-01-01T00:00:00Z"
    when = when.astimezone(dt.UTC) if when.tzinfo else when
    return when.replace(tzinfo=None, microsecond=0).isoformat() + "Z"


# ---------------------------------------------------------------- in


def import_archives(paths: list[Path], captures_dir: Path) -> WarcImport:
    """Ingest WARC and WACZ files into the store as captures with their provenance."""
    new: list[Path] = []
    already = skipped = 0
    with store_lock(captures_dir):
        index = CaptureIndex(captures_dir)
        for path in paths:
            for outcome in progress_over(list(_captures_in(path)), f"Importing {path.name}"):
                if outcome is None:
                    skipped += 1
                    continue
                stored, is_new = _store(outcome, captures_dir, index) or (None, False)
                if stored is None:
                    skipped += 1
                elif is_new:
                    new.append(stored)
                else:
                    already += 1
    return WarcImport(tuple(new), already, skipped)


@dataclass(frozen=True)
class _Found:
    data: bytes
    provenance: Provenance
    suffix: str
    stored_as: str | None  # the path a newsarchive export gave it in its store


def _captures_in(path: Path) -> Iterator[_Found | None]:
    """Each page in a WARC or WACZ file as a capture to store; None for each record that is not one."""
    if not path.is_file():
        raise WarcError(f"{path}: no such file")
    try:
        if path.suffix.lower() == ".wacz":
            with zipfile.ZipFile(path) as wacz:
                members = sorted(n for n in wacz.namelist() if re.search(r"(^|/)archive/[^/]+\.warc(\.gz)?$", n))
                if not members:
                    raise WarcError(f"{path}: a WACZ file with no archive/*.warc(.gz) in it")
                for member in members:
                    with wacz.open(member) as stream:
                        yield from _records(stream, f"{path}:{member}")
        else:
            with open(path, "rb") as stream:
                yield from _records(stream, str(path))
    except (ArchiveLoadFailed, zipfile.BadZipFile, OSError, EOFError) as error:
        raise WarcError(f"{path}: not a readable WARC or WACZ file ({error})") from None


def _records(stream, where: str) -> Iterator[_Found | None]:
    sidecars: dict[str, dict] = {}  # our metadata records, by the record they describe
    for record in ArchiveIterator(stream):
        kind = record.rec_type
        if kind == "metadata" and (record.rec_headers.get_header("Content-Type") or "").startswith(METADATA_TYPE.split(";")[0]):
            refers = record.rec_headers.get_header("WARC-Refers-To")
            try:
                sidecars[refers] = json.loads(record.content_stream().read())
            except (json.JSONDecodeError, UnicodeDecodeError):
                raise WarcError(f"{where}: a newsarchive metadata record that is not JSON") from None
            continue
        if kind == "revisit":
            yield None  # "the same as before": no page of its own
        if kind not in ("response", "resource"):
            continue  # requests, warcinfo, others' metadata: nothing a reader reads
        ours = sidecars.pop(record.rec_headers.get_header("WARC-Record-ID"), None)
        found = _page(record, ours, where)
        yield found


def _page(record, ours: dict | None, where: str) -> _Found | None:
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = int(record.http_headers.get_statuscode() or 0)
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        status = None
        content_type = record.rec_headers.get_header("Content-Type") or ""
    media = content_type.split(";")[0].strip().lower()
    data = record.content_stream().read()
    if ours is not None:  # a capture of ours: its sidecar and place as they were
        provenance = provenance_from(ours.get("provenance", {}), f"{where}: metadata of {url}")
        suffix = Path(ours.get("path", "")).suffix.lower() or PAGE_TYPES.get(media, ".txt")
        return _Found(data, dataclasses.replace(provenance, sha256=None), suffix, ours.get("path"))
    if media not in PAGE_TYPES or (status is not None and status != 200) or not url.startswith(("http://", "https://")):
        return None
    headers = record.http_headers
    provenance = Provenance(
        requested_url=url,
        final_url=url,
        fetched_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
        http_status=status,
        content_type=content_type or None,
        declared_encoding=content_type.partition("charset=")[2].strip(" \"';") or None,
        etag=headers.get_header("ETag") if headers else None,
        last_modified=headers.get_header("Last-Modified") if headers else None,
    )
    return _Found(data, provenance, PAGE_TYPES[media], None)


def _store(found: _Found, captures_dir: Path, index: CaptureIndex) -> tuple[Path, bool] | None:
    """Keep a found page in the store: where our export had it, else as a fetched page of its URL.
    Returns its path and whether it is new; None for a page whose address no fetch could have had."""
    provenance = found.provenance
    if found.stored_as:
        target = captures_dir / found.stored_as
        if not target.resolve().is_relative_to(captures_dir.resolve()) or target.suffix.lower() not in CAPTURE_SUFFIXES:
            raise WarcError(f"{found.stored_as}: not a capture's path in the store (a .html or .txt file under captures/)")
        if target.exists():
            if target.read_bytes() == found.data:
                return target, False
            target = target.with_name(f"{target.stem}-{sha256_of(found.data)[:8]}{target.suffix}")
            if target.exists():
                return target, False
        write_provenance(target, dataclasses.replace(provenance, sha256=sha256_of(found.data)))
        atomic_write_bytes(target, found.data)
        if provenance.url_key:
            index.add(target, dataclasses.replace(provenance, sha256=sha256_of(found.data)))
        return target, True
    try:
        key = canonical_url(provenance.final_url or "")
    except UrlError:
        return None
    page_key = rel_canonical(found.data, provenance.final_url) if found.suffix == ".html" else None
    url_key = index.key_for(key, page_key) or page_key or key
    return index.store(found.data, dataclasses.replace(provenance, url_key=url_key), found.suffix)
